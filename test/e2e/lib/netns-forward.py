#!/usr/bin/env python3
"""netns-forward.py PID PORT TARGET_PORT: a TCP relay from this network namespace into a container's.

Listens on 127.0.0.1:PORT here and, for each connection, connects to 127.0.0.1:TARGET_PORT inside the network
namespace of process PID (a container's PID 1), then copies bytes both ways. Loopback only on both sides: the
container keeps its private network and nothing else is reached. Prints "listening" once bound (container.sh
waits for it). Used by `container.sh run --forward-tcp` so that ssh from the host reaches a container's sshd.
"""
import ctypes
import os
import selectors
import signal
import socket
import sys

CLONE_NEWNET = 0x40000000


def relay(a: socket.socket, b: socket.socket) -> None:
    sel = selectors.DefaultSelector()
    sel.register(a, selectors.EVENT_READ, b)
    sel.register(b, selectors.EVENT_READ, a)
    open_ends = 2
    while open_ends:
        for key, _ in sel.select():
            src, dst = key.fileobj, key.data
            try:
                data = src.recv(65536)
            except OSError:
                data = b''
            if data:
                dst.sendall(data)
            else:
                sel.unregister(src)
                try:
                    dst.shutdown(socket.SHUT_WR)
                except OSError:
                    pass
                open_ends -= 1


def main() -> None:
    pid, port, target = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    libc = ctypes.CDLL(None, use_errno=True)
    netns = os.open(f'/proc/{pid}/ns/net', os.O_RDONLY)
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    server.bind(('127.0.0.1', port))
    server.listen(32)
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # children reap themselves
    print('listening', flush=True)
    while True:
        conn, _ = server.accept()
        if os.fork() == 0:
            server.close()
            try:
                if libc.setns(netns, CLONE_NEWNET) != 0:
                    raise OSError(ctypes.get_errno(), 'setns')
                upstream = socket.create_connection(('127.0.0.1', target), timeout=10)
                upstream.settimeout(None)
                relay(conn, upstream)
            except OSError as e:
                print(f'netns-forward: {e}', file=sys.stderr)
            os._exit(0)
        conn.close()


if __name__ == '__main__':
    main()

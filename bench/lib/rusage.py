#!/usr/bin/env python3
# Runs commands for the benchmark and reports what node's child_process cannot: the child's own CPU time
# (user + sys, from wait4, to the microsecond, including the scripts it waited for) and its peak RSS.
# Protocol: one JSON request per line on stdin {cmd, args, env, cwd}; one JSON answer per line on stdout.
import json
import os
import sys
import tempfile
import time

fd, out_path = tempfile.mkstemp(prefix='bench-out-')
os.close(fd)
fd, err_path = tempfile.mkstemp(prefix='bench-err-')
os.close(fd)

def run(req):
    actions = [
        (os.POSIX_SPAWN_OPEN, 0, '/dev/null', os.O_RDONLY, 0),
        (os.POSIX_SPAWN_OPEN, 1, out_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600),
        (os.POSIX_SPAWN_OPEN, 2, err_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600),
    ]
    cwd = req.get('cwd')
    old = os.getcwd()
    if cwd:
        os.chdir(cwd)
    try:
        t0 = time.perf_counter_ns()
        pid = os.posix_spawn(req['cmd'], [req['cmd']] + req['args'], req['env'], file_actions=actions)
        _, status, ru = os.wait4(pid, 0)
        wall = (time.perf_counter_ns() - t0) / 1e6
    finally:
        os.chdir(old)
    with open(out_path, 'rb') as f:
        stdout = f.read().decode('utf-8', 'replace')
    with open(err_path, 'rb') as f:
        stderr = f.read().decode('utf-8', 'replace')
    return {
        'status': os.waitstatus_to_exitcode(status),
        'wall': wall,
        'cpu': (ru.ru_utime + ru.ru_stime) * 1000,
        'maxrssKb': ru.ru_maxrss,
        'stdout': stdout[-100000:],
        'stderr': stderr[-4000:],
    }

try:
    for line in sys.stdin:
        try:
            answer = run(json.loads(line))
        except Exception as e:  # reported to the bench, which stops
            answer = {'error': str(e)}
        sys.stdout.write(json.dumps(answer) + '\n')
        sys.stdout.flush()
finally:
    for p in (out_path, err_path):
        try:
            os.unlink(p)
        except OSError:
            pass

// Scripts get none of the caller's open files: a descriptor the tool inherited without close-on-exec
// (a caller's `7>file`, a package manager's pipe) would pass on to every script and every daemon a
// script starts. The tool's own descriptors are close-on-exec (libuv opens them so); the others are
// closed before the first script, by what /proc/self/fdinfo says. And scripts get umask 022, whatever
// the caller's was.
import { closeSync, readFileSync, readdirSync } from 'node:fs';
const O_CLOEXEC = 0o2000000;
/** Closes every inherited descriptor above stderr that is not close-on-exec; returns them. */
export function closeInheritedDescriptors() {
    let fds;
    try {
        fds = readdirSync('/proc/self/fd')
            .map(Number)
            .filter((fd) => fd > 2);
    }
    catch {
        return []; // no /proc (a bare chroot): nothing to learn
    }
    const closed = [];
    for (const fd of fds) {
        let flags;
        try {
            flags = parseInt(/^flags:\s+([0-7]+)/m.exec(readFileSync(`/proc/self/fdinfo/${fd}`, 'utf8'))?.[1] ?? '', 8);
        }
        catch {
            continue; // the directory listing's own descriptor, gone by now
        }
        if (Number.isNaN(flags) || flags & O_CLOEXEC)
            continue;
        try {
            closeSync(fd);
            closed.push(fd);
        }
        catch {
            /* already closed */
        }
    }
    return closed;
}
/** The process state scripts inherit: no stray descriptors, umask 022. */
export function prepareForScripts() {
    closeInheritedDescriptors();
    process.umask(0o022);
}

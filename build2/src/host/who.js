// Who is behind a command, for the history: the admin's login name (through sudo, su or a login shell),
// and whether `run` was started by upgrade-hook-finish@NAME.service rather than by hand.
import { readFileSync } from 'node:fs';
import { userInfo } from 'node:os';
/** SUDO_USER, else the login name of the session (what logname says: the audit login uid, which survives
 * su and sudo; read from /proc, no process spawned), else the name of the effective user, else `uid N`. */
export function invokingUser(env, euid, procRoot = '/proc', passwd = '/etc/passwd') {
    if (env.SUDO_USER && NAME.test(env.SUDO_USER))
        return env.SUDO_USER;
    const login = readLoginUid(procRoot);
    if (login !== undefined)
        return userName(login, passwd) ?? `uid ${login}`;
    let name = '';
    try {
        name = userInfo().username;
    }
    catch {
        /* no passwd entry */
    }
    return NAME.test(name) ? name : `uid ${euid}`;
}
const NAME = /^[\w.@-]{1,64}$/;
// 4294967295 (-1): no login session (a service, the package manager started by one)
function readLoginUid(procRoot) {
    try {
        const v = Number(readFileSync(`${procRoot}/self/loginuid`, 'utf8').trim());
        return Number.isInteger(v) && v >= 0 && v < 4294967295 ? v : undefined;
    }
    catch {
        return undefined;
    }
}
function userName(uid, passwd) {
    try {
        for (const line of readFileSync(passwd, 'utf8').split('\n')) {
            const f = line.split(':');
            if (f[2] === String(uid) && NAME.test(f[0] ?? ''))
                return f[0];
        }
    }
    catch {
        /* no passwd file */
    }
    return undefined;
}
/** True when this process runs in upgrade-hook-finish@NAME.service (its cgroup is named after the unit). */
export function inFinishUnit(cgroupFile = '/proc/self/cgroup') {
    try {
        return /\/upgrade-hook-finish@[^/\n]*\.service(\/|$)/m.test(readFileSync(cgroupFile, 'utf8'));
    }
    catch {
        return false;
    }
}

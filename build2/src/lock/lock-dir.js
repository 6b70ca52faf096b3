// The lock directory lives under /run/lock, which anyone may write to: make it root-only and refuse one
// that someone else planted (a link, another owner, writable by others) before writing anything in it.
import { lstatSync, mkdirSync, realpathSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { UpgradeHookError, describeSystemError } from '../errors.js';
export const DEFAULT_LOCK_DIR = '/run/lock/upgrade-hook';
export function lockDirectory(env) {
    return env.UPGRADE_HOOK_LOCK_DIR || DEFAULT_LOCK_DIR;
}
/**
 * Whether `dir` names the system's lock directory however it is spelt (a trailing slash, `//`, `.`, through
 * /var/run or another link to /run/lock): setting the variable to it must not count as a lock of one's own.
 */
export function namesDefaultLockDir(dir) {
    const abs = resolve(dir);
    if (abs === DEFAULT_LOCK_DIR)
        return true;
    if (basename(abs) !== basename(DEFAULT_LOCK_DIR))
        return false;
    try {
        return realpathSync(dirname(abs)) === realpathSync(dirname(DEFAULT_LOCK_DIR));
    }
    catch {
        return false;
    }
}
export function ensureSafeDirectory(dir, euid, mode, what) {
    try {
        mkdirSync(dirname(dir), { recursive: true, mode: 0o755 });
        mkdirSync(dir, { mode });
    }
    catch (e) {
        const code = e.code;
        if (code !== 'EEXIST')
            throw new UpgradeHookError('IO', `cannot create ${what} ${dir}: ${describeSystemError(e)}`, { cause: e });
    }
    assertSafeDirectory(dir, euid, what);
}
export function assertSafeDirectory(dir, euid, what) {
    const st = lstatSync(dir);
    const refuse = (why) => {
        throw new UpgradeHookError('UNSAFE_PATH', `refusing to use ${what} ${dir}: ${why}`, {
            hint: `someone else may have planted it; inspect it, remove it (rm -rf ${dir}) and rerun`,
        });
    };
    if (st.isSymbolicLink())
        refuse('it is a symbolic link');
    if (!st.isDirectory())
        refuse('it is not a directory');
    if (st.uid !== 0 && st.uid !== euid)
        refuse(`it is owned by uid ${st.uid}, not root`);
    if (st.mode & 0o022)
        refuse('it is writable by others');
}

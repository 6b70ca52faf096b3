// The lock directory lives under /run/lock, which anyone may write to: make it root-only and refuse one
// that someone else planted (a link, another owner, writable by others) before writing anything in it.
import { existsSync, lstatSync, mkdirSync, realpathSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { UpgradeHookError, describeSystemError } from '../errors.js';
import { untrustedOnTheWay } from '../fs/secure-path.js';

export const DEFAULT_LOCK_DIR = '/run/lock/upgrade-hook';

export function lockDirectory(env: NodeJS.ProcessEnv): string {
  return env.UPGRADE_HOOK_LOCK_DIR || DEFAULT_LOCK_DIR;
}

/**
 * Whether `dir` names the system's lock directory however it is spelt (a trailing slash, `//`, `.`, through
 * /var/run or another link to /run/lock): setting the variable to it must not count as a lock of one's own.
 */
export function namesDefaultLockDir(dir: string): boolean {
  const abs = resolve(dir);
  if (abs === DEFAULT_LOCK_DIR) return true;
  if (basename(abs) !== basename(DEFAULT_LOCK_DIR)) return false;
  try {
    return realpathSync(dirname(abs)) === realpathSync(dirname(DEFAULT_LOCK_DIR));
  } catch {
    return false;
  }
}

export function ensureSafeDirectory(dir: string, euid: number, mode: number, what: string): void {
  // the way to it first: nothing is made through a directory or link another user controls
  refuseUntrustedWay(dirname(resolve(dir)), dir, euid, what);
  try {
    mkdirSync(dirname(dir), { recursive: true, mode: 0o755 });
    mkdirSync(dir, { mode });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code !== 'EEXIST')
      throw new UpgradeHookError('IO', `cannot create ${what} ${dir}: ${describeSystemError(e)}`, { cause: e });
  }
  assertSafeDirectory(dir, euid, what);
  // the directory itself is root's; so must be the way to it, or its owner swaps it between check and use
  refuseUntrustedWay(resolve(dir), dir, euid, what);
}

function refuseUntrustedWay(way: string, dir: string, euid: number, what: string): void {
  // a parent not made yet is made by root below a directory already checked
  let existing = way;
  while (existing !== '/' && !existsSync(existing)) existing = dirname(existing);
  const bad = untrustedOnTheWay(existing, [euid]);
  if (!bad) return;
  throw new UpgradeHookError('UNSAFE_PATH', `refusing to use ${what} ${dir}: ${bad.path} ${bad.why}`, {
    hint: `root writes ${what === 'state directory' ? 'markers and the history' : 'locks'} there by name: give it a place only root can change (var_dir = in the descriptor), or fix ${bad.path}`,
  });
}

export function assertSafeDirectory(dir: string, euid: number, what: string): void {
  const st = lstatSync(dir);
  const refuse = (why: string) => {
    throw new UpgradeHookError('UNSAFE_PATH', `refusing to use ${what} ${dir}: ${why}`, {
      hint: `someone else may have planted it; inspect it, remove it (rm -rf ${dir}) and rerun`,
    });
  };
  if (st.isSymbolicLink()) refuse('it is a symbolic link');
  if (!st.isDirectory()) refuse('it is not a directory');
  if (st.uid !== 0 && st.uid !== euid) refuse(`it is owned by uid ${st.uid}, not root`);
  if (st.mode & 0o022) refuse('it is writable by others');
}

// Whether root may trust a path: every directory from / down to it owned by root (or a trusted uid) and
// writable by nobody else, as sudo and OpenSSH's safe_path check. A directory writable by its group or by
// anyone is accepted only with the sticky bit (/tmp): there others cannot rename or remove what they do
// not own, and the entry below it is checked in turn. The path must be a real path (realpath: no
// symlinks), so what is checked is exactly what a later open or exec walks through.
import { lstatSync, realpathSync, type Stats } from 'node:fs';
import { dirname } from 'node:path';

export interface PathProblem {
  path: string;
  why: string;
}

const STICKY = 0o1000;

/** What is wrong with one directory on the way, or undefined. */
export function directoryProblem(
  st: Pick<Stats, 'uid' | 'mode'> & { isDirectory(): boolean },
  trustedUids: readonly number[],
): string | undefined {
  if (!st.isDirectory()) return 'is not a directory';
  if (st.uid !== 0 && !trustedUids.includes(st.uid))
    return `is owned by uid ${st.uid}, not root, so that user can replace what root runs below it: chown root it`;
  if (st.mode & 0o022 && !(st.mode & STICKY))
    return `is writable by ${st.mode & 0o002 ? 'anyone' : 'its group'}, who can replace what root runs below it: chmod go-w it`;
  return undefined;
}

/**
 * The first directory from `/` down to `realDir` (inclusive) that another user could change, or undefined.
 * `cache` (per discovery) remembers directories already found safe.
 */
export function unsafeAncestor(
  realDir: string,
  trustedUids: readonly number[],
  cache?: Set<string>,
  lstat: (p: string) => Stats = lstatSync,
): PathProblem | undefined {
  return firstUntrusted(realDir, trustedUids, lstat, 'refuse', cache);
}

// The walk from `/` down to `dir`: each directory lstat'ed and judged; a link refused (a real path has
// none, so one is a swap) or, on a path as written, passed (the directory holding it is judged first).
function firstUntrusted(
  dir: string,
  trustedUids: readonly number[],
  lstat: (p: string) => Stats,
  links: 'refuse' | 'pass',
  cache?: Set<string>,
): PathProblem | undefined {
  const chain: string[] = [];
  for (let d = dir; ; d = dirname(d)) {
    if (cache?.has(d)) break;
    chain.push(d);
    if (d === '/' || d === '.') break;
  }
  for (const d of chain.reverse()) {
    let st: Stats;
    try {
      st = lstat(d);
    } catch (e) {
      return { path: d, why: `cannot be checked (${(e as NodeJS.ErrnoException).code})` };
    }
    if (st.isSymbolicLink() && links === 'pass') continue;
    const why = st.isSymbolicLink() ? 'became a symbolic link after it was checked' : directoryProblem(st, trustedUids);
    if (why) return { path: d, why };
    cache?.add(d);
  }
  return undefined;
}

/**
 * For a directory root writes in by name (a var dir, a lock dir): the first directory on the way to it, as
 * written or as resolved, that another user could change. A link on the way is followed when the directory
 * holding it is trusted (checked first, top-down): /var/run -> /run is fine, a link in a user's home is not.
 */
export function untrustedOnTheWay(
  dir: string,
  trustedUids: readonly number[],
  lstat: (p: string) => Stats = lstatSync,
  realpath: (p: string) => string = realpathSync,
): PathProblem | undefined {
  const asWritten = firstUntrusted(dir, trustedUids, lstat, 'pass');
  if (asWritten) return asWritten;
  let real: string;
  try {
    real = realpath(dir);
  } catch (e) {
    return { path: dir, why: `cannot be resolved (${(e as NodeJS.ErrnoException).code})` };
  }
  return real === dir ? undefined : unsafeAncestor(real, trustedUids, undefined, lstat);
}

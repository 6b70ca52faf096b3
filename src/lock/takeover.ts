// Taking over the lock of a holder that died (SIGKILL, OOM, power cut of a process tree) at once, without
// waiting out a stale period, and without ever taking it from a live one:
// - every process about to take the lock first writes a pending file, and removes it right after it has
//   written the owner file; so a lock with no matching owner file belongs to a live pending process
//   (between mkdir and owner file), or to a dead one;
// - the check and the removal happen under a short mutex (a mkdir), so two waiters never both remove.
import { lstatSync, mkdirSync, rmdirSync } from 'node:fs';
import { ownerIsAlive, pendingOwners, readOwner, unlinkIfPresent } from './owner.js';

export interface LockFiles {
  dir: string;
  product: string;
  lock: string;
  owner: string;
  takeover: string;
}

// The mutex guards a few synchronous calls (microseconds): one older than this was left by a taker killed
// inside them. Bounded, not instant: a mutex records no owner, and removing it by owner would race.
const MUTEX_STALE_MS = 500;

/** Removes the lock if its holder is provably dead; true when the caller should try to take it again. */
export function takeOverIfDead(f: LockFiles): boolean {
  const owner = readOwner(f.owner);
  if (owner && ownerIsAlive(owner)) return false;
  if (!enterMutex(f.takeover)) return false;
  try {
    let lockIno: number;
    try {
      lockIno = lstatSync(f.lock).ino;
    } catch {
      return true;
    }
    const pending = pendingOwners(f.dir, f.product);
    if (pending.some((p) => p.owner === undefined || ownerIsAlive(p.owner))) return false;
    const current = readOwner(f.owner);
    if (current && current.ino === lockIno && ownerIsAlive(current)) return false;
    try {
      rmdirSync(f.lock);
    } catch {
      /* another taker was quicker */
    }
    unlinkIfPresent(f.owner);
    for (const p of pending) unlinkIfPresent(p.path);
    return true;
  } finally {
    try {
      rmdirSync(f.takeover);
    } catch {
      /* removed as stale by another taker */
    }
  }
}

function enterMutex(path: string): boolean {
  try {
    if (Date.now() - lstatSync(path).mtimeMs > MUTEX_STALE_MS) rmdirSync(path);
  } catch {
    /* absent */
  }
  try {
    mkdirSync(path, { mode: 0o700 });
    return true;
  } catch {
    return false;
  }
}

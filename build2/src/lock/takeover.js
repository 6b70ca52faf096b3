// Taking over the lock of a holder that died (SIGKILL, OOM, power cut of a process tree) at once, without
// waiting out a stale period, and without ever taking it from a live one:
// - every process about to take the lock first writes a pending file, and removes it right after it has
//   written the owner file (which records the lock directory's inode);
// - the check and the removal happen under a short mutex (a mkdir), so two waiters never both remove.
import { lstatSync, mkdirSync, rmdirSync } from 'node:fs';
import { ownerIsAlive, pendingOwners, readOwner, unlinkIfPresent } from './owner.js';
// The mutex guards a few synchronous calls (microseconds): one older than this was left by a taker killed
// inside them. Bounded, not instant: a mutex records no owner, and removing it by owner would race.
const MUTEX_STALE_MS = 500;
/** Removes the lock if its holder is provably dead; true when the caller should try to take it again. */
export function takeOverIfDead(f) {
    if (holderMayLive(f))
        return false;
    if (!enterMutex(f.takeover))
        return false;
    try {
        if (holderMayLive(f))
            return false;
        try {
            rmdirSync(f.lock);
        }
        catch {
            /* gone already: released, or another taker was quicker */
        }
        for (const p of pendingOwners(f.dir, f.product))
            unlinkIfPresent(p.path);
        return true;
    }
    finally {
        try {
            rmdirSync(f.takeover);
        }
        catch {
            /* removed as stale by another taker */
        }
    }
}
// Every holder has, during the whole life of its lock, a live pending file (before its owner file is
// written) or a live owner file naming the lock directory's inode. The owner file is never removed (only
// replaced by the next holder), so this holds without a race; only a provably dead lock lacks both.
function holderMayLive(f) {
    let lockIno;
    try {
        lockIno = lstatSync(f.lock).ino;
    }
    catch {
        return false;
    }
    if (pendingOwners(f.dir, f.product).some((p) => p.owner === undefined || ownerIsAlive(p.owner)))
        return true;
    const owner = readOwner(f.owner);
    return owner !== undefined && owner.ino === lockIno && ownerIsAlive(owner);
}
export function enterMutex(path) {
    try {
        if (Date.now() - lstatSync(path).mtimeMs > MUTEX_STALE_MS)
            rmdirSync(path);
    }
    catch {
        /* absent */
    }
    try {
        mkdirSync(path, { mode: 0o700 });
        return true;
    }
    catch {
        return false;
    }
}

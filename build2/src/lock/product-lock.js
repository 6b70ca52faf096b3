// One lock per product (DESIGN §3): the package hook, a service start and an admin never run two upgrades
// at once. The lock is a directory made with mkdir (atomic); the owner file next to it names the holder
// (pid and start time), and takeover.ts takes over at once from one that died. There is no stale period:
// a live holder keeps the lock however long it is stopped or slow (docs/LOCKING.md).
import { lstatSync, mkdirSync, rmdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { UpgradeHookError, describeSystemError } from '../errors.js';
import { crypto } from '../lazy-builtin.js';
import { ensureSafeDirectory } from './lock-dir.js';
import { describeOwner, ownerIsAlive, processStartTime, readOwner, unlinkIfPresent, writeOwner, } from './owner.js';
import { takeOverIfDead } from './takeover.js';
export class LockAbandoned extends Error {
}
const POLL_MS = 100;
export function lockPaths(dir, product) {
    return {
        dir,
        product,
        lock: join(dir, `${product}.lock`),
        owner: join(dir, `${product}.owner`),
        takeover: join(dir, `${product}.takeover`),
        pending: join(dir, `${product}.pending.${process.pid}`),
    };
}
export async function acquireProductLock(req) {
    ensureSafeDirectory(req.dir, req.euid, 0o700, 'lock directory');
    const p = lockPaths(req.dir, req.product);
    const started = Date.now();
    const token = crypto().randomBytes(16).toString('hex');
    const me = {
        pid: process.pid,
        start: processStartTime(process.pid) ?? '',
        ino: 0,
        command: req.command,
        since: '',
        token,
    };
    let told = false;
    for (;;) {
        writeOwner(p.pending, { ...me, since: new Date().toISOString() });
        if (makeLockDirectory(p.lock, p.pending)) {
            let ino = 0;
            try {
                ino = statSync(p.lock).ino;
                writeOwner(p.owner, { ...me, ino, since: new Date().toISOString() });
            }
            catch (e) {
                // Without an owner file nobody could name or safely take over this lock: give it back.
                removeLockDirectory(p.lock);
                unlinkIfPresent(p.pending);
                throw e instanceof UpgradeHookError ? e : lockError(p.lock, e);
            }
            unlinkIfPresent(p.pending);
            return {
                token,
                // The owner file stays: only the next holder replaces it (removing it could remove the next
                // holder's, in a race). It names a lock only while its inode matches the lock directory's.
                release: async () => {
                    if (holdsLock(req.dir, req.product, token))
                        removeLockDirectory(p.lock);
                },
            };
        }
        if (takeOverIfDead(p))
            continue;
        if (req.abandon?.())
            throw new LockAbandoned('the wait for the lock is no longer needed');
        const holder = describeOwner(currentOwner(p));
        if (Date.now() - started >= req.waitMs) {
            throw new UpgradeHookError('LOCK_BUSY', `${req.product} is locked by ${holder}; gave up after ${Math.round(req.waitMs / 1000)} s`, {
                hint: `wait for it to finish (upgrade-hook status ${req.product}), then rerun`,
            });
        }
        if (!told && Date.now() - started > 1000) {
            req.onWait(holder);
            told = true;
        }
        await new Promise((r) => setTimeout(r, POLL_MS));
    }
}
// True when this call made the lock directory; false when it exists (someone holds the lock).
function makeLockDirectory(lock, pending) {
    try {
        mkdirSync(lock, { mode: 0o700 });
        return true;
    }
    catch (e) {
        unlinkIfPresent(pending);
        if (e.code === 'EEXIST')
            return false;
        throw lockError(lock, e);
    }
}
function removeLockDirectory(lock) {
    try {
        rmdirSync(lock);
    }
    catch {
        /* gone already */
    }
}
function lockError(path, e) {
    return new UpgradeHookError('LOCK_IO', `cannot take the lock ${path}: ${describeSystemError(e)}`, { cause: e });
}
/** The live holder of the lock, if any: the owner file counts only for the lock directory it names. */
export function currentOwner(p) {
    const owner = readOwner(p.owner);
    if (!owner)
        return undefined;
    try {
        return lstatSync(p.lock).ino === owner.ino && ownerIsAlive(owner) ? owner : undefined;
    }
    catch {
        return undefined;
    }
}
/** True when the caller runs under the lock of the given token (a script started by the upgrade). */
export function holdsLock(dir, product, token) {
    if (!token)
        return false;
    return currentOwner(lockPaths(dir, product))?.token === token;
}
// The holder checks this before each step: a lock removed or replaced under it (by hand, or by a
// takeover that wrongly judged it dead) means another run may be going on, and two must never both act.
export function assertStillHeld(dir, product, token, next) {
    if (holdsLock(dir, product, token))
        return;
    const p = lockPaths(dir, product);
    const now = currentOwner(p);
    const why = now ? `it is now held by ${describeOwner(now)}` : `${p.lock} was removed or replaced`;
    throw new UpgradeHookError('LOCK_LOST', `${product}: this upgrade lost its lock (${why}); stopped before ${next}, ran nothing more and left the services as they are`, {
        hint: `wait for the other upgrade to finish (upgrade-hook status ${product}), then rerun: upgrade-hook run ${product}`,
    });
}

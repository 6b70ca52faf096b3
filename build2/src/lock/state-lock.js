// Serialises every read-modify-write of one state file: `state set`/`unset` (also from an upgrade's own
// scripts, which hold no lock of their own), the runner's stamp and `stamp`. Keyed by the file's path,
// not the product, because products may share one state file. Held for milliseconds, so waiters poll.
// The lock file is created complete (link of a written temporary file) and names its holder's pid and
// start time: a dead holder's is removed at once, under a mutex, as takeover.ts does for the product lock.
import { linkSync, realpathSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { UpgradeHookError, describeSystemError } from '../errors.js';
import { crypto } from '../lazy-builtin.js';
import { ensureSafeDirectory } from './lock-dir.js';
import { describeOwner, ownerIsAlive, processStartTime, readOwner, unlinkIfPresent, writeOwnerFile, } from './owner.js';
import { enterMutex } from './takeover.js';
import { rmdirSync } from 'node:fs';
const WAIT_MS = 30_000;
const POLL_MS = 5;
export function stateLockPath(dir, stateFile) {
    const key = crypto().createHash('sha256').update(canonicalPath(stateFile)).digest('hex').slice(0, 16);
    return join(dir, `state-${key}.lock`);
}
// One file, one key, however a descriptor spells its path: through a linked directory, with `..`.
// (The state file itself is never a link: state-file.ts refuses one.)
function canonicalPath(stateFile) {
    const abs = resolve(stateFile);
    try {
        return join(realpathSync(dirname(abs)), basename(abs));
    }
    catch {
        return abs;
    }
}
export function withStateFileLock(place, stateFile, body) {
    ensureSafeDirectory(place.dir, place.euid, 0o700, 'lock directory');
    const lock = stateLockPath(place.dir, stateFile);
    const me = {
        pid: process.pid,
        start: processStartTime(process.pid) ?? '',
        ino: 0,
        command: `writing ${stateFile}`,
        since: new Date().toISOString(),
        token: crypto().randomBytes(16).toString('hex'),
    };
    const started = Date.now();
    while (!tryCreate(lock, me)) {
        removeIfDead(lock);
        if (Date.now() - started >= WAIT_MS) {
            throw new UpgradeHookError('LOCK_BUSY', `cannot change ${stateFile}: its lock ${lock} is held by ${describeOwner(readOwner(lock))}; gave up after ${WAIT_MS / 1000} s`, {
                hint: 'a writer of the state file is stopped or stuck: find it by its pid, then rerun',
            });
        }
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, POLL_MS);
    }
    try {
        return body();
    }
    finally {
        if (readOwner(lock)?.token === me.token)
            unlinkIfPresent(lock);
    }
}
// True when this call created the lock file (complete, with its owner, or not at all).
function tryCreate(lock, me) {
    const tmp = `${lock}.${process.pid}.tmp`;
    try {
        writeOwnerFile(tmp, me);
        linkSync(tmp, lock);
        return true;
    }
    catch (e) {
        if (e.code === 'EEXIST')
            return false;
        throw new UpgradeHookError('LOCK_IO', `cannot take the state file lock ${lock}: ${describeSystemError(e)}`, {
            cause: e,
        });
    }
    finally {
        unlinkIfPresent(tmp);
    }
}
function removeIfDead(lock) {
    const seen = readOwner(lock);
    if (seen === undefined || ownerIsAlive(seen))
        return;
    const mutex = `${lock}.takeover`;
    if (!enterMutex(mutex))
        return;
    try {
        // still the same dead holder's file: nobody can create another while it exists
        if (readOwner(lock)?.token === seen.token)
            unlinkIfPresent(lock);
    }
    finally {
        try {
            rmdirSync(mutex);
        }
        catch {
            /* removed as stale by another taker */
        }
    }
}

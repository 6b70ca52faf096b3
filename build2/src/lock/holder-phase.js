// How far the lock holder's upgrade has got, for the gate: once the holder starts the product's apps
// (the online phase), a gate started by those very starts must let them through at once instead of
// waiting for the lock. It counts only while its writer holds the lock (same token, holder alive).
import { join } from 'node:path';
import { currentOwner, lockPaths } from './product-lock.js';
import { readOwner, unlinkIfPresent, writeOwner } from './owner.js';
const phasePath = (dir, product) => join(dir, `${product}.phase`);
/** `script`: the script the holder runs now (the gate refuses a start from inside it), none between scripts. */
export function publishPhase(dir, product, token, phase, script) {
    // the owner file's format, with the phase in its command field: one reader, one atomic writer
    writeOwner(phasePath(dir, product), {
        pid: process.pid,
        start: '',
        ino: 0,
        command: phase,
        since: new Date().toISOString(),
        token,
        ...(script ? { script } : {}),
    });
}
/** Removes the phase file if this holder wrote it (a holder that lost its lock leaves the next one's). */
export function clearPhase(dir, product, token) {
    if (readOwner(phasePath(dir, product))?.token === token)
        unlinkIfPresent(phasePath(dir, product));
}
/** The phase of the live lock holder, or undefined when nobody holds the lock or the holder published none. */
export function holderPhase(dir, product) {
    const owner = currentOwner(lockPaths(dir, product));
    const published = readOwner(phasePath(dir, product));
    if (!owner || !published || published.token !== owner.token)
        return undefined;
    return {
        phase: published.command,
        pid: owner.pid,
        ...(published.script ? { script: published.script } : {}),
    };
}

// How far the lock holder's upgrade has got, for the gate: once the holder starts the product's apps
// (the online phase), a gate started by those very starts must let them through at once instead of
// waiting for the lock. It counts only while its writer holds the lock (same token, holder alive).
import { join } from 'node:path';
import { currentOwner, lockPaths } from './product-lock.js';
import { readOwner, unlinkIfPresent, writeOwner } from './owner.js';

export type HolderPhase = 'offline' | 'backend' | 'online';

const phasePath = (dir: string, product: string) => join(dir, `${product}.phase`);

// Written at each change of phase only: a per-script write cost a rename per script (issue 22's per-script
// cost); which script runs is told from the process tree instead (commands/gate-actions.ts).
export function publishPhase(dir: string, product: string, token: string, phase: HolderPhase): void {
  // the owner file's format, with the phase in its command field: one reader, one atomic writer
  writeOwner(phasePath(dir, product), {
    pid: process.pid,
    start: '',
    ino: 0,
    command: phase,
    since: new Date().toISOString(),
    token,
  });
}

/** Removes the phase file if this holder wrote it (a holder that lost its lock leaves the next one's). */
export function clearPhase(dir: string, product: string, token: string): void {
  if (readOwner(phasePath(dir, product))?.token === token) unlinkIfPresent(phasePath(dir, product));
}

/** The phase of the live lock holder, or undefined when nobody holds the lock or the holder published none. */
export function holderPhase(dir: string, product: string): { phase: HolderPhase; pid: number } | undefined {
  const owner = currentOwner(lockPaths(dir, product));
  const published = readOwner(phasePath(dir, product));
  if (!owner || !published || published.token !== owner.token) return undefined;
  return { phase: published.command as HolderPhase, pid: owner.pid };
}

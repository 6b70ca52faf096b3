// A package transaction about to replace a product's files (issue 20, generator seed 3019): between rpm's
// file install and the product's %posttrans the code on disk is new and the data old, and `rpm -q` still
// names the old build, so a gate asked then (an admin's restart, Restart=, a socket) found the data up to
// date and let new code start on old data. dnf's pre_transaction hooks (the dnf4 plugin, dnf5's action)
// fence the products in the transaction before rpm touches a file; the gate waits while a fence stands;
// the product's %posttrans (or the dnf's `bridge end`, or the dnf's death) lifts it.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readProcStat } from '../proc/proc-stat.js';

export interface FenceHolder {
  pid: number;
  start: string | undefined;
}

const fencePath = (lockDir: string, product: string) => join(lockDir, `fence-${product}`);

/** Written in the root-only lock directory (checked by the caller), with the holder's start time. */
export function raiseFence(lockDir: string, product: string, holder: FenceHolder): void {
  mkdirSync(lockDir, { recursive: true, mode: 0o700 });
  writeFileSync(fencePath(lockDir, product), `${holder.pid} ${holder.start ?? ''}\n`, { mode: 0o600 });
}

export function liftFence(lockDir: string, product: string): void {
  rmSync(fencePath(lockDir, product), { force: true });
}

/** The fences this holder raised, lifted (its `bridge end`). */
export function liftFencesOf(lockDir: string, pid: number, products: string[]): void {
  for (const p of products) if (fenceHolder(lockDir, p)?.pid === pid) liftFence(lockDir, p);
}

/** The live holder of the product's fence; a fence whose process is gone (dnf killed) does not stand. */
export function fenceHolder(lockDir: string, product: string): FenceHolder | undefined {
  let text: string;
  try {
    text = readFileSync(fencePath(lockDir, product), 'utf8');
  } catch {
    return undefined;
  }
  const [pidText, start] = text.trim().split(' ');
  const pid = Number(pidText);
  if (!Number.isInteger(pid) || pid <= 1) return undefined;
  const now = readProcStat(pid);
  if (now === undefined || now.state === 'Z' || (start && now.startTime !== start)) return undefined;
  return { pid, start: start || undefined };
}

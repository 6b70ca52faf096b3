// One lock per shared backend unit (issue 21): two products on one database (Katello + Pulp on the OS's
// PostgreSQL) each stop and start that database in their upgrade, so their upgrades must not overlap even
// though each holds only its own product lock. Taken after the product lock, for every backend unit of
// the product in one fixed (sorted) order, so two products sharing several backends never deadlock.
// Same files and rules as the product lock (product-lock.ts, docs/LOCKING.md), named `backend=UNIT`:
// `=` is not allowed in a product name, so no product's lock can be mistaken for a backend's.
// Takes the units by name (product/descriptor.ts backendUnits() says which a product has), as the product lock
// takes the product's name: lock/ knows no descriptor.
import { UpgradeHookError, isUpgradeHookError } from '../errors.js';
import { acquireProductLock, currentOwner, lockPaths, type HeldLock } from './product-lock.js';
import type { LockOwner } from './owner.js';

export const backendLockName = (unit: string) => `backend=${unit}`;

export interface BackendLockRequest {
  dir: string;
  euid: number;
  waitMs: number;
  command: string;
  /** Said when a wait starts, and then every ten seconds while it lasts (`progress` from the terminal). */
  onWait: (unit: string, holder: string) => void;
  progress: (unit: string, holder: string, waitedSec: number) => void;
}

/** Takes the lock of every backend unit of the product (sorted, each once); released together, in reverse order. */
export async function acquireBackendLocks(
  product: string,
  units: readonly string[],
  req: BackendLockRequest,
): Promise<HeldLock> {
  const held: HeldLock[] = [];
  const release = async () => {
    for (const l of held.reverse()) await l.release();
  };
  try {
    for (const unit of [...new Set(units)].sort()) {
      const started = Date.now();
      let ticker: NodeJS.Timeout | undefined;
      try {
        held.push(
          await acquireProductLock({
            dir: req.dir,
            product: backendLockName(unit),
            euid: req.euid,
            waitMs: req.waitMs,
            command: req.command,
            onWait: (holder) => {
              req.onWait(unit, holder);
              ticker = setInterval(() => req.progress(unit, holder, Math.round((Date.now() - started) / 1000)), 10_000);
            },
          }),
        );
      } finally {
        if (ticker) clearInterval(ticker);
      }
    }
  } catch (e) {
    await release();
    if (isUpgradeHookError(e) && e.code === 'LOCK_BUSY') {
      throw new UpgradeHookError(
        'LOCK_BUSY',
        `${product}: the shared backend ${e.message.replace(/^backend=/, '')} (another product's upgrade stops and starts it)`,
        { hint: "wait for the other product's upgrade to finish (upgrade-hook status NAME shows it), then rerun" },
      );
    }
    throw e;
  }
  return { token: held.map((l) => l.token).join(','), release };
}

/** Who holds the lock of a backend unit now (status, the gate), if anyone. */
export function backendHolder(dir: string, unit: string): LockOwner | undefined {
  return currentOwner(lockPaths(dir, backendLockName(unit)));
}

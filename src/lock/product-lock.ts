// One lock per product (DESIGN §3): the package hook, a service start and an admin never run two upgrades
// at once. proper-lockfile provides the atomic mkdir lock and its refresh; the owner file next to it
// lets a waiter name the holder, and takeover.ts take over at once from one that died.
import { lstatSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { UpgradeHookError } from '../errors.js';
import { crypto } from '../lazy-builtin.js';
import { ensureSafeDirectory } from './lock-dir.js';
import { describeOwner, ownerIsAlive, processStartTime, readOwner, unlinkIfPresent, writeOwner, type LockOwner } from './owner.js';
import { takeOverIfDead } from './takeover.js';

export interface HeldLock {
  token: string;
  release(): Promise<void>;
}

export interface LockRequest {
  dir: string;
  product: string;
  euid: number;
  waitMs: number;
  command: string;
  /** Told once when the wait starts to be noticeable. */
  onWait: (holder: string) => void;
  onCompromised: (message: string) => void;
  /** Polled while waiting: true ends the wait with LockAbandoned (the gate: the holder now lets apps start). */
  abandon?: () => boolean;
}

export class LockAbandoned extends Error {}

const POLL_MS = 100;
// The fallback when a dead holder cannot be recognised by pid (another pid namespace): mtime older than this.
const STALE_MS = 120_000;

export function lockPaths(dir: string, product: string) {
  return {
    dir, product, target: join(dir, product), lock: join(dir, `${product}.lock`), owner: join(dir, `${product}.owner`),
    takeover: join(dir, `${product}.takeover`), pending: join(dir, `${product}.pending.${process.pid}`),
  };
}

export async function acquireProductLock(req: LockRequest): Promise<HeldLock> {
  const lockfile = await import('proper-lockfile');
  ensureSafeDirectory(req.dir, req.euid, 0o700, 'lock directory');
  const p = lockPaths(req.dir, req.product);
  const started = Date.now();
  const token = crypto().randomBytes(16).toString('hex');
  const me: LockOwner = { pid: process.pid, start: processStartTime(process.pid) ?? '', ino: 0, command: req.command, since: '', token };
  let told = false;
  for (;;) {
    writeOwner(p.pending, { ...me, since: new Date().toISOString() });
    try {
      const release = await lockfile.lock(p.target, {
        lockfilePath: p.lock, realpath: false, stale: STALE_MS, retries: 0,
        onCompromised: (e: Error) => req.onCompromised(e.message),
      });
      try {
        writeOwner(p.owner, { ...me, ino: statSync(p.lock).ino, since: new Date().toISOString() });
      } catch (e) {
        // Without an owner file nobody could name or safely take over this lock: give it back.
        await release().catch(() => undefined);
        throw e;
      }
      unlinkIfPresent(p.pending);
      return {
        token,
        // The owner file stays: only the next holder replaces it (removing it could remove the next
        // holder's, in a race). It names a lock only while its inode matches the lock directory's.
        release: () => release().catch(() => undefined),
      };
    } catch (e) {
      unlinkIfPresent(p.pending);
      if (e instanceof UpgradeHookError) throw e;
      if ((e as NodeJS.ErrnoException).code !== 'ELOCKED') throw lockError(p.lock, e);
    }
    if (takeOverIfDead(p)) continue;
    if (req.abandon?.()) throw new LockAbandoned('the wait for the lock is no longer needed');
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

function lockError(path: string, e: unknown) {
  return new UpgradeHookError('LOCK_IO', `cannot take the lock ${path}: ${(e as Error).message}`, { cause: e });
}

/** The live holder of the lock, if any: the owner file counts only for the lock directory it names. */
export function currentOwner(p: { lock: string; owner: string }): LockOwner | undefined {
  const owner = readOwner(p.owner);
  if (!owner) return undefined;
  try {
    return lstatSync(p.lock).ino === owner.ino && ownerIsAlive(owner) ? owner : undefined;
  } catch {
    return undefined;
  }
}

/** True when the caller runs under the lock of the given token (a script started by the upgrade). */
export function holdsLock(dir: string, product: string, token: string | undefined): boolean {
  if (!token) return false;
  return currentOwner(lockPaths(dir, product))?.token === token;
}

// One lock per product (DESIGN §3): the package hook, a service start and an admin never run two upgrades
// at once. proper-lockfile provides the atomic mkdir lock and its refresh; the owner file next to it
// lets a waiter name the holder and take over at once from one that died.
import { randomBytes } from 'node:crypto';
import { lstatSync, mkdirSync, rmdirSync, statSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { UpgradeHookError } from '../errors.js';
import { writeFileAtomic } from '../state/atomic-file.js';
import { ensureSafeDirectory } from './lock-dir.js';
import { describeOwner, ownerIsAlive, processStartTime, readOwner, type LockOwner } from './owner.js';

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
}

const POLL_MS = 100;
// The fallback when a dead owner cannot be recognised by pid (another pid namespace): mtime older than this.
const STALE_MS = 120_000;
const TAKEOVER_STALE_MS = 10_000;
const ORPHAN_MS = 5_000;

export function lockPaths(dir: string, product: string) {
  return { target: join(dir, product), lock: join(dir, `${product}.lock`), owner: join(dir, `${product}.owner`), takeover: join(dir, `${product}.takeover`) };
}

export async function acquireProductLock(req: LockRequest): Promise<HeldLock> {
  const lockfile = await import('proper-lockfile');
  ensureSafeDirectory(req.dir, req.euid, 0o700, 'lock directory');
  const p = lockPaths(req.dir, req.product);
  const deadline = Date.now() + req.waitMs;
  let told = false;
  for (;;) {
    try {
      const release = await lockfile.lock(p.target, {
        lockfilePath: p.lock, realpath: false, stale: STALE_MS, retries: 0,
        onCompromised: (e: Error) => req.onCompromised(e.message),
      });
      const token = randomBytes(16).toString('hex');
      const owner: LockOwner = {
        pid: process.pid, start: processStartTime(process.pid) ?? '', ino: statSync(p.lock).ino,
        command: req.command, since: new Date().toISOString(), token,
      };
      writeFileAtomic(p.owner, `${JSON.stringify(owner)}\n`, { mode: 0o600 });
      return {
        token,
        release: async () => {
          unlinkIfPresent(p.owner);
          await release();
        },
      };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ELOCKED') throw lockError(p.lock, e);
    }
    const owner = readOwner(p.owner);
    if (takeOverIfDead(p, owner)) continue;
    if (Date.now() >= deadline) {
      throw new UpgradeHookError('LOCK_BUSY', `${req.product} is locked by ${describeOwner(owner)}; gave up after ${Math.round(req.waitMs / 1000)} s`, {
        hint: `wait for it to finish (upgrade-hook status ${req.product}), then rerun`,
      });
    }
    if (!told && Date.now() + req.waitMs - deadline > 1000) {
      req.onWait(describeOwner(owner));
      told = true;
    }
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
}

// Removes the lock of an owner that is provably dead. A short mkdir mutex makes the check-then-remove
// atomic among waiters; the owner file goes with the lock, so a later holder is never mistaken for it.
function takeOverIfDead(p: ReturnType<typeof lockPaths>, owner: LockOwner | undefined): boolean {
  if (owner && ownerIsAlive(owner)) return false;
  if (!enterMutex(p.takeover)) return false;
  try {
    const current = readOwner(p.owner);
    let lock;
    try {
      lock = lstatSync(p.lock);
    } catch {
      return true;
    }
    // A holder writes its owner file right after taking the lock: one missing for long died in between.
    const orphaned = !current && Date.now() - lock.mtimeMs > ORPHAN_MS;
    if (!orphaned && (!current || current.ino !== lock.ino || ownerIsAlive(current))) return false;
    rmdirSync(p.lock);
    unlinkIfPresent(p.owner);
    return true;
  } finally {
    rmdirSync(p.takeover);
  }
}

function enterMutex(path: string): boolean {
  try {
    if (Date.now() - lstatSync(path).mtimeMs > TAKEOVER_STALE_MS) rmdirSync(path);
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

function unlinkIfPresent(path: string) {
  try {
    unlinkSync(path);
  } catch {
    /* gone already */
  }
}

function lockError(path: string, e: unknown) {
  return new UpgradeHookError('LOCK_IO', `cannot take the lock ${path}: ${(e as Error).message}`, { cause: e });
}

/** True when the caller runs under the lock of the given token (a script started by the upgrade). */
export function holdsLock(dir: string, product: string, token: string | undefined): boolean {
  if (!token) return false;
  const owner = readOwner(lockPaths(dir, product).owner);
  return owner !== undefined && owner.token === token && ownerIsAlive(owner);
}

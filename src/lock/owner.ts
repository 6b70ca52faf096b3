// Who holds a product lock: written next to the lock so a waiter can say who it waits for, and so a lock
// whose owner died (SIGKILL, OOM) is taken over at once instead of after a long stale period.
// These files live on /run (tmpfs): they are written atomically but never fsynced.
import { readProcStat } from '../proc/proc-stat.js';
import { advice } from '../state/atomic-file.js';
import { closeSync, constants, openSync, readFileSync, readdirSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { UpgradeHookError, describeSystemError } from '../errors.js';

export interface LockOwner {
  pid: number;
  /** The process's start time in clock ticks (/proc/PID/stat field 22): tells a reused pid apart. */
  start: string;
  /** Inode of the lock directory this owner created (0 in a pending file, before the lock is taken). */
  ino: number;
  command: string;
  since: string;
  token: string;
}

export function readOwner(path: string): LockOwner | undefined {
  try {
    const o = JSON.parse(readFileSync(path, 'utf8')) as LockOwner;
    return typeof o.pid === 'number' ? o : undefined;
  } catch {
    return undefined;
  }
}

/** Writes an owner record to a new private file (never through a link): the step before a rename or a link. */
export function writeOwnerFile(path: string, owner: LockOwner): void {
  const fd = openSync(path, constants.O_WRONLY | constants.O_CREAT | constants.O_TRUNC | constants.O_NOFOLLOW, 0o600);
  try {
    writeSync(fd, `${JSON.stringify(owner)}\n`);
  } finally {
    closeSync(fd);
  }
}

export function writeOwner(path: string, owner: LockOwner): void {
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  try {
    writeOwnerFile(tmp, owner);
    renameSync(tmp, path);
  } catch (e) {
    unlinkIfPresent(tmp);
    throw new UpgradeHookError(
      'LOCK_IO',
      `cannot write the lock file ${path}: ${describeSystemError(e)}; ${advice(e)}`,
    );
  }
}

export function unlinkIfPresent(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    /* gone already */
  }
}

/** Pending files (`NAME.pending.PID`): written by each process about to take the lock, removed right after. */
export function pendingOwners(dir: string, product: string): Array<{ path: string; owner: LockOwner | undefined }> {
  const prefix = `${product}.pending.`;
  return readdirSync(dir)
    .filter((e) => e.startsWith(prefix))
    .map((e) => ({ path: join(dir, e), owner: readOwner(join(dir, e)) }));
}

export function processStartTime(pid: number): string | undefined {
  return readProcStat(pid)?.startTime;
}

/** Alive unless we can see that it is not: no /proc entry, or a different process under the same pid. */
export function ownerIsAlive(owner: LockOwner): boolean {
  try {
    process.kill(owner.pid, 0);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ESRCH') return false;
  }
  const start = processStartTime(owner.pid);
  if (start === undefined) return true;
  return start === owner.start;
}

export function describeOwner(o: LockOwner | undefined): string {
  if (!o) return 'another upgrade-hook process (starting up)';
  return `pid ${o.pid} (${o.command}) since ${o.since}`;
}

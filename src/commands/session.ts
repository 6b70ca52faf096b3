// What a command that changes things needs around it: the product lock and the product's log file.
import { openProductLog, type ProductLog } from '../log/product-log.js';
import { acquireProductLock, type HeldLock } from '../lock/product-lock.js';
import { lockDirectory } from '../lock/lock-dir.js';
import { backendUnits, type Descriptor } from '../product/descriptor.js';
import type { CommandContext } from '../command.js';

export const DEFAULT_LOCK_WAIT_SEC = 60;

/** `abandon`: polled while waiting; when it says so, the wait ends with LockAbandoned. */
export async function withLock<T>(
  ctx: CommandContext,
  d: Descriptor,
  defaultWaitSec: number,
  body: (lock: HeldLock) => Promise<T>,
  abandon?: () => boolean,
): Promise<T> {
  const lock = await acquireProductLock({
    abandon,
    dir: lockDirectory(ctx.env),
    product: d.name,
    euid: ctx.euid,
    waitMs: (ctx.options.wait ?? defaultWaitSec) * 1000,
    command: ctx.commandLine.slice(0, 200),
    onWait: (holder) => ctx.terminal.say(`${d.name}: waiting for the lock held by ${holder}`),
  });
  try {
    return await body(lock);
  } finally {
    await lock.release();
  }
}

/** Under the product lock, for a command that stops and starts the backends (upgrade, backup, rollback):
 * the lock of every backend unit too, so two products sharing one never act on it at once (issue 21). */
export async function withBackendLocks<T>(
  ctx: CommandContext,
  d: Descriptor,
  defaultWaitSec: number,
  body: () => Promise<T>,
): Promise<T> {
  // only commands that stop services get here: the no-op path of gate and check does not load it
  const { acquireBackendLocks } = await import('../lock/backend-lock.js');
  const locks = await acquireBackendLocks(d.name, backendUnits(d), {
    dir: lockDirectory(ctx.env),
    euid: ctx.euid,
    waitMs: (ctx.options.wait ?? defaultWaitSec) * 1000,
    command: ctx.commandLine.slice(0, 200),
    onWait: (unit, holder) =>
      ctx.terminal.say(`${d.name}: waiting for the shared backend ${unit}: its lock is held by ${holder}`),
    progress: (unit, holder, sec) =>
      ctx.terminal.say(`${d.name}: still waiting for the shared backend ${unit} (${sec} s; held by ${holder})`),
  });
  try {
    return await body();
  } finally {
    await locks.release();
  }
}

export function productLogFor(ctx: CommandContext, d: Descriptor): Promise<ProductLog> {
  return openProductLog(ctx.options.logFile ?? d.logFile, d.name, (m) => ctx.terminal.warn(m));
}

// What a command that changes things needs around it: the product lock and the product's log file.
import { openProductLog, type ProductLog } from '../log/product-log.js';
import { acquireProductLock, type HeldLock } from '../lock/product-lock.js';
import { lockDirectory } from '../lock/lock-dir.js';
import type { Descriptor } from '../product/descriptor.js';
import type { CommandContext } from './command.js';

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

export function productLogFor(ctx: CommandContext, d: Descriptor): Promise<ProductLog> {
  return openProductLog(ctx.options.logFile ?? d.logFile, d.name, (m) => ctx.terminal.warn(m));
}

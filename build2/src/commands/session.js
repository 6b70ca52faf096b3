// What a command that changes things needs around it: the product lock and the product's log file.
import { openProductLog } from '../log/product-log.js';
import { acquireProductLock } from '../lock/product-lock.js';
import { lockDirectory } from '../lock/lock-dir.js';
import { acquireBackendLocks } from '../lock/backend-lock.js';
export const DEFAULT_LOCK_WAIT_SEC = 60;
/** `abandon`: polled while waiting; when it says so, the wait ends with LockAbandoned. */
export async function withLock(ctx, d, defaultWaitSec, body, abandon) {
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
    }
    finally {
        await lock.release();
    }
}
/** Under the product lock, for a command that stops and starts the backends (upgrade, backup, rollback):
 * the lock of every backend unit too, so two products sharing one never act on it at once (issue 21). */
export async function withBackendLocks(ctx, d, defaultWaitSec, body) {
    const locks = await acquireBackendLocks(d, {
        dir: lockDirectory(ctx.env),
        euid: ctx.euid,
        waitMs: (ctx.options.wait ?? defaultWaitSec) * 1000,
        command: ctx.commandLine.slice(0, 200),
        onWait: (unit, holder) => ctx.terminal.say(`${d.name}: waiting for the shared backend ${unit}: its lock is held by ${holder}`),
        progress: (unit, holder, sec) => ctx.terminal.say(`${d.name}: still waiting for the shared backend ${unit} (${sec} s; held by ${holder})`),
    });
    try {
        return await body();
    }
    finally {
        await locks.release();
    }
}
export function productLogFor(ctx, d) {
    return openProductLog(ctx.options.logFile ?? d.logFile, d.name, (m) => ctx.terminal.warn(m));
}

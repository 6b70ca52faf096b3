// The gate while a package transaction is replacing the product's files (host/transaction-fence.ts): until
// that transaction's %posttrans of the product (or its end, or its death) the gate waits, then decides from
// the new build. A start asked for from inside that transaction (a scriptlet's systemctl restart) is not
// kept waiting: the transaction could not go on, and the wait would end only at its limit.
import type { Descriptor } from '../product/descriptor.js';
import { BRIDGE_WAIT_SEC, scriptletWaitsBelow } from '../host/bridge-process.js';
import { fenceHolder, type FenceHolder } from '../host/transaction-fence.js';
import { lockDirectory } from '../lock/lock-dir.js';
import { currentOwner, lockPaths } from '../lock/product-lock.js';
import { descendants } from '../proc/process-tree.js';
import type { CommandContext } from '../command.js';

export async function waitOutFence(ctx: CommandContext, d: Descriptor, first: FenceHolder): Promise<void> {
  if (scriptletWaitsBelow(first.pid, descendants)) {
    ctx.terminal.say(
      `${d.name}: a package scriptlet of pid ${first.pid} waits for this start: not waiting for its transaction`,
    );
    return;
  }
  ctx.terminal.say(
    `${d.name}: a package transaction (pid ${first.pid}) is replacing its files: waiting for its %posttrans before deciding (at most ${BRIDGE_WAIT_SEC} s)`,
  );
  const dir = lockDirectory(ctx.env);
  // a run holding the product's lock (%posttrans running the upgrade itself) starts the apps through this
  // gate: the usual rules for a running upgrade decide then, not the fence
  const runHolds = () => currentOwner(lockPaths(dir, d.name)) !== undefined;
  const started = Date.now();
  let told = started;
  while (fenceHolder(dir, d.name) !== undefined && !runHolds() && Date.now() - started < BRIDGE_WAIT_SEC * 1000) {
    if (Date.now() - told >= 10_000) {
      told = Date.now();
      ctx.terminal.say(
        `${d.name}: still waiting for the package transaction (${Math.round((told - started) / 1000)} s)`,
      );
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}

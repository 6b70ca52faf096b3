// The dnf bridge: dnf runs the upgrades %posttrans deferred to it once the rpm transaction is over and the
// rpm lock is released. dnf4's plugin sets UPGRADE_HOOK_BRIDGE in its own environment; dnf5's actions
// cannot, so `bridge begin` leaves a flag file named after the dnf5 process, which %posttrans looks for.
import { processStartTime } from '../lock/owner.js';
import { readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { EXIT, UpgradeHookError, type ExitStatus } from '../errors.js';
import { BRIDGE_DIR } from '../host/facts.js';
import { ensureSafeDirectory } from '../lock/lock-dir.js';
import { listProducts, loadDescriptor } from '../product/load.js';
import { bridgeRunsIt } from '../plan/entry-policy.js';
import { productRecords } from '../record/stores.js';
import type { CommandContext } from '../command.js';
import type { Descriptor } from '../product/descriptor.js';
import { readStoredState } from '../product/stored-state.js';
import { lockDirectory } from '../lock/lock-dir.js';
import { takeDeferredToBridge } from '../host/bridge-process.js';
import { liftFencesOf } from '../host/transaction-fence.js';
import { fenceProduct } from './bridge-fence.js';
import { upgradeNow } from './upgrade-now.js';

const BRIDGE_LOCK_WAIT_SEC = 600;

export async function run(ctx: CommandContext): Promise<ExitStatus> {
  const action = ctx.args[0];
  if (action === 'fence') {
    await fenceProduct(ctx, ctx.args[1], ctx.args[2]);
    return EXIT.ok;
  }
  if (ctx.args.length > 1) throw new UpgradeHookError('USAGE', `bridge ${action} takes no arguments`);
  if (action === 'begin') {
    ensureSafeDirectory('/run/upgrade-hook', ctx.euid, 0o755, 'run directory');
    ensureSafeDirectory(BRIDGE_DIR, ctx.euid, 0o755, 'bridge directory');
    // with the dnf5 process's start time: a flag it leaves behind must not count for a process that reuses its pid
    writeFileSync(
      join(BRIDGE_DIR, String(process.ppid)),
      `${new Date().toISOString()}\nstart=${processStartTime(process.ppid) ?? ''}\n`,
      { mode: 0o644 },
    );
    return EXIT.ok;
  }
  if (action !== 'end') throw new UpgradeHookError('USAGE', `unknown bridge action "${action}": use begin or end`);
  rmSync(join(BRIDGE_DIR, String(process.ppid)), { force: true });
  // what this dnf fenced: its rpm transaction is over (a product whose %posttrans did not run too)
  liftFencesOf(
    lockDirectory(ctx.env),
    process.ppid,
    listProducts(ctx.env, (dir) => readdirSync(dir)),
  );
  await runDeferred(ctx);
  return EXIT.ok;
}

async function runDeferred(ctx: CommandContext) {
  // every product this dnf's %posttrans deferred to it, even one a gate upgraded meanwhile (issue 21 item 5)
  const deferredHere = takeDeferredToBridge(lockDirectory(ctx.env), process.ppid);
  const names = listProducts(ctx.env, (dir) => readdirSync(dir));
  const reported: Descriptor[] = [];
  for (const name of names) {
    try {
      const d = loadDescriptor(name, ctx.env, (line) => ctx.terminal.warn(line));
      const marker = productRecords(d).marker.read();
      if (!bridgeRunsIt(marker)) {
        if (deferredHere.includes(name)) reported.push(d);
        continue;
      }
      reported.push(d);
      ctx.terminal.say(`${name}: running the upgrade deferred to the package manager`);
      await upgradeNow({ ...ctx, args: [name] }, d, { entry: 'bridge', waitSec: BRIDGE_LOCK_WAIT_SEC });
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      const hint = e instanceof UpgradeHookError && e.hint ? `; ${e.hint}` : `; see: upgrade-hook status ${name}`;
      ctx.terminal.error(`${message.startsWith(`${name}:`) ? message : `${name}: ${message}`}${hint}`);
    }
  }
  for (const d of reported) ctx.terminal.say(`${d.name}: after this transaction: ${finalState(d)}`);
}

// What `status` would say first, in one line: the data version, or what is still pending and why.
function finalState(d: Descriptor): string {
  const marker = productRecords(d).marker.read();
  if (marker) {
    const what = `${marker.state} (${marker.reason}): ${marker.detail}`;
    return marker.state === 'deferred' ? what : `${what}; see: upgrade-hook status ${d.name}`;
  }
  try {
    return `data at ${readStoredState(d).dataVersion ?? 'no version'}`;
  } catch (e) {
    return `cannot read its state: ${e instanceof Error ? e.message : String(e)}`;
  }
}

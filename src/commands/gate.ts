import { readFileSync } from 'node:fs';
import { EXIT, UpgradeHookError } from '../errors.js';
import { descendants } from '../proc/process-tree.js';
import { holderPhase } from '../lock/holder-phase.js';
import { lockDirectory } from '../lock/lock-dir.js';
import { fenceHolder } from '../host/transaction-fence.js';
import { LockAbandoned, currentOwner, lockPaths } from '../lock/product-lock.js';
import { entryAction, type EntryAction } from '../plan/entry-policy.js';
import { checksumIfReadable } from '../plan/checksum.js';
import type { Descriptor } from '../product/descriptor.js';
import type { Command, CommandContext } from '../command.js';
import { loadProduct, viewWithChecks } from './product-context.js';
import { productPaths } from '../record/paths.js';
import { productRecords } from '../record/stores.js';

// The gate waits as long as an upgrade another process runs may take: starting early would start new code on old data.
const GATE_LOCK_WAIT_SEC = 3600;

export const gate: Command = {
  name: 'gate',
  usage: 'gate NAME',
  summary: "for the product's service start (upgrade-hook@NAME.service): upgrade if needed, refuse on old data",
  description:
    'Exits 0 at once when the data is up to date (or the product is not configured yet), and when the upgrade another process runs has reached the phase with the apps up. When an upgrade is needed it runs the phases that need the apps down (unless auto_upgrade = no) and exits 0 so the units waiting for it start with their own ordering; upgrade-hook-finish@NAME.service then runs the online phase. The product\'s checks run first when it has any: "needs upgrade" makes the upgrade due at equal versions, "needs a manual fix" refuses the start (exit 3) with the check\'s message. A failed upgrade is not retried while neither the failed script nor the build changed: the gate refuses at once with the failure and the command to run. Refusals exit non-zero with the reason.',
  options: ['build-version', 'skip-version-check', 'wait'],
  example: 'systemctl start upgrade-hook@acme.service   # runs: upgrade-hook gate acme',
  minArgs: 1,
  maxArgs: 1,
  async run(ctx) {
    const d = loadProduct(ctx, ctx.args[0]!);
    let bridgeWaited = false;
    // a package transaction replacing the product's files: wait for its %posttrans, then decide (issue 20)
    const fence = fenceHolder(lockDirectory(ctx.env), d.name);
    if (fence) await (await import('./fence-wait.js')).waitOutFence(ctx, d, fence);
    for (;;) {
      const { action, view } = await actionNow(ctx, d);
      switch (action.kind) {
        case 'nothing':
          ctx.terminal.detail(`${d.name}: ${action.message}`);
          if (action.clearRollback)
            (await import('../backup/rollback-marker.js')).clearRollbackMarker(productRecords(d).marker, (m) =>
              ctx.terminal.say(`${d.name}: ${m}`),
            );
          return action.exit;
        case 'pass-and-finish': {
          ctx.terminal.say(`${d.name}: ${action.message}`);
          const { queueFinish } = await import('../systemd/finish-unit.js');
          const { systemctlWith } = await import('../systemd/systemctl.js');
          await queueFinish(systemctlWith(), d.name, (m) => ctx.terminal.warn(m));
          return EXIT.ok;
        }
        case 'refuse':
          await keepRefusedStarts(ctx, d);
          throw new UpgradeHookError(action.code, `${d.name}: ${action.message}`, { hint: action.hint });
        case 'needs-admin':
          ctx.terminal.error(`${d.name}: ${action.message}`);
          await keepRefusedStarts(ctx, d);
          ctx.terminal.say(`run: upgrade-hook run ${d.name}`);
          return action.exit;
        case 'defer':
          // (not an outcome before the lock; the runner decides deferrals under it)
          ctx.terminal.say(`${d.name}: ${action.message}`);
          return action.exit;
        case 'upgrade': {
          // deferred to a dnf bridge whose dnf still runs: it runs the upgrade right after (then decide again)
          if (!bridgeWaited && (await waitForTheBridge(ctx, d))) {
            bridgeWaited = true;
            continue;
          }
          ctx.terminal.say(`${d.name}: ${action.message}`);
          const { upgradeNow } = await import('./upgrade-now.js');
          const dir = lockDirectory(ctx.env);
          refuseStartFromInside(d, dir);
          try {
            // while another process holds the lock, its apps' starts come through this gate: let them pass
            const abandon = () => {
              refuseStartFromInside(d, dir);
              return holderPhase(dir, d.name)?.phase === 'online';
            };
            return await upgradeNow(ctx, d, {
              entry: 'gate',
              waitSec: GATE_LOCK_WAIT_SEC,
              build: view.build,
              checks: view.checks,
              gate: { abandon },
            });
          } catch (e) {
            if (!(e instanceof LockAbandoned)) throw e;
          }
        }
      }
    }
  },
};

// A refusal drops the starts waiting for this gate: under the lock (a run may be writing the same list), they
// are kept for the run that completes the upgrade. A lock held elsewhere means a run that restores its own.
async function keepRefusedStarts(ctx: CommandContext, d: Descriptor): Promise<void> {
  const [{ withLock }, { keepStartsTheGateRefuses }, { systemctlWith }, { fileRecords }] = await Promise.all([
    import('./session.js'),
    import('../run/refused-starts.js'),
    import('../systemd/systemctl.js'),
    import('../record/stores.js'),
  ]);
  try {
    await withLock({ ...ctx, options: { ...ctx.options, wait: 5 } }, d, 5, () =>
      keepStartsTheGateRefuses(systemctlWith(), d, fileRecords(productPaths(d)).stopped, (l) => ctx.terminal.say(l)),
    );
  } catch (e) {
    ctx.terminal.say(
      `${d.name}: the starts waiting for the gate are not kept: ${e instanceof Error ? e.message : String(e)}`,
    );
  }
}

// A script of the running upgrade that starts a gated unit (systemctl restart) waits for this gate, and
// this gate for that upgrade's lock: a deadlock until the script's timeout. systemd does not say who asked
// for the start; the holder's own process tree does: this gate, or a systemctl, running below the holder.
// An admin's start from elsewhere waits for the upgrade as before (docs/systemd.md).
function refuseStartFromInside(d: Descriptor, dir: string): void {
  const h = holderPhase(dir, d.name);
  if (!h || h.phase === 'online' || !h.script || !askedFromInside(h.pid)) return;
  throw new UpgradeHookError(
    'LOCK_BUSY',
    `${d.name}: not starting: the upgrade running as pid ${h.pid} is running ${h.script} with the apps down (${h.phase} phase); a start asked for from inside the upgrade would wait for itself`,
    {
      hint: `a script asks for restarts by writing service names to $UPGRADE_HOOK_RESTART_FILE; otherwise start the unit after the upgrade (upgrade-hook status ${d.name})`,
    },
  );
}

function askedFromInside(holder: number): boolean {
  const below = descendants(holder);
  if (below.includes(process.pid)) return true;
  return below.some((pid) => {
    try {
      return readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === 'systemctl' && mayStartUnits(pid);
    } catch {
      return false;
    }
  });
}

// A script's `systemctl is-active db` (a query) starts nothing: only a verb that starts units may be the
// start that waits for this gate (issue 21: every query of the stack's scripts refused the neighbours' gates).
function mayStartUnits(pid: number): boolean {
  let args: string[];
  try {
    args = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean).slice(1);
  } catch {
    return true;
  }
  const verb = args.find((a) => !a.startsWith('-'));
  if (verb === undefined) return false;
  if (verb === 'enable' || verb === 'reenable') return args.includes('--now');
  return /^(start|restart|try-restart|reload-or-restart|try-reload-or-restart|condrestart|force-reload|isolate|default|rescue|emergency)$/.test(
    verb,
  );
}

// Issue 21 item 5: a timer, socket or Restart= start during dnf's transaction must not run the upgrade there.
async function waitForTheBridge(ctx: CommandContext, d: Descriptor): Promise<boolean> {
  const { waitForBridge } = await import('../host/bridge-process.js');
  const dir = lockDirectory(ctx.env);
  return waitForBridge(
    d.name,
    () => productRecords(d).marker.read(),
    descendants,
    { say: (l) => ctx.terminal.say(l), progress: (l) => ctx.terminal.say(l) },
    () => currentOwner(lockPaths(dir, d.name)) !== undefined,
  );
}

async function actionNow(ctx: CommandContext, d: Descriptor) {
  const v = await viewWithChecks(ctx, d);
  // the lock holder and the failed script matter only when an upgrade is due: an up-to-date start reads neither
  const due = v.decision.kind === 'needed';
  const action: EntryAction = entryAction({
    entry: 'gate',
    underLock: false,
    product: d.name,
    logFile: d.logFile,
    decision: v.decision,
    marker: v.marker,
    buildVersion: v.build.version,
    autoUpgrade: d.autoUpgrade,
    holder: due ? holderPhase(lockDirectory(ctx.env), d.name) : undefined,
    failedScriptSumNow: due ? checksumIfReadable(v.marker?.scriptPath) : undefined,
    transactionDeferral: undefined,
    unitsBlocked: undefined,
    force: false,
  });
  return { action, view: v };
}

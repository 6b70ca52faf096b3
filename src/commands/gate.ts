// `gate NAME`, the product's service start (upgrade-hook@NAME.service): on the no-op path when the data is up
// to date, so this file holds only the decision; whatever the gate does beyond passing the start is in
// gate-actions.ts, loaded only then.
import { EXIT, UpgradeHookError, type ExitStatus } from '../errors.js';
import { holderPhase } from '../lock/holder-phase.js';
import { lockDirectory } from '../lock/lock-dir.js';
import { fenceHolder } from '../host/transaction-fence.js';
import { entryAction, entryInput, type EntryAction } from '../plan/entry-policy.js';
import { checksumIfReadable } from '../plan/checksum.js';
import type { Descriptor } from '../product/descriptor.js';
import type { CommandContext } from '../command.js';
import { loadProduct, viewWithChecks } from './product-context.js';

const actions = () => import('./gate-actions.js');

export async function run(ctx: CommandContext): Promise<ExitStatus> {
  const d = loadProduct(ctx, ctx.args[0]!);
  // set once the gate is about to wait: the starts it makes wait, kept should it be killed while it waits
  let dropWaits: (() => void) | undefined;
  try {
    return await decideAndAct(ctx, d, async () => {
      dropWaits ??= await (await actions()).keepWaitingStarts(d);
    });
  } finally {
    dropWaits?.();
  }
}

async function decideAndAct(
  ctx: CommandContext,
  d: Descriptor,
  beforeWaiting: () => Promise<void>,
): Promise<ExitStatus> {
  let bridgeWaited = false;
  // a package transaction replacing the product's files: wait for its %posttrans, then decide (issue 20)
  const fence = fenceHolder(lockDirectory(ctx.env), d.name);
  if (fence) {
    await beforeWaiting();
    await (await actions()).waitOutFence(ctx, d, fence);
  }
  for (;;) {
    const { action, view } = await actionNow(ctx, d);
    switch (action.kind) {
      case 'nothing':
        ctx.terminal.detail(`${d.name}: ${action.message}`);
        if (action.clearRollback) (await actions()).clearRollback(ctx, d);
        return action.exit;
      case 'pass-and-finish':
        ctx.terminal.say(`${d.name}: ${action.message}`);
        await (await actions()).queueFinishUnit(ctx, d);
        return EXIT.ok;
      case 'refuse':
        await (await actions()).keepRefusedStarts(ctx, d);
        throw new UpgradeHookError(action.code, `${d.name}: ${action.message}`, { hint: action.hint });
      case 'needs-admin':
        ctx.terminal.error(`${d.name}: ${action.message}`);
        await (await actions()).keepRefusedStarts(ctx, d);
        ctx.terminal.say(`run: upgrade-hook run ${d.name}`);
        return action.exit;
      case 'defer':
        // (not an outcome before the lock; the runner decides deferrals under it)
        ctx.terminal.say(`${d.name}: ${action.message}`);
        return action.exit;
      case 'upgrade': {
        const a = await actions();
        await beforeWaiting();
        // deferred to a dnf bridge whose dnf still runs: it runs the upgrade right after (then decide again)
        if (!bridgeWaited && (await a.waitForTheBridge(ctx, d))) {
          bridgeWaited = true;
          continue;
        }
        ctx.terminal.say(`${d.name}: ${action.message}`);
        const exit = await a.upgradeAtTheGate(ctx, d, view);
        if (exit !== undefined) return exit;
      }
    }
  }
}

async function actionNow(ctx: CommandContext, d: Descriptor) {
  const v = await viewWithChecks(ctx, d);
  // the lock holder and the failed script matter only when an upgrade is due: an up-to-date start reads neither
  const due = v.decision.kind === 'needed';
  const action: EntryAction = entryAction(
    entryInput(
      'gate',
      { product: d, decision: v.decision, marker: v.marker, buildVersion: v.build.version },
      due
        ? {
            holder: holderPhase(lockDirectory(ctx.env), d.name),
            failedScriptSumNow: checksumIfReadable(v.marker?.scriptPath),
          }
        : {},
    ),
  );
  return { action, view: v };
}

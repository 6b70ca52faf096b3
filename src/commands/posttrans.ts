// %posttrans: run the upgrade now when everything it needs is there, otherwise leave a marker saying why.
// It never fails the package transaction: every outcome exits 0 and is told in one line and in the log.
// On the no-op path (every package transaction): the upgrade and a deferral to dnf's bridge are in
// posttrans-actions.ts, loaded only then.
import { EXIT, isUpgradeHookError, type ExitStatus } from '../errors.js';
import { deferralReason } from '../host/deferral.js';
import { readHostFacts } from '../host/facts.js';
import type { Descriptor } from '../product/descriptor.js';
import { newMarker, type Marker } from '../record/marker.js';
import { productRecords } from '../record/stores.js';
import { entryAction, entryInput, posttransErrorMarker } from '../plan/entry-policy.js';
import { decide, decisionInputFor } from '../plan/decide.js';
import { ensureVarDir, productPaths } from '../record/paths.js';
import { lockDirectory } from '../lock/lock-dir.js';
import { liftFence } from '../host/transaction-fence.js';
import type { CommandContext } from '../command.js';
import { loadProduct, viewProduct, viewWithChecks } from './product-context.js';
import { disagreementWithDescriptor } from '../product/build-info.js';
import { productLogFor, withLock } from './session.js';

const actions = () => import('./posttrans-actions.js');

export async function run(ctx: CommandContext): Promise<ExitStatus> {
  let d: Descriptor | undefined;
  try {
    return await posttransOf(ctx, (loaded) => (d = loaded));
  } finally {
    // the package's files, the rpm database and the marker (deferred to the bridge, or the run's) say the new
    // build now: a gate waiting at the fence decides from them (lifted last: a gate let in earlier, with no
    // marker yet, would have run the upgrade inside the transaction)
    if (d) liftFence(lockDirectory(ctx.env), d.name);
  }
}

// posttrans's own work; `loaded`: the product, once its descriptor is read.
async function posttransOf(ctx: CommandContext, loaded: (d: Descriptor) => void): Promise<ExitStatus> {
  let d: Descriptor | undefined;
  try {
    d = loadProduct(ctx, ctx.args[0]!);
    loaded(d);
    // the descriptor's build_version is what the gate and check read: it decides and is stamped; the
    // macro's --build-version is only checked against it (issue: an Epoch, a VERSION file without release)
    const fromPackage = ctx.options.buildVersion;
    ctx = { ...ctx, options: { ...ctx.options, buildVersion: undefined } };
    const v = await viewWithChecks(ctx, d);
    const disagreement = fromPackage === undefined ? undefined : disagreementWithDescriptor(d, fromPackage, v.build);
    if (disagreement) {
      ctx.terminal.warn(`${d.name}: ${disagreement}`);
      (await productLogFor(ctx, d)).warn(`posttrans: ${disagreement}`);
    }
    const needs = {
      systemdUnits: d.services.some((s) => s.unit !== undefined),
      network: d.services.some((s) => s.ready?.kind === 'tcp' || s.ready?.kind === 'http'),
    };
    // the host is read only when an upgrade is due: an up-to-date product's posttrans stays cheap
    const action = entryAction(
      entryInput(
        'posttrans',
        { product: d, decision: v.decision, marker: v.marker, buildVersion: v.build.version },
        {
          transactionDeferral: v.decision.kind === 'needed' ? deferralReason(readHostFacts(ctx.env), needs) : undefined,
        },
      ),
    );
    const versions = { from: v.stored.dataVersion, to: v.build.version };
    switch (action.kind) {
      case 'upgrade': {
        await (await actions()).upgradeInPosttrans(ctx, d, v);
        return EXIT.ok;
      }
      case 'refuse': {
        // a check asks for a manual fix: no marker, the checks run again at the service's start (the gate
        // refuses it until the fix is done)
        (await productLogFor(ctx, d)).error(`posttrans: ${action.message}`);
        ctx.terminal.error(`${d.name}: ${action.message}`);
        ctx.terminal.error(action.hint);
        return EXIT.ok;
      }
      case 'defer': {
        const { bridgeProcessOf, noteDeferredToBridge, takeProductRestartMarks } = await actions();
        // the bridge restarts the product's units after the upgrade: the rpm trigger must not restart them into the gate now
        const restartAfter = action.takeRestartMarks && needs.systemdUnits ? await takeProductRestartMarks(d) : [];
        // the gate waits for this dnf's bridge, which reports the product with its final state
        const bridge = action.takeRestartMarks ? bridgeProcessOf(ctx.env) : undefined;
        await writePending(
          ctx,
          d,
          newMarker(action.marker, versions, {
            ...(restartAfter.length ? { restartAfter } : {}),
            ...(bridge ? { bridge } : {}),
          }),
        );
        if (bridge)
          try {
            noteDeferredToBridge(lockDirectory(ctx.env), bridge, d.name, ctx.euid);
          } catch (e) {
            ctx.terminal.warn(
              `${d.name}: dnf's bridge will not list it: ${e instanceof Error ? e.message : String(e)}`,
            );
          }
        break;
      }
      default:
        if ('marker' in action && action.marker) await writePending(ctx, d, newMarker(action.marker, versions));
    }
    ctx.terminal.say(`${d.name}: ${action.message}`);
    return EXIT.ok;
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    const after = d ? posttransErrorMarker(isUpgradeHookError(e) ? e.code : undefined, message) : undefined;
    if (d && after?.onlyIfNone) {
      if (!(await writePending(ctx, d, newMarker(after.marker, { from: undefined, to: undefined }), true))) {
        ctx.terminal.say(
          `${d.name}: another upgrade is running (${message}); its marker stands, and what is left runs at the next start of the service or with: upgrade-hook run ${d.name}`,
        );
        return EXIT.ok;
      }
      if (await holderFinishedTheUpgrade(ctx, d)) {
        ctx.terminal.say(`${d.name}: the upgrade that held the lock has brought the data up to date`);
        return EXIT.ok;
      }
      ctx.terminal.say(`${d.name}: upgrade deferred (lock-busy): ${message}`);
      return EXIT.ok;
    }
    if (d && after) {
      try {
        await writePending(ctx, d, newMarker(after.marker, { from: undefined, to: undefined }));
      } catch {
        /* told below */
      }
    }
    ctx.terminal.error(`${message}${isUpgradeHookError(e) && e.hint ? `; ${e.hint}` : ''}`);
    ctx.terminal.error(
      `the package transaction goes on; the service will not start on old data${d ? `; see: upgrade-hook status ${d.name}` : ''}`,
    );
  }
  return EXIT.ok;
}

/** `ifAbsent`: only when no marker exists (written without the lock); false when one did. */
async function writePending(ctx: CommandContext, d: Descriptor, m: Marker, ifAbsent = false): Promise<boolean> {
  ensureVarDir(productPaths(d).varDir, ctx.euid);
  const marker = productRecords(d).marker;
  if (ifAbsent) {
    if (!marker.writeIfAbsent(m)) return false;
  } else {
    marker.write(m);
  }
  (await productLogFor(ctx, d)).info(`posttrans: ${m.state} (${m.reason}): ${m.detail}`, { from: m.from, to: m.to });
  return true;
}

// The holder may have finished, and removed its marker, between our giving up and writing ours: look
// once more under the lock, without waiting, and take our marker back if the data is up to date now.
async function holderFinishedTheUpgrade(ctx: CommandContext, d: Descriptor): Promise<boolean> {
  try {
    return await withLock(ctx, d, 0, async () => {
      const v = viewProduct(ctx, d);
      if (
        v.marker?.reason !== 'lock-busy' ||
        decide({ ...decisionInputFor(v, ctx.options.skipVersionCheck), marker: undefined }).kind !== 'up-to-date'
      )
        return false;
      productRecords(d).marker.remove();
      return true;
    });
  } catch {
    return false;
  }
}

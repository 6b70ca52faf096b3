// `resolve`: after an admin fixed by hand what a failed step was to do, mark that step done (Flyway's
// `repair`), or accept the new content of a once-script changed after it ran. Recorded in the history with
// the reason, the time and the admin; the next gate or run continues the upgrade after the step.
import { EXIT, UpgradeHookError, type ExitStatus } from '../errors.js';
import type { CommandContext } from '../command.js';
import { loadProduct } from './product-context.js';
import { DEFAULT_LOCK_WAIT_SEC, productLogFor, withLock } from './session.js';
import { invokingUser } from '../host/who.js';
import { unsafeCharacter } from '../log/visible.js';
import { fileChecksum } from '../plan/checksum.js';
import { findStep } from '../plan/find-step.js';
import { resolveAction } from '../plan/resolve-policy.js';
import { resolveBuildInfo } from '../product/build-info.js';
import { queryRpmVersion } from '../product/rpm-query.js';
import { newMarker, previousOf } from '../record/marker.js';
import { ensureVarDir, productPaths } from '../record/paths.js';
import { productRecords } from '../record/stores.js';
import { discoverScripts } from '../script/discover.js';

export async function run(ctx: CommandContext): Promise<ExitStatus> {
  const reason = (ctx.options.reason ?? '').trim();
  if (!reason)
    throw new UpgradeHookError('USAGE', 'resolve needs --reason TEXT: what was fixed by hand, for the history', {
      hint: 'see: upgrade-hook resolve --help',
    });
  // the reason reaches every admin's terminal through status and history: one line of plain text
  const unsafe = unsafeCharacter(reason);
  if (unsafe)
    throw new UpgradeHookError('USAGE', `resolve --reason: a control character (${unsafe}) is not allowed`, {
      hint: 'give the reason as one line of plain text; nothing was recorded',
    });
  const d = loadProduct(ctx, ctx.args[0]!);
  const build = resolveBuildInfo(d, ctx.options.buildVersion, queryRpmVersion);
  const found = discoverScripts(d.scriptsDir, d.adminScriptsDir, [ctx.euid]);
  const script = findStep(ctx.args[1]!, found.scripts, d.name);
  const user = invokingUser(ctx.env, ctx.euid);
  const productLog = await productLogFor(ctx, d);
  return withLock(ctx, d, DEFAULT_LOCK_WAIT_SEC, async () => {
    const paths = productPaths(d);
    ensureVarDir(paths.varDir, ctx.euid);
    const records = productRecords(d);
    records.history.compactIfLarge({ productLog, terminal: ctx.terminal });
    const history = records.history.summary();
    const marker = records.marker.read();
    const sumNow = fileChecksum(script.path);
    const action = resolveAction({
      product: d.name,
      script,
      sumNow,
      history,
      marker,
      buildVersion: build.version,
      force: ctx.options.force,
    });
    if (action.kind === 'refuse')
      throw new UpgradeHookError('USAGE', `${d.name}: ${action.message}`, { hint: action.hint });
    const at = new Date().toISOString();
    const run = `resolve-${at.replace(/[-:.]/g, '').slice(0, 15)}-${process.pid}`;
    const writer = records.history.open();
    try {
      writer.append({
        t: 'resolve',
        run,
        at,
        script: script.name,
        kind: script.kind,
        sum: sumNow,
        fp: script.fingerprint,
        what: action.what,
        reason,
        user,
        to: action.to,
      });
    } finally {
      writer.close();
    }
    const step = `${script.kind}/${script.name}`;
    if (action.clearsFailure && marker) {
      const detail = `${step} was marked done by ${user} (${reason}); the upgrade continues after it at the next start or run`;
      records.marker.write(
        newMarker({ state: 'deferred', reason: 'resolved', detail }, marker, {
          since: at,
          previous: previousOf(marker),
          ...(marker.restartAfter ? { restartAfter: marker.restartAfter } : {}),
        }),
      );
    }
    const said =
      action.what === 'changed'
        ? `${step}: new content accepted (checksum ${action.ranSum!.slice(0, 19)}… -> ${sumNow.slice(0, 19)}…); it is not run again`
        : action.what === 'failed'
          ? `${step} marked done; the upgrade continues after it: upgrade-hook run ${d.name} (or the next start of the service)`
          : `${step} marked done (--force)${script.kind === 'once' ? '; it will not run in any later upgrade' : ` for the upgrade to ${action.to}`}`;
    productLog.warn(`resolve ${step} by ${user}: ${action.what}: ${reason}`, {
      script: script.name,
      kind: script.kind,
      what: action.what,
      user,
      reason,
    });
    ctx.terminal.say(`${d.name}: ${said}`);
    ctx.terminal.say(`recorded in the history (${run}, by ${user}): ${reason}`);
    return EXIT.ok;
  });
}

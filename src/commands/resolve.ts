// `resolve`: after an admin fixed by hand what a failed step was to do, mark that step done (Flyway's
// `repair`), or accept the new content of a once-script changed after it ran. Recorded in the history with
// the reason, the time and the admin; the next gate or run continues the upgrade after the step.
// The command table is loaded by every invocation: what resolve needs is loaded only when it runs.
import { EXIT, UpgradeHookError } from '../errors.js';
import type { Command } from '../command.js';
import { loadProduct } from './product-context.js';
import { DEFAULT_LOCK_WAIT_SEC, productLogFor, withLock } from './session.js';

export const resolve: Command = {
  name: 'resolve',
  usage: 'resolve NAME SCRIPT --reason TEXT',
  summary: "after a manual fix: mark the failed step done, or accept a changed once-script's new content",
  description:
    'For the step the last upgrade failed at (the marker names it): records it as done, with the reason, the time and the admin (SUDO_USER, the login name, or the uid), and turns the failed marker into a deferred one (reason resolved), so the next gate or run continues the upgrade after that step; an always-step counts as done for this upgrade only. For a once-script whose content changed after it ran (plan reports it): records the new checksum, so it is no longer reported. Any other step is refused (exit 2) unless --force, which marks it done (a once-script will then never run). SCRIPT is the file name (NNNN_name) or KIND/NNNN_name. The reason is one line of plain text (control characters are refused). Refused while the data is rolled back or half restored. Takes the product lock; runs nothing.',
  options: ['reason', 'force', 'build-version', 'wait'],
  example: 'upgrade-hook resolve acme 0020_fix_index --reason "index rebuilt by hand, ticket 4711"',
  minArgs: 2,
  maxArgs: 2,
  async run(ctx) {
    const reason = (ctx.options.reason ?? '').trim();
    if (!reason)
      throw new UpgradeHookError('USAGE', 'resolve needs --reason TEXT: what was fixed by hand, for the history', {
        hint: 'see: upgrade-hook resolve --help',
      });
    // the reason reaches every admin's terminal through status and history: one line of plain text
    const { unsafeCharacter } = await import('../log/visible.js');
    const unsafe = unsafeCharacter(reason);
    if (unsafe)
      throw new UpgradeHookError('USAGE', `resolve --reason: a control character (${unsafe}) is not allowed`, {
        hint: 'give the reason as one line of plain text; nothing was recorded',
      });
    const [
      { invokingUser },
      { fileChecksum },
      { discoverScripts },
      { findStep },
      { resolveAction },
      { resolveBuildInfo },
      { queryRpmVersion },
      { productRecords },
      { newMarker, previousOf },
      { ensureVarDir, productPaths },
    ] = await Promise.all([
      import('../host/who.js'),
      import('../plan/checksum.js'),
      import('../script/discover.js'),
      import('../plan/find-step.js'),
      import('../plan/resolve-policy.js'),
      import('../product/build-info.js'),
      import('../product/rpm-query.js'),
      import('../record/stores.js'),
      import('../record/marker.js'),
      import('../record/paths.js'),
    ]);
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
  },
};

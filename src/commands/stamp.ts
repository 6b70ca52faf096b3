// The installer's last step: record the data version and platform, and mark every present once-script as
// done (the baseline), so the next upgrade runs only what the new build adds.
import { EXIT, UpgradeHookError, type ExitStatus } from '../errors.js';
import { fileChecksum } from '../plan/checksum.js';
import { discoverScripts } from '../script/discover.js';
import { resolveBuildInfo } from '../product/build-info.js';
import { queryRpmVersion } from '../product/rpm-query.js';
import { writeStamp } from '../product/stored-state.js';
import { lockDirectory } from '../lock/lock-dir.js';
import { productRecords } from '../record/stores.js';
import { refusalWhileRolledBack } from '../plan/entry-policy.js';
import { compareVersions } from '../version/index.js';
import { ensureVarDir, productPaths } from '../record/paths.js';
import type { CommandContext } from '../command.js';
import { loadProduct } from './product-context.js';
import { DEFAULT_LOCK_WAIT_SEC, productLogFor, withLock } from './session.js';

export async function run(ctx: CommandContext): Promise<ExitStatus> {
  const d = loadProduct(ctx, ctx.args[0]!);
  const build = resolveBuildInfo(d, ctx.options.buildVersion, queryRpmVersion);
  const found = discoverScripts(d.scriptsDir, d.adminScriptsDir, [ctx.euid]);
  if (found.problems.length > 0) {
    throw new UpgradeHookError('SCRIPT_INVALID', found.problems.map((p) => `${p.path}: ${p.why}`).join('\n'), {
      hint: `fix the scripts, check with: upgrade-hook plan ${d.name}`,
    });
  }
  const productLog = await productLogFor(ctx, d);
  await withLock(ctx, d, DEFAULT_LOCK_WAIT_SEC, async () => {
    const paths = productPaths(d);
    const records = productRecords(d);
    // a stamp on rolled-back or half-restored data would record a version the data does not have
    const marker = records.marker.read();
    const refusal = refusalWhileRolledBack(
      d.name,
      marker,
      'stamp',
      marker?.from !== undefined && compareVersions(d.versionScheme, marker.from, build.version) === 0,
    );
    if (refusal) throw new UpgradeHookError('REFUSED', `${d.name}: ${refusal.message}`, { hint: refusal.hint });
    ensureVarDir(paths.varDir, ctx.euid);
    const history = records.history.open();
    const run = `stamp-${Date.now()}-${process.pid}`;
    try {
      const at = new Date().toISOString();
      for (const s of found.scripts.filter((x) => x.kind === 'once')) {
        history.append({
          t: 'baseline',
          run,
          at,
          script: s.name,
          sum: fileChecksum(s.path),
          version: build.version,
          fp: s.fingerprint,
        });
      }
    } finally {
      history.close();
    }
    writeStamp(d, build.version, build.platform, { dir: lockDirectory(ctx.env), euid: ctx.euid });
    records.marker.remove();
  });
  productLog.info(`stamped data version ${build.version}${build.platform ? ` on ${build.platform}` : ''}`);
  ctx.terminal.say(
    `${d.name}: data version ${build.version}${build.platform ? `, platform ${build.platform}` : ''} recorded`,
  );
  return EXIT.ok;
}

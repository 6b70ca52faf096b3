// `backup NAME`: a consistent copy of the product's data by hand (services stopped, then started again);
// `backup list NAME`: the backups kept, newest last.
import { EXIT, UpgradeHookError, type ExitStatus } from '../errors.js';
import { formatBytes } from '../backup/policy.js';
import { listBackups } from '../backup/store.js';
import { takeBackupByHand } from '../backup/manual.js';
import type { CommandContext } from '../command.js';
import { loadProduct } from './product-context.js';
import { DEFAULT_LOCK_WAIT_SEC, productLogFor, withBackendLocks, withLock } from './session.js';

export async function run(ctx: CommandContext): Promise<ExitStatus> {
  const listing = ctx.args.length === 2;
  if (listing && ctx.args[0] !== 'list') {
    throw new UpgradeHookError('USAGE', `backup takes NAME, or list NAME; got: ${ctx.args.join(' ')}`, {
      hint: 'upgrade-hook backup --help',
    });
  }
  const d = loadProduct(ctx, ctx.args[listing ? 1 : 0]!);
  if (listing) {
    const all = d.backup ? listBackups(d.backup.dir, d.name) : [];
    if (ctx.options.json) {
      ctx.print(
        JSON.stringify(
          all.map((b) => ({ ...b.manifest, path: b.path })),
          null,
          2,
        ),
      );
      return EXIT.ok;
    }
    if (!d.backup) {
      ctx.print(`${d.name}: no [backup] section in ${d.sources.join(', ')}: no backups`);
      return EXIT.ok;
    }
    if (all.length === 0) ctx.print(`${d.name}: no backups in ${d.backup.dir}`);
    for (const b of all) {
      const m = b.manifest;
      ctx.print(
        `${b.name}  data ${m.dataVersion}  ${m.createdAt}  ${formatBytes(m.sizeBytes)}  ${m.trigger === 'upgrade' ? `before the upgrade to ${m.upgradeTo}` : 'by hand'}${m.dump ? '  +dump' : ''}  ${b.path}`,
      );
    }
    return EXIT.ok;
  }
  const productLog = await productLogFor(ctx, d);
  await withLock(ctx, d, DEFAULT_LOCK_WAIT_SEC, () =>
    withBackendLocks(ctx, d, DEFAULT_LOCK_WAIT_SEC, () =>
      takeBackupByHand({ d, env: ctx.env, euid: ctx.euid, terminal: ctx.terminal, productLog }),
    ),
  );
  return EXIT.ok;
}

// `backup NAME`: a consistent copy of the product's data by hand (services stopped, then started again);
// `backup list NAME`: the backups kept, newest last.
import { EXIT } from '../errors.js';
import { formatBytes } from '../backup/policy.js';
import { listBackups } from '../backup/store.js';
import type { Command } from '../command.js';
import { loadProduct } from './product-context.js';
import { DEFAULT_LOCK_WAIT_SEC, productLogFor, withBackendLocks, withLock } from './session.js';

export const backup: Command = {
  name: 'backup',
  usage: 'backup [list] NAME',
  summary: "take a consistent backup of NAME's data now (services stopped, then started), or list the backups",
  description:
    'Takes the product lock, checks that the backup fits before stopping anything, stops the apps, runs the [backup] dump command with the backends up, stops the backends, copies the [backup] paths, the state file and the history (cp -a --reflink=auto: owner, mode, timestamps, hard links, sparse files, ACLs and xattrs kept), syncs it to disk, keeps the newest [backup] keep backups and starts again what it stopped. Refuses half-upgraded or half-restored data. Ctrl-C or SIGTERM ends it: the partial backup is discarded and what it stopped starts again (exit 1). An upgrade takes the same backup before its first script. With list, prints the backups (--json: one JSON array).',
  options: ['json', 'wait'],
  example: 'upgrade-hook backup acme\nupgrade-hook backup list acme --json',
  minArgs: 1,
  maxArgs: 2,
  async run(ctx) {
    const listing = ctx.args.length === 2;
    if (listing && ctx.args[0] !== 'list') {
      const { UpgradeHookError } = await import('../errors.js');
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
    const { takeBackupByHand } = await import('../backup/manual.js');
    await withLock(ctx, d, DEFAULT_LOCK_WAIT_SEC, () =>
      withBackendLocks(ctx, d, DEFAULT_LOCK_WAIT_SEC, () =>
        takeBackupByHand({ d, env: ctx.env, euid: ctx.euid, terminal: ctx.terminal, productLog }),
      ),
    );
    return EXIT.ok;
  },
};

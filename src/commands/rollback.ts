// `rollback NAME [BACKUP]`: put a backup's data back, then the gate waits for the package downgrade.
import { childProcess } from '../lazy-builtin.js';
import { EXIT } from '../errors.js';
import { commandEnv } from '../proc/command-env.js';
import { resolveBuildInfo } from '../product/build-info.js';
import { queryRpmVersion } from '../product/rpm-query.js';
import type { Command } from '../command.js';
import { loadProduct } from './product-context.js';
import { DEFAULT_LOCK_WAIT_SEC, productLogFor, withBackendLocks, withLock } from './session.js';

export const rollback: Command = {
  name: 'rollback',
  usage: 'rollback NAME [BACKUP]',
  summary:
    "restore NAME's data from a backup (default: the one the failed upgrade took); the gate then waits for the package downgrade",
  description:
    'Checks the space first, takes the product lock, stops every service of the product, and puts the data paths, state file and history back from the backup through a root-only directory PATH.before-rollback-ID next to each, which keeps the data replaced until the next successful upgrade (a rerun after an interruption reuses it), runs the [backup] restore command with the backends up, and leaves a marker that refuses to start the build rolled back from on the restored data. Prints the package command that completes it (dnf downgrade PACKAGE-VERSION); it never touches packages. Once the installed build matches the restored data the gate passes and the marker goes. BACKUP is a name from backup list; without it, only the backup the failed or interrupted upgrade took of the data now on disk is restored, and otherwise it refuses (exit 3), listing what each backup would lose.',
  options: ['build-version', 'wait'],
  example: 'upgrade-hook rollback acme\ndnf downgrade acme-server-1.1-1\nsystemctl start acme.target',
  minArgs: 1,
  maxArgs: 2,
  async run(ctx) {
    const d = loadProduct(ctx, ctx.args[0]!);
    const build = resolveBuildInfo(d, ctx.options.buildVersion, queryRpmVersion);
    const productLog = await productLogFor(ctx, d);
    const { rollback: restore } = await import('../backup/rollback.js');
    await withLock(ctx, d, DEFAULT_LOCK_WAIT_SEC, () =>
      withBackendLocks(ctx, d, DEFAULT_LOCK_WAIT_SEC, () =>
        restore({
          d,
          build,
          backupName: ctx.args[1],
          env: ctx.env,
          euid: ctx.euid,
          terminal: ctx.terminal,
          productLog,
          owningPackage,
        }),
      ),
    );
    return EXIT.ok;
  },
};

function owningPackage(file: string): string | undefined {
  try {
    const out = childProcess().execFileSync('rpm', ['-qf', '--qf', '%{NAME}\\n', file], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
      // the system's rpm, nothing of the caller's environment
      env: commandEnv(),
    });
    const name = out.trim().split('\n')[0];
    return name && !name.includes(' ') ? name : undefined;
  } catch {
    return undefined;
  }
}

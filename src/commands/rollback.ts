// `rollback NAME [BACKUP]`: put a backup's data back, then the gate waits for the package downgrade.
import { childProcess } from '../lazy-builtin.js';
import { EXIT } from '../errors.js';
import { commandEnv } from '../proc/command-env.js';
import { resolveBuildInfo } from '../product/build-info.js';
import { queryRpmVersion } from '../product/rpm-query.js';
import type { Command } from './command.js';
import { loadProduct } from './product-context.js';
import { DEFAULT_LOCK_WAIT_SEC, productLogFor, withLock } from './session.js';

export const rollback: Command = {
  name: 'rollback',
  usage: 'rollback NAME [BACKUP]',
  summary: "restore NAME's data from a backup (default the newest); the gate then waits for the package downgrade",
  description:
    'Takes the product lock, stops every service of the product, moves the current data paths, state file and history aside (renamed PATH.before-rollback-TIME, kept until the next successful upgrade), copies the backup back, runs the [backup] restore command with the backends up, and leaves a marker that refuses to start the build rolled back from on the restored data. Prints the package command that completes it (dnf downgrade PACKAGE-VERSION); it never touches packages. Once the installed build matches the restored data the gate passes and the marker goes. BACKUP is a name from backup list.',
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

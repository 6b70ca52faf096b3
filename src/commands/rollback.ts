// `rollback NAME [BACKUP]`: put a backup's data back, then the gate waits for the package downgrade.
import { childProcess } from '../lazy-builtin.js';
import { EXIT, type ExitStatus } from '../errors.js';
import { commandEnv } from '../proc/command-env.js';
import { resolveBuildInfo } from '../product/build-info.js';
import { queryRpmVersion } from '../product/rpm-query.js';
import type { CommandContext } from '../command.js';
import { rollback as restore } from '../backup/rollback.js';
import { loadProduct } from './product-context.js';
import { DEFAULT_LOCK_WAIT_SEC, productLogFor, withBackendLocks, withLock } from './session.js';

export async function run(ctx: CommandContext): Promise<ExitStatus> {
  const d = loadProduct(ctx, ctx.args[0]!);
  const build = resolveBuildInfo(d, ctx.options.buildVersion, queryRpmVersion);
  const productLog = await productLogFor(ctx, d);
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
}

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

import { EXIT, UpgradeHookError, type ExitStatus } from '../errors.js';
import { compareVersions, isVersionScheme, validateVersion } from '../version/index.js';
import type { CommandContext } from '../command.js';

export async function run(ctx: CommandContext): Promise<ExitStatus> {
  const scheme = ctx.options.scheme ?? 'rpm';
  if (!isVersionScheme(scheme)) throw new UpgradeHookError('USAGE', `unknown --scheme "${scheme}": use rpm or semver`);
  const [a, b] = ctx.args as [string, string];
  try {
    validateVersion(scheme, a, 'the first argument');
    validateVersion(scheme, b, 'the second argument');
  } catch (e) {
    throw new UpgradeHookError('USAGE', (e as Error).message, { hint: 'see: upgrade-hook vercmp --help', cause: e });
  }
  const order = compareVersions(scheme, a, b);
  ctx.print(order < 0 ? '<' : order > 0 ? '>' : '=');
  return EXIT.ok;
}

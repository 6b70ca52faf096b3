import { EXIT, UpgradeHookError } from '../errors.js';
import { compareVersions, isVersionScheme, validateVersion } from '../version/index.js';
import type { Command } from '../command.js';

export const vercmp: Command = {
  name: 'vercmp',
  usage: 'vercmp A B',
  summary: 'print <, = or > comparing versions A and B (rpm EVR rules, or --scheme semver)',
  description:
    'Compares two versions the way upgrade-hook does: rpm epoch:version-release like rpmvercmp (a release makes a version newer than the same version without one), or semver. Prints one character.',
  options: ['scheme'],
  example: 'upgrade-hook vercmp 1.0~rc1 1.0    # prints <',
  minArgs: 2,
  maxArgs: 2,
  async run(ctx) {
    const scheme = ctx.options.scheme ?? 'rpm';
    if (!isVersionScheme(scheme))
      throw new UpgradeHookError('USAGE', `unknown --scheme "${scheme}": use rpm or semver`);
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
  },
};

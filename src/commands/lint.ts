// `lint`: rpmlint for upgrades. Checks a product as a build root will install it, for %check through
// %upgrade_hook_check; errors fail (exit 78), warnings are printed.
import { statSync } from 'node:fs';
import { EXIT, UpgradeHookError, type ExitStatus } from '../errors.js';
import type { CommandContext } from '../command.js';
import { lintProduct } from '../lint/lint-product.js';

export async function run(ctx: CommandContext): Promise<ExitStatus> {
  const root = ctx.options.root;
  if (!root)
    throw new UpgradeHookError(
      'USAGE',
      'lint needs --root DIR (the build root, e.g. %{buildroot}; / for an installed system)',
      { hint: 'see: upgrade-hook lint --help' },
    );
  try {
    if (!statSync(root).isDirectory()) throw new Error('not a directory');
  } catch {
    throw new UpgradeHookError('USAGE', `--root ${root}: no such directory`, {
      hint: 'pass the build root, e.g. --root %{buildroot}',
    });
  }
  const [name, ...external] = ctx.args as [string, ...string[]];
  const { findings } = lintProduct({ root, name, external, trustedUids: [ctx.euid, statSync(root).uid] });
  if (ctx.options.json) {
    ctx.print(
      JSON.stringify(
        { product: name, root, errors: findings.errors, warnings: findings.warnings, findings: findings.all },
        null,
        2,
      ),
    );
  } else {
    for (const f of findings.all) {
      const line = `${f.file ? `${f.file}: ` : ''}${f.message}`;
      if (f.level === 'error') ctx.terminal.error(line);
      else ctx.terminal.warn(line);
    }
    const summary = `${name}: lint of ${root}: ${findings.errors} error(s), ${findings.warnings} warning(s)`;
    if (findings.errors > 0) ctx.terminal.error(summary);
    else ctx.terminal.say(summary);
  }
  return findings.errors > 0 ? EXIT.config : EXIT.ok;
}

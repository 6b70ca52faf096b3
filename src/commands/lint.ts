// `lint`: rpmlint for upgrades. Checks a product as a build root will install it, for %check through
// %upgrade_hook_check; errors fail (exit 78), warnings are printed.
import { statSync } from 'node:fs';
import { EXIT, UpgradeHookError } from '../errors.js';
import type { Command } from '../command.js';

export const lint: Command = {
  name: 'lint',
  usage: 'lint --root DIR NAME [UNIT...]',
  summary: 'check product NAME as installed into build root DIR (for %check: %upgrade_hook_check NAME)',
  description:
    'Validates a product from a build root (rpmbuild\'s %{buildroot}) before it is packaged: the descriptor in DIR/usr/lib/upgrade-hook/products.d (everything plan checks, its paths resolved under DIR), every upgrade script (name, number, phase, "#!" header, executable, writable by no one else, leftovers), the check executables, that each [service] unit is shipped in DIR or named as external (UNIT... after NAME: units of other packages), that the package\'s units that run the product are behind upgrade-hook@NAME.service (Requires= and After=, in the unit or a drop-in) and listed, that backends are not behind it, that sockets activate only gated units, and that scripts calling upgrade-hook state name this product and do not write its data version. Each finding names the file as installed. Errors exit 78; warnings are printed and exit 0. With --json prints the findings as JSON.',
  options: ['root', 'json'],
  example:
    'upgrade-hook lint --root %{buildroot} acme postgresql@15-main.service\n%check\n%upgrade_hook_check acme postgresql@15-main.service',
  minArgs: 1,
  maxArgs: 100,
  async run(ctx) {
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
    const { lintProduct } = await import('../lint/lint-product.js');
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
  },
};

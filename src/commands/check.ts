import { exitStatusOf } from '../plan/decide.js';
import type { Command } from '../command.js';
import { loadProduct, viewWithChecks } from './product-context.js';

export const check: Command = {
  name: 'check',
  usage: 'check NAME',
  summary: 'say whether NAME needs an upgrade (exit 0 up to date, 3 refused, 4 needed, 5 deferred, 6 not configured)',
  description:
    'Compares the data version and platform stored in the state file with the installed build, and looks for a pending marker. Runs the product\'s checks (the descriptor\'s checks directory) when it has any: one that says "needs upgrade" makes an upgrade due at equal versions (exit 4), one that needs a manual fix refuses (exit 3) with its message. Runs no upgrade script, takes no lock, changes nothing. The exit status is the answer: 4 when an upgrade is needed, 5 when it is needed and was deferred (to the dnf bridge or the next start of the service).',
  options: ['build-version', 'skip-version-check'],
  example: 'upgrade-hook check acme || echo "acme needs attention"',
  minArgs: 1,
  maxArgs: 1,
  async run(ctx) {
    const v = await viewWithChecks(ctx, loadProduct(ctx, ctx.args[0]!));
    const line = `${v.descriptor.name}: ${v.decision.message}`;
    if (v.decision.kind === 'refuse') ctx.terminal.error(line);
    else ctx.terminal.say(line);
    for (const r of v.checks?.manualFix ?? []) for (const out of r.output) ctx.terminal.error(`  ${r.name}| ${out}`);
    if (v.decision.kind === 'refuse' && v.decision.reason === 'manual-fix')
      ctx.terminal.say(
        `next: fix it as the check says (${v.checks!.manualFix.map((r) => r.path).join(', ')}), then: upgrade-hook check ${v.descriptor.name}`,
      );
    return exitStatusOf(v.decision);
  },
};

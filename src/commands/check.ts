import { exitStatusOf } from '../plan/decide.js';
import type { Command } from './command.js';
import { loadProduct, viewProduct } from './product-context.js';

export const check: Command = {
  name: 'check',
  usage: 'check NAME',
  summary: 'say whether NAME needs an upgrade (exit 0 up to date, 3 refused, 4 needed, 5 deferred, 6 not configured)',
  description: 'Compares the data version and platform stored in the state file with the installed build, and looks for a pending marker. Runs nothing, takes no lock, changes nothing. The exit status is the answer: 4 when an upgrade is needed, 5 when it is needed and was deferred (to the dnf bridge or the next start of the service).',
  options: ['build-version', 'skip-version-check'],
  example: 'upgrade-hook check acme || echo "acme needs attention"',
  minArgs: 1,
  maxArgs: 1,
  async run(ctx) {
    const v = viewProduct(ctx, loadProduct(ctx, ctx.args[0]!));
    const line = `${v.descriptor.name}: ${v.decision.message}`;
    if (v.decision.kind === 'refuse') ctx.terminal.error(line);
    else ctx.terminal.say(line);
    return exitStatusOf(v.decision);
  },
};

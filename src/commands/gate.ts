import { EXIT, UpgradeHookError } from '../errors.js';
import type { Command } from './command.js';
import { loadProduct, viewProduct } from './product-context.js';

// The gate waits as long as an upgrade another process runs may take: starting early would start new code on old data.
const GATE_LOCK_WAIT_SEC = 3600;

export const gate: Command = {
  name: 'gate',
  usage: 'gate NAME',
  summary: 'for the product\'s service start (upgrade-hook@NAME.service): upgrade if needed, refuse on old data',
  description: 'Exits 0 at once when the data is up to date (or the product is not configured yet). When an upgrade is needed it runs it (unless auto_upgrade = no) and exits 0 only if it succeeded, so units with Requires= and After=upgrade-hook@NAME.service never start new code on old data. Refusals and failures exit non-zero with the reason and the command to run. The upgrade starts the product\'s units with --job-mode=ignore-dependencies, so units ordered after the gate do not deadlock.',
  options: ['build-version', 'skip-version-check', 'wait'],
  example: 'systemctl start upgrade-hook@acme.service   # runs: upgrade-hook gate acme',
  minArgs: 1,
  maxArgs: 1,
  async run(ctx) {
    const d = loadProduct(ctx, ctx.args[0]!);
    const v = viewProduct(ctx, d);
    switch (v.decision.kind) {
      case 'up-to-date':
      case 'not-configured':
        ctx.terminal.detail(`${d.name}: ${v.decision.message}`);
        return EXIT.ok;
      case 'refuse':
        throw new UpgradeHookError('REFUSED', `${d.name}: not starting: ${v.decision.message}`, {
          hint: `install the matching build, or override at your own risk: upgrade-hook run --skip-version-check ${d.name}`,
        });
      case 'needed':
        if (!d.autoUpgrade) {
          ctx.terminal.error(`${d.name}: not starting: ${v.decision.message}, and auto_upgrade = no`);
          ctx.terminal.say(`run: upgrade-hook run ${d.name}`);
          return EXIT.needed;
        }
        ctx.terminal.say(`${d.name}: ${v.decision.message}; upgrading before the service starts`);
        const { upgradeNow } = await import('./upgrade-now.js');
        return upgradeNow(ctx, d, { waitSec: GATE_LOCK_WAIT_SEC, build: v.build });
    }
  },
};

import type { Command } from './command.js';
import { loadProduct } from './product-context.js';
import { DEFAULT_LOCK_WAIT_SEC } from './session.js';

export const run: Command = {
  name: 'run',
  usage: 'run NAME',
  summary: 'upgrade NAME now: stop services, run the phases, stamp; resumes after a failure',
  description: 'Takes the product lock, decides again, stops the product\'s services, runs the offline scripts, starts the backends and runs the backend scripts, starts the applications and runs the online scripts, runs the cleanup scripts, then records the data version and platform and removes the pending marker. After a failure a rerun skips what finished and starts at the failed script. When the product is up to date it does nothing, unless --force (then the always-scripts run again).',
  options: ['force', 'build-version', 'skip-version-check', 'wait'],
  example: 'upgrade-hook run acme',
  minArgs: 1,
  maxArgs: 1,
  async run(ctx) {
    const { upgradeNow } = await import('./upgrade-now.js');
    return upgradeNow(ctx, loadProduct(ctx, ctx.args[0]!), { entry: 'run', waitSec: DEFAULT_LOCK_WAIT_SEC });
  },
};

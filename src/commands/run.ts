import { UpgradeHookError } from '../errors.js';
import type { Command } from '../command.js';
import { loadProduct } from './product-context.js';
import { DEFAULT_LOCK_WAIT_SEC } from './session.js';
import { descriptorFiles } from '../product/load.js';

/**
 * `run --only 0020_fix acme` (options first, as people type): the steps come before the product. The first
 * argument is the product when a descriptor answers to it; otherwise the last one, when one answers to it.
 */
function productFirst(args: string[], env: NodeJS.ProcessEnv): string[] {
  const isProduct = (ref: string) => {
    try {
      descriptorFiles(ref, env);
      return true;
    } catch {
      return false;
    }
  };
  if (isProduct(args[0]!) || !isProduct(args.at(-1)!)) return args;
  return [args.at(-1)!, ...args.slice(0, -1)];
}

export const run: Command = {
  name: 'run',
  usage: 'run NAME [--only SCRIPT...]',
  summary: 'upgrade NAME now: stop services, run the phases, stamp; resumes after a failure',
  description:
    "Takes the product lock, decides again, stops the product's services, runs the offline scripts, starts the backends and runs the backend scripts, starts the applications and runs the online scripts, runs the cleanup scripts, then records the data version and platform and removes the pending marker. After a failure a rerun skips what finished and starts at the failed script. When the product is up to date it does nothing, unless --force (then the always-scripts run again). With --only SCRIPT... it runs just the named steps (NNNN_name or KIND/NNNN_name, packaged or admin), each in the service state of its phase, with a loud warning: not an upgrade, nothing is stamped, a pending marker stays, and the history records the steps as run by hand (a once-step that succeeds counts as done for later upgrades; an always-step still runs in the next upgrade). While an upgrade is pending, services it stopped stay stopped afterwards, and a step of a phase with the apps up is refused (exit 3): it would start the new build's apps on old data. Nothing runs, by hand or not, on data a rollback restored (until the packages match it) or half restored (until the rollback is rerun).",
  options: ['force', 'build-version', 'skip-version-check', 'wait', 'only'],
  example: 'upgrade-hook run acme\nupgrade-hook run acme --only 0020_fix_index',
  minArgs: 1,
  maxArgs: 64,
  async run(ctx) {
    if (!ctx.options.only && ctx.args.length > 1)
      throw new UpgradeHookError(
        'USAGE',
        `run takes one NAME (got ${ctx.args.join(' ')}); steps by hand: upgrade-hook run NAME --only SCRIPT...`,
        { hint: 'see: upgrade-hook run --help' },
      );
    if (ctx.options.only && ctx.args.length < 2)
      throw new UpgradeHookError('USAGE', 'run --only needs at least one SCRIPT after the product name', {
        hint: `see the steps with: upgrade-hook plan ${ctx.args[0]}`,
      });
    if (ctx.options.only && ctx.options.force)
      throw new UpgradeHookError(
        'USAGE',
        '--only runs the named steps whatever the history says: --force means nothing with it',
        { hint: 'see: upgrade-hook run --help' },
      );
    const [name, ...steps] = ctx.options.only ? productFirst(ctx.args, ctx.env) : ctx.args;
    const { upgradeNow } = await import('./upgrade-now.js');
    return upgradeNow(ctx, loadProduct(ctx, name!), {
      entry: 'run',
      waitSec: DEFAULT_LOCK_WAIT_SEC,
      ...(ctx.options.only ? { only: steps } : {}),
    });
  },
};

import { UpgradeHookError, type ExitStatus } from '../errors.js';
import type { CommandContext } from '../command.js';
import { loadProduct } from './product-context.js';
import { DEFAULT_LOCK_WAIT_SEC } from './session.js';
import { descriptorFiles } from '../product/load.js';
import { upgradeNow } from './upgrade-now.js';

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

export async function run(ctx: CommandContext): Promise<ExitStatus> {
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
  return upgradeNow(ctx, loadProduct(ctx, name!), {
    entry: 'run',
    waitSec: DEFAULT_LOCK_WAIT_SEC,
    ...(ctx.options.only ? { only: steps } : {}),
  });
}

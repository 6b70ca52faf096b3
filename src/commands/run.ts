import { runUpgrade } from '../run/upgrade.js';
import type { Command, CommandContext } from './command.js';
import { loadProduct } from './product-context.js';
import { resolveBuildInfo } from '../product/build-info.js';
import { queryRpmVersion } from '../product/rpm-query.js';
import type { Descriptor } from '../product/descriptor.js';
import { DEFAULT_LOCK_WAIT_SEC, journalFor, withLock } from './session.js';

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
    return upgradeNow(ctx, loadProduct(ctx, ctx.args[0]!), { waitSec: DEFAULT_LOCK_WAIT_SEC });
  },
};

export async function upgradeNow(ctx: CommandContext, d: Descriptor, o: { waitSec: number }) {
  const build = resolveBuildInfo(d, ctx.options.buildVersion, queryRpmVersion);
  const journal = await journalFor(ctx, d);
  try {
    return await withLock(ctx, d, o.waitSec, async (lock) =>
      runUpgrade({
        descriptor: d, build, env: ctx.env, euid: ctx.euid, terminal: ctx.terminal, journal, lockToken: lock.token,
        force: ctx.options.force, skipVersionCheck: ctx.options.skipVersionCheck,
        rerunCommand: `upgrade-hook run ${ctx.args[0]}`,
      }),
    );
  } catch (e) {
    journal.error(e instanceof Error ? e.message : String(e));
    throw e;
  }
}

// Running an upgrade for a command (run, gate, posttrans, bridge): build info, log file, lock, runner.
// Commands load this module only when an upgrade really runs, and with it the whole runner.
import { resolveBuildInfo, type BuildInfo } from '../product/build-info.js';
import type { Descriptor } from '../product/descriptor.js';
import { queryRpmVersion } from '../product/rpm-query.js';
import { runUpgrade } from '../run/upgrade.js';
import type { CommandContext } from './command.js';
import { journalFor, withLock } from './session.js';
import { lockDirectory } from '../lock/lock-dir.js';
import type { EntryPoint } from '../plan/entry-policy.js';

/** `build`: when the caller has resolved it already (gate, posttrans), not again (rpm:PACKAGE runs rpm -q). */
export async function upgradeNow(ctx: CommandContext, d: Descriptor, o: { entry: EntryPoint; waitSec: number; build?: BuildInfo; gate?: { abandon: () => boolean } }) {
  const build = o.build ?? resolveBuildInfo(d, ctx.options.buildVersion, queryRpmVersion);
  const journal = await journalFor(ctx, d);
  try {
    return await withLock(ctx, d, o.waitSec, async (lock) =>
      runUpgrade({
        lockDir: lockDirectory(ctx.env), entry: o.entry,
        descriptor: d, build, env: ctx.env, euid: ctx.euid, terminal: ctx.terminal, journal, lockToken: lock.token,
        force: ctx.options.force, skipVersionCheck: ctx.options.skipVersionCheck,
        rerunCommand: `upgrade-hook run ${ctx.args[0]}`,
      }), o.gate?.abandon);
  } catch (e) {
    journal.error(e instanceof Error ? e.message : String(e));
    throw e;
  }
}

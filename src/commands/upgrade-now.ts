// Running an upgrade for a command (run, gate, posttrans, bridge): build info, log file, lock, runner.
// Commands load this module only when an upgrade really runs, and with it the whole runner.
import { resolveBuildInfo, type BuildInfo } from '../product/build-info.js';
import type { Descriptor } from '../product/descriptor.js';
import { queryRpmVersion } from '../product/rpm-query.js';
import { runUpgrade, type UpgradeOptions } from '../run/upgrade.js';
import type { CommandContext } from './command.js';
import { journalFor, withLock } from './session.js';
import { lockDirectory } from '../lock/lock-dir.js';
import type { EntryPoint } from '../plan/entry-policy.js';
import { inFinishUnit, invokingUser } from '../host/who.js';

/** `build`: when the caller has resolved it already (gate, posttrans), not again (rpm:PACKAGE runs rpm -q).
 * `only`: `run --only`: these steps by hand, not an upgrade (run/run-only.ts). */
export async function upgradeNow(ctx: CommandContext, d: Descriptor, o: { entry: EntryPoint; waitSec: number; build?: BuildInfo; gate?: { abandon: () => boolean }; only?: string[] }) {
  const build = o.build ?? resolveBuildInfo(d, ctx.options.buildVersion, queryRpmVersion);
  const journal = await journalFor(ctx, d);
  try {
    return await withLock(ctx, d, o.waitSec, async (lock) => {
      const options: UpgradeOptions = {
        lockDir: lockDirectory(ctx.env), entry: o.entry,
        descriptor: d, build, env: ctx.env, euid: ctx.euid, terminal: ctx.terminal, journal, lockToken: lock.token,
        force: ctx.options.force, skipVersionCheck: ctx.options.skipVersionCheck,
        rerunCommand: `upgrade-hook run ${ctx.args[0]}`,
        // upgrade-hook-finish@NAME.service runs `upgrade-hook run NAME`: its cgroup tells it apart from an admin
        startedBy: o.entry === 'run' && inFinishUnit() ? 'finish' : o.entry, user: invokingUser(ctx.env, ctx.euid),
      };
      if (o.only) return (await import('../run/run-only.js')).runOnly({ ...options, startedBy: 'only' }, o.only);
      return runUpgrade(options);
    }, o.gate?.abandon);
  } catch (e) {
    journal.error(e instanceof Error ? e.message : String(e));
    throw e;
  }
}

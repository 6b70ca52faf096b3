// Running an upgrade for a command (run, gate, posttrans, bridge): build info, log file, lock, runner.
// Commands load this module only when an upgrade really runs, and with it the whole runner.
import { resolveBuildInfo, type BuildInfo } from '../product/build-info.js';
import type { Descriptor } from '../product/descriptor.js';
import { queryRpmVersion } from '../product/rpm-query.js';
import { runUpgrade, type UpgradeOptions } from '../run/upgrade.js';
import { keepStartsTheGateRefuses } from '../run/refused-starts.js';
import { EXIT } from '../errors.js';
import type { CommandContext } from '../command.js';
import { productLogFor, withBackendLocks, withLock } from './session.js';
import { lockDirectory } from '../lock/lock-dir.js';
import { inFinishUnit, invokingUser } from '../host/who.js';
import type { EntryPoint } from '../plan/entry-policy.js';
import type { ChecksVerdict } from '../checks/verdict.js';
import { viewWithChecks } from './product-context.js';
import { realRunnerIO } from '../services/runner-io.js';
import { productPaths } from '../record/paths.js';
import { fileGateWaits, fileRecords } from '../record/stores.js';
import { isAlive } from '../proc/process-tree.js';
import { processStartTime } from '../lock/owner.js';
import { runOnly } from '../run/run-only.js';

// As long as the gate waits for a lock (gate.ts): the online phase must not be dropped because a
// neighbour's upgrade of the shared backend is long.
const FINISH_BACKEND_WAIT_SEC = 3600;

/** `build`: when the caller has resolved it already (gate, posttrans), not again (rpm:PACKAGE runs rpm -q).
 * `checks`: the verdict of the product's checks when the caller ran them; otherwise they run here (run, bridge).
 * `only`: run just these steps, by hand (run --only). */
export async function upgradeNow(
  ctx: CommandContext,
  d: Descriptor,
  o: {
    entry: EntryPoint;
    waitSec: number;
    build?: BuildInfo;
    gate?: { abandon: () => boolean };
    checks?: ChecksVerdict | undefined;
    only?: string[];
  },
) {
  const build = o.build ?? resolveBuildInfo(d, ctx.options.buildVersion, queryRpmVersion);
  const checks = o.checks ?? (d.checksDir !== undefined ? (await viewWithChecks(ctx, d)).checks : undefined);
  const productLog = await productLogFor(ctx, d);
  try {
    return await withLock(
      ctx,
      d,
      o.waitSec,
      async (lock) => {
        // another product sharing a backend unit stops and starts it too: one upgrade per backend at a time
        // (the finish unit waits as long as a gate: the other product's upgrade may take many minutes)
        const backendWaitSec = o.entry === 'run' && inFinishUnit() ? FINISH_BACKEND_WAIT_SEC : o.waitSec;
        return withBackendLocks(ctx, d, backendWaitSec, () => upgradeUnderLocks(lock.token));
      },
      o.gate?.abandon,
    );
  } catch (e) {
    productLog.error(e instanceof Error ? e.message : String(e));
    throw e;
  }

  async function upgradeUnderLocks(lockToken: string) {
    const options: UpgradeOptions = {
      lockDir: lockDirectory(ctx.env),
      entry: o.entry,
      descriptor: d,
      build,
      env: ctx.env,
      euid: ctx.euid,
      terminal: ctx.terminal,
      productLog,
      lockToken,
      force: ctx.options.force,
      skipVersionCheck: ctx.options.skipVersionCheck,
      checks,
      rerunCommand: `upgrade-hook run ${ctx.args[0]}`,
      startedBy: o.entry === 'run' && inFinishUnit() ? 'finish' : o.entry,
      user: invokingUser(ctx.env, ctx.euid),
      // the one place the runner's effects on the system are built
      io: realRunnerIO(),
      toolPath: ctx.toolPath,
      staleScriptWaitSec: ctx.options.wait ?? o.waitSec,
      records: fileRecords(productPaths(d)),
    };
    // a flag a killed run left (systemd/offline-hold.ts) is lifted by whoever holds the lock next: that run
    // is gone, and an up-to-date `run` (what status advises) must not leave the backends held down
    options.io.offlineHold?.release(d.name);
    if (o.only) return runOnly({ ...options, startedBy: 'only' }, o.only);
    // starts a killed gate made wait (record/gate-waits.ts): this run starts them again at its end
    const orphaned = fileGateWaits(productPaths(d).varDir).takeOrphaned(gateAlive, options.records.stopped);
    if (orphaned.length > 0) {
      const line = `${d.name}: ${orphaned.join(', ')}: their start waited for a gate that was killed; this run starts them again at its end`;
      productLog.info(line);
      ctx.terminal.say(line);
    }
    if (o.entry !== 'gate') return runUpgrade(options);
    // A gate that exits non-zero, or is killed, drops the starts waiting for it: they are kept before the
    // upgrade starts, for the run that completes it. When the gate lets them through they run by themselves
    // (the finish unit finds them up); when it had nothing to do they are not left listed.
    const { stopped, marker } = options.records;
    const kept = await keepStartsTheGateRefuses(options.io.systemctl, d, stopped);
    const keepRefused = () => keepStartsTheGateRefuses(options.io.systemctl, d, stopped, (l) => ctx.terminal.say(l));
    try {
      const exit = await runUpgrade(options);
      if (exit !== EXIT.ok) await keepRefused();
      else if (kept.length > 0 && marker.read()?.reason !== 'online-pending') stopped.remove(kept);
      return exit;
    } catch (e) {
      await keepRefused();
      throw e;
    }
  }
}

// A gate process still running: the pid, and the same process (a pid reused since is not that gate).
function gateAlive(g: { pid: number; start: string | undefined }): boolean {
  return isAlive(g.pid) && (g.start === undefined || processStartTime(g.pid) === g.start);
}

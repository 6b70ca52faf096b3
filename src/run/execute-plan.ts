// Executes a plan: stop what the first pending phase needs down, run each phase with its services up,
// run the cleanups, start again everything the upgrade stopped. Returns the first failure (the cleanups
// run regardless), or that the gate handed the phases that need the apps up to upgrade-hook-finish@.
import { rmSync } from 'node:fs';
import type { Plan, PlannedStep } from '../plan/planner.js';
import { rolesUpIn, type ServiceRole } from '../product/descriptor.js';
import { isUpgradeHookError } from '../errors.js';
import type { HolderPhase } from '../lock/holder-phase.js';
import { startProgress } from '../log/progress.js';
import type { HistoryWriter } from '../record/history-file.js';
import { runStep } from './script-step.js';
import { scriptExitPath } from '../record/script-exit.js';
import { passThroughEnv, scriptEnvironment } from '../script/script-env.js';
import { productServices } from '../services/product-services.js';
import { assertAllDown, restartService, startRole, startStoppedSockets, stopFor } from '../services/services.js';
import { asScript, throwIfInterrupted, unlessInterrupted } from '../proc/interruption.js';
import { remainingMs } from '../plan/downtime.js';
import type { MeasuredStep } from '../record/measured-run.js';

import { backupWithServicesDown } from './backup-step.js';
import { assertStillOffline, restoreEverything, startOtherProducts } from '../services/backend-dependents.js';
import type { Failure, Outcome, PlannedBackup, UpgradeOptions } from './run-types.js';
export type { Failure, Outcome } from './run-types.js';

export interface Execution {
  o: UpgradeOptions;
  runId: string;
  writer: HistoryWriter;
  tmp: string;
  from: string;
  restartFile: string;
  toolDir: string;
  /** The gate runs only the phases that need the apps down: the apps wait for it to exit. */
  stopBeforeApps: boolean;
  /** Tells a gate started meanwhile how far this upgrade is, and which script runs (lock/holder-phase.ts). */
  publish: (phase: HolderPhase) => void;
  /** Throws LOCK_LOST when the lock is no longer this run's: checked before each script. */
  assertLockHeld: (next: string) => void;
  /** Units stopped by this or an earlier run, to start again at the end. */
  stopped: { add(units: string[]): void; all(): string[]; forget(): void; remove(units: string[]): void };
  /** Steps run by hand while an upgrade is pending (`run --only`): after them nothing more is started (the
   * gate would hold those services for the upgrade), and units stopped stay listed for the upgrade to start. */
  startNothingAfter?: boolean;
  /** A backup to take before the first script: apps down, dump, every service down, copy (backup-step.ts). */
  backup?: PlannedBackup;
  /** Each script's duration in the last rehearsal or run of this upgrade (plan/downtime.ts): the ETA. */
  measured?: MeasuredStep[];
}

/** This script and the ones after it, as `kind/name` (the measured steps' names). */
function remainingNames(toRun: PlannedStep[], step: PlannedStep): string[] {
  const i = toRun.indexOf(step);
  return (i < 0 ? [step] : toRun.slice(i)).map((s) => `${s.script.kind}/${s.script.name}`);
}

export async function executePlan(plan: Plan, x: Execution): Promise<Outcome> {
  try {
    return await executeSteps(plan, x);
  } finally {
    // whatever the outcome, an admin's start of a backend is a start again (systemd/offline-hold.ts)
    x.o.io.offlineHold?.release(x.o.descriptor.name);
    // every script's end is in the history now (or the run stops on a signal after recording it)
    rmSync(scriptExitPath(x.o.descriptor.varDir, x.runId), { force: true });
  }
}

async function executeSteps(plan: Plan, x: Execution): Promise<Outcome> {
  const { o } = x;
  const d = o.descriptor;
  const toRun = plan.steps.filter((s) => s.action === 'run');
  rmSync(x.restartFile, { force: true });
  for (const s of plan.steps)
    if (s.action === 'skip') o.terminal.detail(`skip ${s.script.kind}/${s.script.name}: ${s.why}`);
  const services = productServices(d, o.io, o);
  const up = new Set<ServiceRole>();
  const publish = (phase: HolderPhase) => x.publish(phase);
  const bringUp = async (roles: ServiceRole[]) => {
    for (const role of roles) {
      if (up.has(role)) continue;
      publish(role === 'app' ? 'online' : 'backend');
      await unlessInterrupted(startRole(services, role, x.stopped.all()));
      up.add(role);
      // with this product's apps up, another product sharing the backend comes back too (not at the very end)
      if (role === 'app') await othersBackUp();
    }
  };
  const stepContext = (result: 'success' | 'failed' | undefined) => ({
    run: x.runId,
    history: x.writer,
    restartFile: x.restartFile,
    defaultTimeoutSec: d.scriptTimeoutSec,
    trustedUids: [o.euid],
    io: o.io,
    exitFile: scriptExitPath(d.varDir, x.runId),
    // a script removed since discovery is refused as such right before it would run (script/verify-script.ts)
    checksum: (s: PlannedStep) => o.io.checksum(s.script.runPath) ?? 'unreadable',
    env: (s: PlannedStep) =>
      scriptEnvironment({
        product: d.name,
        from: x.from,
        to: o.build.version,
        phase: s.phase,
        kind: s.script.kind,
        script: s.script.name,
        stateFile: d.stateFile,
        restartFile: x.restartFile,
        lockToken: o.lockToken,
        runId: x.runId,
        home: o.euid === 0 ? '/root' : (o.env.HOME ?? '/'),
        tmpdir: x.tmp,
        result,
        passThrough: passThroughEnv(o.env),
        toolDir: x.toolDir,
        tool: `${x.toolDir}/upgrade-hook`,
      }),
    onPiece: (
      s: PlannedStep,
      stream: 'stdout' | 'stderr',
      text: string,
      part: { n: number; last: boolean } | undefined,
    ) => {
      o.productLog.info(`${s.script.name}: ${text}`, {
        script: s.script.name,
        stream,
        ...(part ? { part: part.n, ...(part.last ? { last: true } : {}) } : {}),
      });
    },
    onLine: (s: PlannedStep, _stream: 'stdout' | 'stderr', shown: string) =>
      o.terminal.detail(`  ${s.script.name}: ${shown}`),
    leftover: (s: PlannedStep) => ({
      file: `${d.logFile}.daemons`,
      header: `${d.name} run ${x.runId}: what processes ${s.script.kind}/${s.script.name} left running write from here on`,
      note: (text: string) => {
        o.productLog.warn(`${s.script.name}: ${text}`, { script: s.script.name });
        o.terminal.warn(`${s.script.name}: ${text}`);
      },
    }),
  });
  const runOne = async (step: PlannedStep, result: 'success' | 'failed' | undefined): Promise<Failure | undefined> => {
    throwIfInterrupted();
    x.assertLockHeld(`${step.script.kind}/${step.script.name}`);
    o.terminal.say(`  [${step.phase}] ${step.script.kind}/${step.script.name}`);
    // the ETA, only from measurements: every remaining script measured, or none shown (never a guess)
    const left = x.measured && remainingMs(x.measured, remainingNames(toRun, step));
    const eta = (sec: number) =>
      left === undefined ? '' : `; about ${Math.max(0, Math.round(left / 1000 - sec))} s left by the last measurement`;
    const ticker = startProgress(
      o.terminal,
      (sec) => `  ${step.script.name} running for ${sec} s (log: ${d.logFile})${eta(sec)}`,
    );
    // (the gate tells a start asked for from inside this script by its session: commands/gate-actions.ts)
    const r = await asScript(() => runStep(step, stepContext(result))).finally(() => ticker.stop());
    if (!r.ok) {
      o.terminal.error(`  ${step.script.name} ${r.reason}`);
      for (const line of r.lastOutput) o.terminal.error(`  ${step.script.name}: ${line}`);
      return { step: step.script.name, reason: r.reason!, resumable: true, hint: undefined, lastOutput: r.lastOutput };
    }
    for (const name of r.restartRequests) await restart(name, step.phase);
    return undefined;
  };
  const restart = async (name: string, phase: string) => {
    const s = d.services.find((v) => v.name === name);
    if (!s) {
      o.terminal.warn(
        `a script asked to restart unknown service "${name}"; the descriptor has: ${d.services.map((v) => v.name).join(', ') || 'none'}`,
      );
      return;
    }
    if (!rolesUpIn(phase).includes(s.role)) return;
    o.productLog.info(`restarting ${name} as a script asked`);
    await unlessInterrupted(restartService(services, s, rolesUpIn(phase)));
  };

  // The apps' pending start jobs run once the gate exits, and systemd does not check Requires= again
  // then (docs/systemd-facts.md): the backends must be up before the gate lets them go.
  // another product sharing a backend does not stay down with this one, whatever the outcome
  const othersBackUp = () =>
    startOtherProducts(services, x.stopped, () => bringUp(['backend'])).catch((e) => {
      if (mustStopNow(e)) throw e;
      warn(o, `starting again the units of other products failed: ${e instanceof Error ? e.message : String(e)}`);
      return [];
    });
  const handOver = async (why: string): Promise<Outcome> => {
    try {
      await bringUp(['backend']);
      await unlessInterrupted(startStoppedSockets(services, x.stopped.all()));
      await othersBackUp();
    } catch (e) {
      if (mustStopNow(e)) throw e;
      return { kind: 'failed', failure: serviceFailure(e) };
    }
    return { kind: 'handed-over', why };
  };
  let failure: Failure | undefined;
  // from the offline stop until a backend starts, a start pulled in by another unit is a skipped one
  const hold = (units: string[]) => o.io.offlineHold?.hold(d.name, units) ?? Promise.resolve();
  const firstPhase = toRun[0]?.phase;
  // the backup stops everything: the first phase's stop below is then done already
  let allDown = false;
  if (x.backup && firstPhase !== undefined) {
    const beforeStop = (units: string[]) => x.stopped.add(units);
    let appsDown = false;
    const failed = await backupWithServicesDown(
      x.backup,
      {
        stopApps: async () => {
          publish('backend');
          await stopFor(services, { backends: false, beforeStop });
          appsDown = true;
        },
        backendsUp: () => bringUp(['backend']),
        stopAll: async () => {
          publish('offline');
          await stopFor(services, { backends: true, beforeStop, appsDown, hold });
          up.clear();
          allDown = true;
        },
      },
      (m) => warn(o, m),
    );
    if (failed) {
      // the data is as it was: the backends come back; the apps stay behind the gate, which refuses new code on old data
      await bringUp(['backend']).catch((e) =>
        warn(o, `starting the backends again failed: ${e instanceof Error ? e.message : String(e)}`),
      );
      await othersBackUp();
      return { kind: 'failed', failure: failed };
    }
  }
  try {
    if (firstPhase !== undefined) {
      const upFirst = rolesUpIn(firstPhase);
      if (!upFirst.includes('app') && !allDown) {
        publish(upFirst.includes('backend') ? 'backend' : 'offline');
        await unlessInterrupted(
          stopFor(services, {
            backends: !upFirst.includes('backend'),
            beforeStop: (units) => x.stopped.add(units),
            hold,
          }),
        );
      }
    }
    for (const phase of d.phases) {
      const steps = toRun.filter((s) => s.phase === phase.name);
      if (steps.length === 0) continue;
      const roles = rolesUpIn(phase.name);
      if (roles.includes('app') && x.stopBeforeApps) return await handOver(`the ${phase.name} phase needs the apps up`);
      await bringUp(roles);
      for (const step of steps) {
        if (roles.length === 0) await unlessInterrupted(assertAllDown(services));
        failure = await runOne(step, undefined);
        if (failure) break;
        if (roles.length === 0) await unlessInterrupted(assertStillOffline(services, step.script.name));
      }
      if (failure) break;
    }
  } catch (e) {
    if (mustStopNow(e)) throw e;
    failure = serviceFailure(e);
  }
  if (!failure && x.stopBeforeApps && (plan.cleanup.length > 0 || x.stopped.all().length > 0)) {
    return handOver(
      plan.cleanup.length > 0 ? 'the cleanup scripts run with the apps up' : 'units it stopped start after the apps',
    );
  }
  for (const step of plan.cleanup) {
    try {
      const f = await runOne(step, failure ? 'failed' : 'success');
      failure ??= f;
    } catch (e) {
      if (mustStopNow(e)) throw e;
      failure ??= serviceFailure(e);
    }
  }
  if (failure) {
    await othersBackUp();
    return { kind: 'failed', failure };
  }
  // an upgrade with nothing to run leaves the services as they are (an admin may have stopped them)
  if (firstPhase === undefined && plan.cleanup.length === 0 && x.stopped.all().length === 0) return { kind: 'done' };
  if (x.startNothingAfter) return { kind: 'done' };
  try {
    // the gate starts the backends only: the apps' own start jobs wait for it to exit
    await bringUp(x.stopBeforeApps ? ['backend'] : ['backend', 'app']);
    if (!x.stopBeforeApps) {
      await unlessInterrupted(restoreEverything(services, x.stopped, () => bringUp(['backend'])));
      x.stopped.forget();
    }
  } catch (e) {
    if (mustStopNow(e)) throw e;
    return { kind: 'failed', failure: serviceFailure(e) };
  }
  return { kind: 'done' };
}

function warn(o: UpgradeOptions, message: string): void {
  o.productLog.warn(message);
  o.terminal.warn(message);
}

// Another run may own the services and the records now: nothing more is done, not even the cleanups.
// Likewise a run interrupted by a signal (proc/interruption.ts): it stops, and the rerun resumes.
const mustStopNow = (e: unknown) => isUpgradeHookError(e) && (e.code === 'LOCK_LOST' || e.code === 'INTERRUPTED');

function serviceFailure(e: unknown): Failure {
  return {
    step: 'services',
    reason: e instanceof Error ? e.message : String(e),
    resumable: false,
    hint: isUpgradeHookError(e) ? e.hint : undefined,
    lastOutput: [],
  };
}

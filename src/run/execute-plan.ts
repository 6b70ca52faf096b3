// Executes a plan: stop what the first pending phase needs down, run each phase with its services up,
// run the cleanups, start again everything the upgrade stopped. Returns the first failure (the cleanups
// run regardless), or that the gate handed the phases that need the apps up to upgrade-hook-finish@.
import { rmSync } from 'node:fs';
import type { Plan, PlannedStep } from '../plan/planner.js';
import { fileChecksum } from '../plan/checksum.js';
import { rolesUpIn, type ServiceRole } from '../product/descriptor.js';
import { isUpgradeHookError } from '../errors.js';
import type { HolderPhase } from '../lock/holder-phase.js';
import { startProgress } from '../log/progress.js';
import { systemctlWith } from '../systemd/systemctl.js';
import type { HistoryWriter } from './history-file.js';
import { runStep } from './script-step.js';
import { passThroughEnv, scriptEnvironment } from './script-env.js';
import { ServiceManager } from './services.js';
import type { UpgradeOptions } from './upgrade.js';

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
  publish: (phase: HolderPhase, script?: string) => void;
  /** Throws LOCK_LOST when the lock is no longer this run's: checked before each script. */
  assertLockHeld: (next: string) => void;
  /** Units stopped by this or an earlier run, to start again at the end. */
  stopped: { add(units: string[]): void; all(): string[]; forget(): void };
  /** Steps run by hand while an upgrade is pending (`run --only`): after them nothing more is started (the
   * gate would hold those services for the upgrade), and units stopped stay listed for the upgrade to start. */
  startNothingAfter?: boolean;
}

export type Outcome = { kind: 'done' } | { kind: 'failed'; failure: Failure } | { kind: 'handed-over'; why: string };

export async function executePlan(plan: Plan, x: Execution): Promise<Outcome> {
  const { o } = x;
  const d = o.descriptor;
  const toRun = plan.steps.filter((s) => s.action === 'run');
  rmSync(x.restartFile, { force: true });
  for (const s of plan.steps) if (s.action === 'skip') o.terminal.detail(`skip ${s.script.kind}/${s.script.name}: ${s.why}`);
  const services = serviceManagerFor(o);
  const up = new Set<ServiceRole>();
  let phaseNow: HolderPhase = 'offline';
  const publish = (phase: HolderPhase, script?: string) => {
    phaseNow = phase;
    x.publish(phase, script);
  };
  const bringUp = async (roles: ServiceRole[]) => {
    for (const role of roles) {
      if (up.has(role)) continue;
      publish(role === 'app' ? 'online' : 'backend');
      await services.startRole(role, x.stopped.all());
      up.add(role);
    }
  };
  const stepContext = (result: 'success' | 'failed' | undefined) => ({
    run: x.runId,
    history: x.writer,
    restartFile: x.restartFile,
    defaultTimeoutSec: d.scriptTimeoutSec,
    checksum: (s: PlannedStep) => fileChecksum(s.script.path),
    env: (s: PlannedStep) => scriptEnvironment({
      product: d.name, from: x.from, to: o.build.version, phase: s.phase, kind: s.script.kind, script: s.script.name, stateFile: d.stateFile,
      restartFile: x.restartFile, lockToken: o.lockToken, runId: x.runId, home: o.euid === 0 ? '/root' : (o.env.HOME ?? '/'),
      tmpdir: x.tmp, result, passThrough: passThroughEnv(o.env), toolDir: x.toolDir, tool: `${x.toolDir}/upgrade-hook`,
    }),
    onPiece: (s: PlannedStep, stream: 'stdout' | 'stderr', text: string, part: { n: number; last: boolean } | undefined) => {
      o.journal.info(`${s.script.name}: ${text}`, { script: s.script.name, stream, ...(part ? { part: part.n, ...(part.last ? { last: true } : {}) } : {}) });
    },
    onLine: (s: PlannedStep, _stream: 'stdout' | 'stderr', shown: string) => o.terminal.detail(`  ${s.script.name}: ${shown}`),
  });
  const runOne = async (step: PlannedStep, result: 'success' | 'failed' | undefined): Promise<Failure | undefined> => {
    x.assertLockHeld(`${step.script.kind}/${step.script.name}`);
    o.terminal.say(`  [${step.phase}] ${step.script.kind}/${step.script.name}`);
    const ticker = startProgress(o.terminal, (sec) => `  ${step.script.name} running for ${sec} s (log: ${d.logFile})`);
    publish(phaseNow, `${step.script.kind}/${step.script.name}`);
    const r = await runStep(step, stepContext(result)).finally(() => {
      ticker.stop();
      publish(phaseNow);
    });
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
      o.terminal.warn(`a script asked to restart unknown service "${name}"; the descriptor has: ${d.services.map((v) => v.name).join(', ') || 'none'}`);
      return;
    }
    if (!rolesUpIn(phase).includes(s.role)) return;
    o.journal.info(`restarting ${name} as a script asked`);
    await services.restart(s, rolesUpIn(phase));
  };

  // The apps' pending start jobs run once the gate exits, and systemd does not check Requires= again
  // then (docs/systemd-facts.md): the backends must be up before the gate lets them go.
  const handOver = async (why: string): Promise<Outcome> => {
    try {
      await bringUp(['backend']);
    } catch (e) {
      return { kind: 'failed', failure: serviceFailure(e) };
    }
    return { kind: 'handed-over', why };
  };
  let failure: Failure | undefined;
  const firstPhase = toRun[0]?.phase;
  try {
    if (firstPhase !== undefined) {
      const upFirst = rolesUpIn(firstPhase);
      if (!upFirst.includes('app')) {
        publish(upFirst.includes('backend') ? 'backend' : 'offline');
        await services.stopFor({ backends: !upFirst.includes('backend'), beforeStop: (units) => x.stopped.add(units) });
      }
    }
    for (const phase of d.phases) {
      const steps = toRun.filter((s) => s.phase === phase.name);
      if (steps.length === 0) continue;
      const roles = rolesUpIn(phase.name);
      if (roles.includes('app') && x.stopBeforeApps) return await handOver(`the ${phase.name} phase needs the apps up`);
      await bringUp(roles);
      for (const step of steps) {
        if (roles.length === 0) await services.assertAllDown();
        failure = await runOne(step, undefined);
        if (failure) break;
      }
      if (failure) break;
    }
  } catch (e) {
    if (isLockLost(e)) throw e;
    failure = serviceFailure(e);
  }
  if (!failure && x.stopBeforeApps && (plan.cleanup.length > 0 || x.stopped.all().length > 0)) {
    return handOver(plan.cleanup.length > 0 ? 'the cleanup scripts run with the apps up' : 'units it stopped start after the apps');
  }
  for (const step of plan.cleanup) {
    try {
      const f = await runOne(step, failure ? 'failed' : 'success');
      failure ??= f;
    } catch (e) {
      if (isLockLost(e)) throw e;
      failure ??= serviceFailure(e);
    }
  }
  if (failure) return { kind: 'failed', failure };
  // an upgrade with nothing to run leaves the services as they are (an admin may have stopped them)
  if (firstPhase === undefined && plan.cleanup.length === 0 && x.stopped.all().length === 0) return { kind: 'done' };
  if (x.startNothingAfter) return { kind: 'done' };
  try {
    // the gate starts the backends only: the apps' own start jobs wait for it to exit
    await bringUp(x.stopBeforeApps ? ['backend'] : ['backend', 'app']);
    if (!x.stopBeforeApps) {
      await services.restore(x.stopped.all());
      x.stopped.forget();
    }
  } catch (e) {
    return { kind: 'failed', failure: serviceFailure(e) };
  }
  return { kind: 'done' };
}

/** The services of the product being upgraded, telling what they do in the log and (with -d) the terminal. */
export function serviceManagerFor(o: UpgradeOptions): ServiceManager {
  return new ServiceManager(o.descriptor, {
    env: { PATH: o.env.PATH ?? '/usr/sbin:/usr/bin:/sbin:/bin', LANG: 'C.UTF-8' },
    sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
    systemctl: systemctlWith(),
    out: {
      progress: (l) => o.terminal.progress(l),
      progressDone: () => o.terminal.progressDone(),
      live: o.terminal.live,
      log: (l, f) => {
        o.journal.info(l, f);
        o.terminal.detail(l);
      },
    },
  });
}

export interface Failure {
  /** The script that failed, or what the tool was doing with the services. */
  step: string;
  reason: string;
  /** A script failed: the rerun starts at it. Otherwise the services failed and the rerun starts from the top. */
  resumable: boolean;
  hint: string | undefined;
  lastOutput: string[];
}

// Another run may own the services and the records now: nothing more is done, not even the cleanups.
const isLockLost = (e: unknown) => isUpgradeHookError(e) && e.code === 'LOCK_LOST';

function serviceFailure(e: unknown): Failure {
  return { step: 'services', reason: e instanceof Error ? e.message : String(e), resumable: false, hint: isUpgradeHookError(e) ? e.hint : undefined, lastOutput: [] };
}

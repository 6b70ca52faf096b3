// Executes a plan: stop the services, run each phase with its services up, run the cleanups, leave
// everything running. Returns the first failure; the cleanups run regardless.
import { rmSync } from 'node:fs';
import type { Plan, PlannedStep } from '../plan/planner.js';
import { fileChecksum } from '../plan/checksum.js';
import { rolesUpIn, type ServiceRole } from '../product/descriptor.js';
import { isUpgradeHookError } from '../errors.js';
import { startProgress } from '../log/progress.js';
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
}

export async function executePlan(plan: Plan, x: Execution): Promise<Failure | undefined> {
  const { o } = x;
  const d = o.descriptor;
  const toRun = plan.steps.filter((s) => s.action === 'run');
  rmSync(x.restartFile, { force: true });
  for (const s of plan.steps) if (s.action === 'skip') o.terminal.detail(`skip ${s.script.kind}/${s.script.name}: ${s.why}`);
  const services = new ServiceManager({
    env: { PATH: process.env.PATH ?? '/usr/sbin:/usr/bin:/sbin:/bin', LANG: 'C.UTF-8' },
    sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
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
  const touchServices = toRun.length > 0 || plan.cleanup.length > 0;
  const up = new Set<ServiceRole>();
  const bringUp = async (roles: ServiceRole[]) => {
    for (const role of roles) {
      if (up.has(role)) continue;
      for (const s of d.services.filter((v) => v.role === role)) await services.start(s);
      up.add(role);
    }
  };
  let failure: Failure | undefined;
  const stepContext = (result: 'success' | 'failed' | undefined) => ({
    run: x.runId,
    history: x.writer,
    restartFile: x.restartFile,
    defaultTimeoutSec: d.scriptTimeoutSec,
    checksum: (s: PlannedStep) => fileChecksum(s.script.path),
    env: (s: PlannedStep) => scriptEnvironment({
      product: d.name, from: x.from, to: o.build.version, phase: s.phase, kind: s.script.kind, stateFile: d.stateFile,
      restartFile: x.restartFile, lockToken: o.lockToken, runId: x.runId, home: o.euid === 0 ? '/root' : (o.env.HOME ?? '/'),
      tmpdir: x.tmp, result, passThrough: passThroughEnv(o.env), toolDir: x.toolDir, tool: x.toolDir + '/upgrade-hook',
    }),
    onLine: (s: PlannedStep, stream: 'stdout' | 'stderr', line: string) => {
      o.journal.info(`${s.script.name}: ${line}`, { script: s.script.name, stream });
      o.terminal.detail(`  ${s.script.name}: ${line}`);
    },
  });
  const runOne = async (step: PlannedStep, result: 'success' | 'failed' | undefined): Promise<Failure | undefined> => {
    o.terminal.say(`  [${step.phase}] ${step.script.kind}/${step.script.name}`);
    const ticker = startProgress(o.terminal, (sec) => `  ${step.script.name} running for ${sec} s (log: ${d.logFile})`);
    const r = await runStep(step, stepContext(result)).finally(() => ticker.stop());
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
    await services.stop(s);
    await services.start(s);
  };

  try {
    if (touchServices) {
      for (const s of [...d.services.filter((v) => v.role === 'app')].reverse()) await services.stop(s);
      for (const s of [...d.services.filter((v) => v.role === 'backend')].reverse()) await services.stop(s);
    }
    for (const phase of d.phases) {
      if (touchServices) await bringUp(rolesUpIn(phase.name));
      for (const step of toRun.filter((s) => s.phase === phase.name)) {
        failure = await runOne(step, undefined);
        if (failure) break;
      }
      if (failure) break;
    }
  } catch (e) {
    failure = serviceFailure(e);
  }
  for (const step of plan.cleanup) {
    try {
      const f = await runOne(step, failure ? 'failed' : 'success');
      failure ??= f;
    } catch (e) {
      failure ??= serviceFailure(e);
    }
  }
  if (!failure && touchServices) {
    try {
      await bringUp(['backend', 'app']);
    } catch (e) {
      failure = serviceFailure(e);
    }
  }
  return failure;
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

function serviceFailure(e: unknown): Failure {
  return { step: 'services', reason: e instanceof Error ? e.message : String(e), resumable: false, hint: isUpgradeHookError(e) ? e.hint : undefined, lastOutput: [] };
}

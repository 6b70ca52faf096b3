// Runs an upgrade under the product lock (DESIGN §7): decide again, stop services, run the phases with
// services brought up between them, run cleanups, then stamp the data version and remove the marker.
import { mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { resolve } from 'node:path';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UpgradeHookError, EXIT, type ExitStatus } from '../errors.js';
import type { Terminal } from '../log/terminal.js';
import type { Journal } from '../log/journal.js';
import { startProgress } from '../log/progress.js';
import { fileChecksum } from '../plan/checksum.js';
import { decide } from '../plan/decide.js';
import { discoverScripts } from '../plan/discover.js';
import { planUpgrade, type Plan, type PlannedStep } from '../plan/planner.js';
import { rolesUpIn, type Descriptor, type ServiceRole } from '../product/descriptor.js';
import type { BuildInfo } from '../product/build-info.js';
import { readStoredState, writeStamp } from '../product/stored-state.js';
import { openHistory, readHistory, type HistoryWriter } from './history-file.js';
import { summarize } from './history-record.js';
import { readMarker, removeMarker, writeMarker } from './marker.js';
import { processesOfRun } from './orphans.js';
import { runStep } from './script-step.js';
import { passThroughEnv, scriptEnvironment } from './script-env.js';
import { ServiceManager } from './services.js';
import { productPaths, ensureVarDir } from './paths.js';

export interface UpgradeOptions {
  descriptor: Descriptor;
  build: BuildInfo;
  env: NodeJS.ProcessEnv;
  euid: number;
  terminal: Terminal;
  journal: Journal;
  lockToken: string;
  force: boolean;
  skipVersionCheck: boolean;
  ignoreUnitOrdering: boolean;
  /** The command an admin should run to retry, e.g. `upgrade-hook run acme`. */
  rerunCommand: string;
}

export async function runUpgrade(o: UpgradeOptions): Promise<ExitStatus> {
  const d = o.descriptor;
  const paths = productPaths(d);
  ensureVarDir(paths.varDir, o.euid);
  const stored = readStoredState(d);
  const marker = readMarker(paths.marker);
  const decision = decide({
    scheme: d.versionScheme, dataVersion: stored.dataVersion, dataPlatform: stored.platform, buildVersion: o.build.version,
    buildPlatform: o.build.platform, marker, skipVersionCheck: o.skipVersionCheck, adopted: stored.adopted,
  });
  if (decision.kind === 'not-configured') {
    o.terminal.say(`${d.name}: ${decision.message}`);
    return EXIT.notConfigured;
  }
  if (decision.kind === 'refuse') {
    writeMarker(paths.marker, { state: 'refused', reason: decision.reason, detail: decision.message, since: new Date().toISOString(), from: stored.dataVersion, to: o.build.version });
    o.journal.error(`refused: ${decision.message}`);
    throw new UpgradeHookError('REFUSED', `${d.name}: refusing to upgrade: ${decision.message}`, { hint: 'to override at your own risk: upgrade-hook run --skip-version-check ' + d.name });
  }
  if (decision.kind === 'up-to-date' && !o.force) {
    o.terminal.say(`${d.name}: ${decision.message}`);
    return EXIT.ok;
  }
  if (decision.kind === 'needed' && decision.overridden) o.terminal.warn(decision.message);

  const from = stored.dataVersion!;
  const history = summarize(readHistory(paths.history));
  const plan = buildPlan(d, history, o);
  refuseIfOrphansRemain(history.lastRun?.run, history.interrupted?.script);

  const runId = `${new Date().toISOString().replace(/[-:.]/g, '').slice(0, 15)}-${process.pid}`;
  const writer = openHistory(paths.history);
  const tmp = mkdtempSync(join(tmpdir(), `upgrade-hook-${d.name}-`));
  try {
    writeMarker(paths.marker, { state: 'failed', reason: 'interrupted', detail: `the upgrade started at ${new Date().toISOString()} did not finish`, since: new Date().toISOString(), from, to: o.build.version });
    writer.append({ t: 'run-start', run: runId, at: new Date().toISOString(), from, to: o.build.version, pid: process.pid, ...(o.force ? { force: true } : {}) });
    o.journal.info(`upgrade ${d.name} ${from} -> ${o.build.version} started`, { run: runId, from, to: o.build.version });
    o.terminal.say(`${d.name}: upgrading data ${from} -> ${o.build.version}`);
    const toolDir = linkRunningTool(tmp);
    const failure = await executePlan(plan, { o, runId, writer, tmp, from, toolDir, restartFile: join(paths.varDir, 'restart-request') });
    if (failure) {
      writer.append({ t: 'run-end', run: runId, at: new Date().toISOString(), result: 'failed', failed: failure.script, reason: failure.reason });
      writeMarker(paths.marker, { state: 'failed', reason: 'script-failed', detail: `${failure.script} ${failure.reason}`, script: failure.script, since: new Date().toISOString(), from, to: o.build.version });
      o.journal.error(`upgrade failed: ${failure.script} ${failure.reason}`, { run: runId, script: failure.script });
      throw new UpgradeHookError('UPGRADE_FAILED', `${d.name}: upgrade failed: ${failure.script} ${failure.reason}; log: ${d.logFile}`, { hint: `fix the cause, then rerun (it resumes at ${failure.script}): ${o.rerunCommand}` });
    }
    writeStamp(d, o.build.version, o.build.platform);
    writer.append({ t: 'run-end', run: runId, at: new Date().toISOString(), result: 'ok' });
    removeMarker(paths.marker);
    o.journal.info(`upgrade ${d.name} ${from} -> ${o.build.version} done`, { run: runId });
    o.terminal.say(`${d.name}: data upgraded to ${o.build.version}`);
    return EXIT.ok;
  } finally {
    writer.close();
    rmSync(tmp, { recursive: true, force: true });
  }
}

// Scripts call `upgrade-hook state …`: make that the very tool running them, wherever it is installed.
function linkRunningTool(tmp: string): string {
  const dir = join(tmp, 'bin');
  mkdirSync(dir, { mode: 0o755 });
  symlinkSync(resolve(process.argv[1] ?? '/usr/bin/upgrade-hook'), join(dir, 'upgrade-hook'));
  return dir;
}

function buildPlan(d: Descriptor, history: ReturnType<typeof summarize>, o: UpgradeOptions): Plan {
  const found = discoverScripts(d.scriptsDir, d.adminScriptsDir, [o.euid]);
  const plan = planUpgrade({ scripts: found.scripts, phases: d.phases, history, target: o.build.version, force: o.force, checksum: (s) => fileChecksum(s.path) });
  const problems = [...found.problems, ...plan.problems];
  if (problems.length > 0) {
    throw new UpgradeHookError('SCRIPT_INVALID', problems.map((p) => `${p.path}: ${p.why}`).join('\n'), { hint: `nothing was run; fix the scripts, check with: upgrade-hook plan ${d.name}` });
  }
  for (const c of plan.changed) o.terminal.warn(`${c.script.path} changed after it ran (once-scripts are not rerun)`);
  return plan;
}

function refuseIfOrphansRemain(lastRun: string | undefined, script: string | undefined) {
  if (!lastRun || !script) return;
  const pids = processesOfRun(lastRun);
  if (pids.length > 0) {
    throw new UpgradeHookError('STALE_SCRIPT_RUNNING', `${script} of the interrupted upgrade is still running (pid ${pids.join(', ')})`, { hint: `wait for it to end or kill it (kill ${pids.join(' ')}), then rerun` });
  }
}

interface Execution {
  o: UpgradeOptions;
  runId: string;
  writer: HistoryWriter;
  tmp: string;
  from: string;
  restartFile: string;
  toolDir: string;
}

async function executePlan(plan: Plan, x: Execution): Promise<{ script: string; reason: string } | undefined> {
  const { o } = x;
  const d = o.descriptor;
  const toRun = plan.steps.filter((s) => s.action === 'run');
  for (const s of plan.steps) if (s.action === 'skip') o.terminal.detail(`skip ${s.script.kind}/${s.script.name}: ${s.why}`);
  const services = new ServiceManager({
    env: { PATH: process.env.PATH ?? '/usr/sbin:/usr/bin:/sbin:/bin', LANG: 'C.UTF-8' },
    ignoreUnitOrdering: o.ignoreUnitOrdering,
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
  let failure: { script: string; reason: string } | undefined;
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
  const runOne = async (step: PlannedStep, result: 'success' | 'failed' | undefined) => {
    o.terminal.say(`  [${step.phase}] ${step.script.kind}/${step.script.name}`);
    const ticker = startProgress(o.terminal, (sec) => `  ${step.script.name} running for ${sec} s (log: ${d.logFile})`);
    const r = await runStep(step, stepContext(result)).finally(() => ticker.stop());
    if (!r.ok) {
      o.terminal.error(`  ${step.script.name} ${r.reason}`);
      return r.reason;
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
        const reason = await runOne(step, undefined);
        if (reason) {
          failure = { script: step.script.name, reason };
          break;
        }
      }
      if (failure) break;
    }
  } catch (e) {
    failure = { script: 'services', reason: e instanceof Error ? e.message : String(e) };
  }
  for (const step of plan.cleanup) {
    try {
      const reason = await runOne(step, failure ? 'failed' : 'success');
      if (reason && !failure) failure = { script: step.script.name, reason };
    } catch (e) {
      if (!failure) failure = { script: step.script.name, reason: e instanceof Error ? e.message : String(e) };
    }
  }
  if (!failure && touchServices) {
    try {
      await bringUp(['backend', 'app']);
    } catch (e) {
      failure = { script: 'services', reason: e instanceof Error ? e.message : String(e) };
    }
  }
  return failure;
}

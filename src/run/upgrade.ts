// Runs an upgrade under the product lock (DESIGN §7): decide again, stop services, run the phases with
// services brought up between them, run cleanups, then stamp the data version and remove the marker.
import { mkdirSync, rmSync, symlinkSync } from 'node:fs';
import { resolve } from 'node:path';
import { join } from 'node:path';
import { UpgradeHookError, EXIT, isUpgradeHookError, type ExitStatus } from '../errors.js';
import type { Terminal } from '../log/terminal.js';
import type { ProductLog } from '../log/product-log.js';
import { checksumIfReadable, fileChecksum } from '../plan/checksum.js';
import { decide, decisionInputFor } from '../plan/decide.js';
import { entryAction, type EntryPoint, type MarkerToWrite } from '../plan/entry-policy.js';
import { waiversInEffect } from '../preflight/waivers.js';
import { discoverScripts } from '../plan/discover.js';
import { planUpgrade, type Plan } from '../plan/planner.js';
import type { Descriptor } from '../product/descriptor.js';
import type { BuildInfo } from '../product/build-info.js';
import { readStoredState, writeStamp } from '../product/stored-state.js';
import { assertOwnVarDir } from '../product/shared-var-dir.js';
import { executePlan, productServicesFor } from './execute-plan.js';
import type { HistorySummary, Starter } from '../record/history-record.js';
import { newMarker, type Marker } from '../record/marker.js';
import type { RunRecords } from '../record/stores.js';
import { processesOfRun } from './orphans.js';
import { settleInterruptedScript, type SettleEffects } from './interrupted-script.js';
import { readScriptExitWithTime, removeStaleScriptExits, scriptExitPath } from '../record/script-exit.js';
import { productPaths, ensureVarDir } from '../record/paths.js';
import { type MeasuredStep, predictDowntime } from '../plan/downtime.js';
import { readRehearsalSummary } from '../record/rehearsal.js';
import { historyRecords } from '../record/history-file.js';
import { whyUnitsCannotBeControlled } from '../host/deferral.js';
import { readHostFacts } from '../host/facts.js';
import { clearPhase, publishPhase } from '../lock/holder-phase.js';
import { assertStillHeld } from '../lock/product-lock.js';
import { finishUnit, gateUnit } from '../systemd/topology.js';
import { takeProductRestartMarks, takeRestartMarks } from '../systemd/restart-marks.js';
import { queueFinish } from '../systemd/finish-unit.js';
import { interruptedBy, listenForInterrupts } from './interruption.js';
import { prepareForScripts } from './inherited-fds.js';
import { assertStateDirWritable } from './state-dir-probe.js';
import type { ChecksVerdict } from '../checks/verdict.js';
import { planBackup } from './backup-plan.js';
import type { RunnerIO } from './runner-io.js';
import { restoreUnits } from './services.js';
import { discardSetAside } from '../backup/set-aside.js';
import { clearRollbackMarker } from '../backup/rollback-marker.js';

export interface UpgradeOptions {
  descriptor: Descriptor;
  build: BuildInfo;
  env: NodeJS.ProcessEnv;
  euid: number;
  terminal: Terminal;
  productLog: ProductLog;
  lockToken: string;
  force: boolean;
  skipVersionCheck: boolean;
  /** The command an admin should run to retry, e.g. `upgrade-hook run acme`. */
  rerunCommand: string;
  lockDir: string;
  /** Who asked. The gate runs the phases that need the apps down, then hands the rest to
   * upgrade-hook-finish@NAME (only when the product's services are systemd units: the apps' start jobs wait
   * for the gate). */
  entry: EntryPoint;
  /** Who started the run, and the admin's name (for the history). */
  startedBy: Starter;
  user: string;
  /** The verdict of the product's checks, read by the caller: "needs upgrade" makes one due at equal versions. */
  checks?: ChecksVerdict | undefined;
  /** The run's effects on the system (runner-io.ts): helper commands, probes, scripts, sleep, clock. */
  io: RunnerIO;
  /** The history, marker and stopped units of the product (record/stores.ts): its var dir's files. */
  records: RunRecords;
  /** The running tool, linked into the scripts' PATH as `upgrade-hook`. */
  toolPath: string;
  /** How long to wait for a script a killed run left running (the lock wait: it holds the upgrade as a lock would). */
  staleScriptWaitSec?: number;
}

type Upgrade = UpgradeOptions & { stopBeforeApps: boolean };

/** The scripts' durations from the last rehearsal or this host's last run of this upgrade, for the ETA. */
function measuredSteps(d: Descriptor, from: string, to: string): MeasuredStep[] | undefined {
  const p = predictDowntime(from, to, readRehearsalSummary(d.varDir), historyRecords(productPaths(d).history));
  return p.kind === 'none' ? undefined : p.run.steps;
}

export async function runUpgrade(options: UpgradeOptions): Promise<ExitStatus> {
  const d = options.descriptor;
  // where we run decides whether the units can be controlled at all (chroot, no systemd): read it once
  const blocked = whyUnitsCannotBeControlled(d, readHostFacts(options.env));
  const systemd = d.services.some((s) => s.unit !== undefined) && blocked === undefined;
  const o: Upgrade = { ...options, stopBeforeApps: options.entry === 'gate' && systemd };
  const paths = productPaths(d);
  ensureVarDir(paths.varDir, o.euid);
  const stored = readStoredState(d);
  const { history: historyStore, marker: markerStore, stopped } = o.records;
  const marker = markerStore.read();
  // the last run matters only to a check that asks for an upgrade at equal versions (read again below,
  // after compaction, for the plan: this rare double read keeps the common path from reading it early)
  const lastRun = o.checks?.needsUpgrade.length ? historyStore.summary().lastRun : undefined;
  // Decided again under the lock: another run may have finished, failed or handed over meanwhile.
  const decision = decide(
    decisionInputFor({ descriptor: d, build: o.build, stored, marker, checks: o.checks, lastRun }, o.skipVersionCheck),
  );
  const dueToChecks =
    decision.kind === 'needed' ? decision.dueToChecks : decision.kind === 'refuse' ? decision.unmetChecks : undefined;
  const action = entryAction({
    entry: o.entry,
    underLock: true,
    product: d.name,
    logFile: d.logFile,
    decision,
    marker,
    buildVersion: o.build.version,
    autoUpgrade: d.autoUpgrade,
    holder: undefined,
    failedScriptSumNow: checksumIfReadable(marker?.scriptPath),
    transactionDeferral: undefined,
    unitsBlocked: blocked,
    force: o.force,
  });
  const markerFor = (m: MarkerToWrite) => newMarker(m, { from: stored.dataVersion, to: o.build.version });
  switch (action.kind) {
    case 'nothing':
      o.terminal.say(`${d.name}: ${action.message}`);
      if (action.clearRollback) clearRollbackMarker(d, (m) => o.terminal.say(`${d.name}: ${m}`));
      if (action.restoreLeftovers && systemd) await restoreLeftovers(o);
      return action.exit;
    case 'refuse':
      if (action.marker) {
        markerStore.write(markerFor(action.marker));
        o.productLog.error(`refused: ${action.marker.detail}`);
      }
      throw new UpgradeHookError(action.code, `${d.name}: ${action.message}`, { hint: action.hint });
    case 'pass-and-finish':
      o.terminal.say(`${d.name}: ${action.message}`);
      await queueFinish(o.io.systemctl, d.name, (m) => warnBoth(o, m));
      return EXIT.ok;
    case 'defer':
      markerStore.write(markerFor(action.marker));
      o.productLog.warn(`not upgrading here: ${action.marker.detail}`);
      o.terminal.say(`${d.name}: ${action.message}`);
      return action.exit;
    case 'needs-admin':
      o.terminal.error(`${d.name}: ${action.message}`);
      return action.exit;
    case 'upgrade':
      if (action.warning) o.terminal.warn(action.warning);
  }

  const from = stored.dataVersion!;
  historyStore.compactIfLarge(o);
  let history = historyStore.summary();
  // a script whose tool was killed alone may have run on, and completed: its end is recorded before the plan
  const settled = await settleInterruptedScript(
    history.interrupted,
    o.staleScriptWaitSec ?? 0,
    interruptedScriptEffects(o, paths.varDir),
  );
  if (settled === 'recorded-ok' || settled === 'recorded-failed') history = historyStore.summary();
  removeStaleScriptExits(paths.varDir);
  const plan = buildPlan(d, history, o);
  refuseIfOrphansRemain(history.lastRun?.run, history.interrupted);
  assertStateDirWritable(d.stateFile);
  assertOwnVarDir(d, o.env);

  const runId = `${new Date().toISOString().replace(/[-:.]/g, '').slice(0, 15)}-${process.pid}`;
  // before anything is stopped: a backup that cannot fit refuses the upgrade here (backup-plan.ts)
  const backup = planBackup(o, {
    plan,
    history: historyStore.records(),
    from,
    platform: stored.platform,
    marker: markerStore,
    runId,
  });
  const writer = historyStore.open();
  // The scripts' TMPDIR lives in the product's var dir, under the lock: one left by a killed run is wiped
  // here instead of piling up in /tmp (the orphan check above made sure none of its scripts still runs).
  const tmp = join(paths.varDir, 'tmp');
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { mode: 0o700 });
  let lockLost = false;
  const interruptedMarker = (detail: string) =>
    markerStore.write({
      state: 'failed',
      reason: 'interrupted',
      detail,
      since: new Date().toISOString(),
      from,
      to: o.build.version,
      ...(marker ? { previous: previousOf(marker) } : {}),
    });
  prepareForScripts();
  const stopListening = listenForInterrupts();
  try {
    interruptedMarker(`the upgrade started at ${new Date().toISOString()} did not finish`);
    writer.append({
      t: 'run-start',
      run: runId,
      at: new Date().toISOString(),
      from,
      to: o.build.version,
      pid: process.pid,
      by: o.startedBy,
      user: o.user,
      ...(o.force ? { force: true } : {}),
      ...(dueToChecks ? { checks: dueToChecks } : {}),
      ...waiversInEffect(d.name, o.env, o.euid),
    });
    o.productLog.info(`upgrade ${d.name} ${from} -> ${o.build.version} started`, {
      run: runId,
      from,
      to: o.build.version,
    });
    o.terminal.say(`${d.name}: upgrading data ${from} -> ${o.build.version}`);
    const toolDir = linkRunningTool(tmp, o.toolPath);
    const restarted = new Set(stopped.all());
    const measured = measuredSteps(d, from, o.build.version);
    const outcome = await executePlan(plan, {
      o,
      runId,
      ...(measured ? { measured } : {}),
      writer,
      tmp,
      from,
      toolDir,
      restartFile: join(paths.varDir, 'restart-request'),
      stopBeforeApps: o.stopBeforeApps,
      ...(backup ? { backup } : {}),
      publish: (phase, script) => publishPhase(o.lockDir, d.name, o.lockToken, phase, script),
      assertLockHeld: (next) => assertStillHeld(o.lockDir, d.name, o.lockToken, next),
      stopped: {
        add: (units) => {
          for (const u of stopped.add(units)) restarted.add(u);
        },
        all: () => stopped.all(),
        forget: () => stopped.forget(),
        remove: (units) => stopped.remove(units),
      },
    });
    if (outcome.kind === 'handed-over') {
      const finish = finishUnit(d.name);
      writer.append({
        t: 'run-end',
        run: runId,
        at: new Date().toISOString(),
        result: 'handed-over',
        reason: outcome.why,
      });
      markerStore.write({
        state: 'deferred',
        reason: 'online-pending',
        since: new Date().toISOString(),
        from,
        to: o.build.version,
        detail: `the phases that need the apps down are done; ${outcome.why}: ${finish} finishes the upgrade once the apps have started`,
      });
      o.productLog.info(`phases with the apps down done; ${finish} runs the rest after the apps start`, { run: runId });
      o.terminal.say(`${d.name}: the apps may start; ${finish} finishes the upgrade (${outcome.why})`);
      await queueFinish(o.io.systemctl, d.name, (m) => warnBoth(o, m));
      return EXIT.ok;
    }
    if (outcome.kind === 'failed') {
      const failure = outcome.failure;
      const failedPath = [...plan.steps, ...plan.cleanup].find((s) => s.script.name === failure.step)?.script.path;
      const what = failure.resumable ? `${failure.step} ${failure.reason}` : failure.reason;
      writer.append({
        t: 'run-end',
        run: runId,
        at: new Date().toISOString(),
        result: 'failed',
        failed: failure.step,
        reason: failure.reason,
      });
      markerStore.write({
        state: 'failed',
        reason: failure.resumable ? 'script-failed' : failure.step === 'backup' ? 'backup-failed' : 'service-failed',
        detail: what,
        since: new Date().toISOString(),
        from,
        to: o.build.version,
        ...(failure.resumable ? { script: failure.step } : {}),
        ...(failure.lastOutput.length ? { lastOutput: failure.lastOutput } : {}),
        ...(failedPath ? { scriptPath: failedPath, scriptSum: checksumIfReadable(failedPath) } : {}),
      });
      o.productLog.error(`upgrade failed: ${what}`, { run: runId, step: failure.step });
      if (systemd) await dropRestartMarksAfterFailure(o);
      const next = failure.resumable
        ? `fix the cause, then rerun (it resumes at ${failure.step}): ${o.rerunCommand}`
        : `${failure.hint ? `${failure.hint}; then rerun: ` : 'fix the service, then rerun: '}${o.rerunCommand}`;
      throw new UpgradeHookError('UPGRADE_FAILED', `${d.name}: upgrade failed: ${what}; log: ${d.logFile}`, {
        hint: next,
      });
    }
    assertStillHeld(o.lockDir, d.name, o.lockToken, 'the stamp');
    writeStamp(d, o.build.version, o.build.platform, { dir: o.lockDir, euid: o.euid });
    writer.append({ t: 'run-end', run: runId, at: new Date().toISOString(), result: 'ok' });
    markerStore.remove();
    // the data a rollback moved aside is kept until an upgrade succeeds again
    discardSetAside(paths.varDir, (m) => o.productLog.info(m));
    // a gate that failed before (the admin's rerun fixed it) would keep the host "degraded"
    if (systemd) await o.io.systemctl(['reset-failed', gateUnit(d.name), finishUnit(d.name)], 30);
    // after the stamp: a unit restarted now passes its gate as up to date
    if (systemd) await settleRestartMarks(o, [...restarted], marker?.restartAfter ?? []);
    o.productLog.info(`upgrade ${d.name} ${from} -> ${o.build.version} done`, { run: runId });
    o.terminal.say(`${d.name}: data upgraded to ${o.build.version}`);
    return EXIT.ok;
  } catch (e) {
    // the TMPDIR and the phase file may be the new holder's now
    if (isUpgradeHookError(e) && e.code === 'LOCK_LOST') lockLost = true;
    const signal = interruptedBy();
    if (isUpgradeHookError(e) && e.code === 'INTERRUPTED' && signal) {
      // not a failure: no run-end record, the marker stays "interrupted" and the rerun resumes
      interruptedMarker(`the upgrade was interrupted by ${signal} at ${new Date().toISOString()}; rerun to resume`);
      o.productLog.warn(`upgrade interrupted by ${signal}`, { run: runId });
      throw new UpgradeHookError('INTERRUPTED', `${d.name}: ${e.message}`, {
        hint: `rerun to resume: ${o.rerunCommand}`,
      });
    }
    throw e;
  } finally {
    stopListening();
    writer.close();
    if (!lockLost) rmSync(tmp, { recursive: true, force: true });
    clearPhase(o.lockDir, d.name, o.lockToken);
  }
}

// Inside an rpm transaction (see systemd/restart-marks.ts) a restart after a failure would only meet a
// refusing gate: the product's marks go.
async function dropRestartMarksAfterFailure(o: UpgradeOptions): Promise<void> {
  await takeProductRestartMarks(o.io.systemctl, o.descriptor);
}

// Units this run restarted run the new code: their marks go. Units whose marks the bridge's %posttrans
// took over and that this run did not restart are restarted now, as the rpm trigger would have.
async function settleRestartMarks(o: UpgradeOptions, restarted: string[], takenOver: string[]): Promise<void> {
  const systemctl = o.io.systemctl;
  await takeRestartMarks(systemctl, restarted);
  const left = takenOver.filter((u) => !restarted.includes(u));
  if (left.length === 0) return;
  o.productLog.info(`restarting ${left.join(', ')} (their packages asked for a restart)`);
  const r = await systemctl(['reload-or-restart', ...left], 600);
  if (r.exitCode !== 0)
    warnBoth(
      o,
      `restarting ${left.join(', ')} after the upgrade failed (${r.output.split('\n').pop()}); they may still run the old code: systemctl restart ${left.join(' ')}`,
    );
}

function warnBoth(o: UpgradeOptions, message: string): void {
  o.productLog.error(message);
  o.terminal.warn(message);
}

// Units an earlier run stopped and could not start again (it failed, or handed over and the finish was
// done by another run): the data is up to date now, so they start.
async function restoreLeftovers(o: Upgrade): Promise<void> {
  const units = o.records.stopped.all();
  if (units.length === 0 || o.stopBeforeApps) return;
  await restoreUnits(productServicesFor(o), units);
  o.records.stopped.forget();
}

function previousOf(m: Marker): NonNullable<Marker['previous']> {
  return (
    m.previous ?? {
      state: m.state,
      reason: m.reason,
      detail: m.detail,
      since: m.since,
      ...(m.script ? { script: m.script } : {}),
    }
  );
}

// Scripts call `upgrade-hook state …`: make that the very tool running them, wherever it is installed.
export function linkRunningTool(tmp: string, toolPath: string): string {
  const dir = join(tmp, 'bin');
  mkdirSync(dir, { mode: 0o755 });
  symlinkSync(resolve(toolPath), join(dir, 'upgrade-hook'));
  return dir;
}

function buildPlan(d: Descriptor, history: HistorySummary, o: UpgradeOptions): Plan {
  const found = discoverScripts(d.scriptsDir, d.adminScriptsDir, [o.euid]);
  const plan = planUpgrade({
    scripts: found.scripts,
    phases: d.phases,
    history,
    target: o.build.version,
    force: o.force,
    checksum: (s) => fileChecksum(s.path),
  });
  const problems = [...found.problems, ...plan.problems];
  if (problems.length > 0) {
    throw new UpgradeHookError('SCRIPT_INVALID', problems.map((p) => `${p.path}: ${p.why}`).join('\n'), {
      hint: `nothing was run; fix the scripts, check with: upgrade-hook plan ${d.name}`,
    });
  }
  for (const c of plan.changed)
    o.terminal.warn(
      `${c.script.path} changed after it ran (once-scripts are not rerun); to accept its new content: upgrade-hook resolve ${d.name} ${c.script.name} --reason TEXT`,
    );
  return plan;
}

function interruptedScriptEffects(o: UpgradeOptions, varDir: string): SettleEffects {
  return {
    livePids: processesOfRun,
    readExit: (run) => readScriptExitWithTime(scriptExitPath(varDir, run)),
    forget: (run) => rmSync(scriptExitPath(varDir, run), { force: true }),
    append: (record) => {
      const w = o.records.history.open();
      try {
        w.append(record);
      } finally {
        w.close();
      }
    },
    sleep: o.io.sleep,
    now: o.io.now,
    terminal: {
      // what it waited for and what it recorded go to the product's log too
      say: (line) => {
        o.productLog.info(line);
        o.terminal.say(line);
      },
      progress: (line) => o.terminal.progress(line),
      progressDone: () => o.terminal.progressDone(),
      get live() {
        return o.terminal.live;
      },
    },
  };
}

export function refuseIfOrphansRemain(
  lastRun: string | undefined,
  interrupted: { script: string; kind: string } | undefined,
) {
  if (!lastRun || !interrupted) return;
  const script = interrupted.script;
  const pids = processesOfRun(lastRun, `${interrupted.kind}/${script}`);
  if (pids.length > 0) {
    throw new UpgradeHookError(
      'STALE_SCRIPT_RUNNING',
      `${script} of the interrupted upgrade is still running (pid ${pids.join(', ')})`,
      { hint: `wait for it to end or kill it (kill ${pids.join(' ')}), then rerun` },
    );
  }
}

// Runs an upgrade under the product lock (DESIGN §7): decide again, stop services, run the phases with
// services brought up between them, run cleanups, then stamp the data version and remove the marker.
import { rmSync } from 'node:fs';
import { UpgradeHookError, EXIT, type ExitStatus } from '../errors.js';
import { checksumIfReadable, fileChecksum } from '../plan/checksum.js';
import { decide, decisionInputFor } from '../plan/decide.js';
import {
  entryAction,
  entryInput,
  type EntryAction,
  type EntryInput,
  type MarkerToWrite,
} from '../plan/entry-policy.js';
import { waiversInEffect } from '../preflight/waivers.js';
import { discoverScripts } from '../script/discover.js';
import { planUpgrade, type Plan } from '../plan/planner.js';
import type { Descriptor } from '../product/descriptor.js';
import { readStoredState, type StoredState } from '../product/stored-state.js';
import { assertOwnVarDir } from '../product/shared-var-dir.js';
import { productServices } from '../services/product-services.js';
import type { HistorySummary } from '../record/history-record.js';
import { newMarker, type Marker } from '../record/marker.js';
import { processesOfRun, refuseIfOrphansRemain } from './orphans.js';
import { settleInterruptedScript, type SettleEffects } from './interrupted-script.js';
import { readScriptExitWithTime, removeStaleScriptExits, scriptExitPath } from '../record/script-exit.js';
import { productPaths, ensureVarDir } from '../record/paths.js';
import { predictDowntime } from '../plan/downtime.js';
import type { MeasuredStep } from '../record/measured-run.js';
import { readRehearsalSummary } from '../record/rehearsal.js';
import { whyUnitsCannotBeControlled } from '../host/deferral.js';
import { readHostFacts } from '../host/facts.js';
import { finishUnit, gateUnit } from '../systemd/topology.js';
import { takeProductRestartMarks, takeRestartMarks } from '../systemd/restart-marks.js';
import { queueFinish } from '../systemd/finish-unit.js';
import { assertStateDirWritable } from './state-dir-probe.js';
import { planBackup } from './backup-plan.js';
import { restoreUnits } from '../services/services.js';
import { discardSetAside } from '../backup/set-aside.js';
import { clearRollbackMarker } from '../backup/rollback-marker.js';
import { newRunId, runFrame, type FrameReport } from './run-frame.js';
import { realFrameEffects } from './frame-effects.js';
import { failureText, type RunStartFields } from './outcome-records.js';
import type { UpgradeOptions } from './run-types.js';
export type { UpgradeOptions } from './run-types.js';

type Upgrade = UpgradeOptions & {
  /** The product's services are systemd units, and this host can start and stop them. */
  systemd: boolean;
  stopBeforeApps: boolean;
};

/** The scripts' durations from the last rehearsal or this host's last run of this upgrade, for the ETA. */
function measuredSteps(o: UpgradeOptions, from: string): MeasuredStep[] | undefined {
  const d = o.descriptor;
  const p = predictDowntime(from, o.build.version, readRehearsalSummary(d.varDir), o.records.history.records());
  return p.kind === 'none' ? undefined : p.run.steps;
}

export async function runUpgrade(options: UpgradeOptions): Promise<ExitStatus> {
  const d = options.descriptor;
  // where we run decides whether the units can be controlled at all (chroot, no systemd): read it once
  const blocked = whyUnitsCannotBeControlled(d, readHostFacts(options.env));
  const systemd = d.services.some((s) => s.unit !== undefined) && blocked === undefined;
  const o: Upgrade = { ...options, systemd, stopBeforeApps: options.entry === 'gate' && systemd };
  ensureVarDir(productPaths(d).varDir, o.euid);
  const stored = readStoredState(d);
  const found = o.records.marker.read();
  const { action, dueToChecks } = actionUnderLock(o, stored, found, blocked);
  if (action.kind !== 'upgrade') return carryOut(o, action, stored.dataVersion);
  if (action.warning) o.terminal.warn(action.warning);

  const from = stored.dataVersion!;
  const plan = await planUnderLock(o);
  assertStateDirWritable(d.stateFile);
  assertOwnVarDir(d, o.env);
  const runId = newRunId();
  // before anything is stopped: a backup that cannot fit refuses the upgrade here (backup-plan.ts)
  const backup = planBackup(o, {
    plan,
    history: o.records.history.records(),
    from,
    platform: stored.platform,
    marker: o.records.marker,
    runId,
  });
  const start: RunStartFields = {
    by: o.startedBy,
    user: o.user,
    ...(o.force ? { force: true } : {}),
    ...(dueToChecks ? { checks: dueToChecks } : {}),
    ...waiversInEffect(d.name, o.env, o.euid),
  };
  const measured = measuredSteps(o, from);
  await runFrame(
    {
      o,
      runId,
      from,
      plan,
      run: { kind: 'upgrade', start, found, stopBeforeApps: o.stopBeforeApps, backup, measured },
    },
    realFrameEffects(o),
    upgradeReport(o, { runId, from, found }),
  );
  return EXIT.ok;
}

// Decided again under the lock: another run may have finished, failed or handed over meanwhile.
function actionUnderLock(
  o: Upgrade,
  stored: StoredState,
  marker: Marker | undefined,
  blocked: EntryInput['unitsBlocked'],
): { action: EntryAction; dueToChecks: string[] | undefined } {
  const d = o.descriptor;
  // the last run matters only to a check that asks for an upgrade at equal versions (read again for the
  // plan, after compaction: this rare double read keeps the common path from reading it early)
  const lastRun = o.checks?.needsUpgrade.length ? o.records.history.summary().lastRun : undefined;
  const decision = decide(
    decisionInputFor({ descriptor: d, build: o.build, stored, marker, checks: o.checks, lastRun }, o.skipVersionCheck),
  );
  const action = entryAction(
    entryInput(
      o.entry,
      { product: d, decision, marker, buildVersion: o.build.version },
      {
        underLock: true,
        failedScriptSumNow: checksumIfReadable(marker?.scriptPath),
        unitsBlocked: blocked,
        force: o.force,
      },
    ),
  );
  const dueToChecks =
    decision.kind === 'needed' ? decision.dueToChecks : decision.kind === 'refuse' ? decision.unmetChecks : undefined;
  return { action, dueToChecks };
}

// Every action but the upgrade itself, carried out: its marker, its message, its exit status.
async function carryOut(
  o: Upgrade,
  action: Exclude<EntryAction, { kind: 'upgrade' }>,
  dataVersion: string | undefined,
): Promise<ExitStatus> {
  const d = o.descriptor;
  const markerFor = (m: MarkerToWrite) => newMarker(m, { from: dataVersion, to: o.build.version });
  switch (action.kind) {
    case 'nothing':
      o.terminal.say(`${d.name}: ${action.message}`);
      if (action.clearRollback) clearRollbackMarker(o.records.marker, (m) => o.terminal.say(`${d.name}: ${m}`));
      if (action.restoreLeftovers && o.systemd) await restoreLeftovers(o);
      return action.exit;
    case 'refuse':
      if (action.marker) {
        o.records.marker.write(markerFor(action.marker));
        o.productLog.error(`refused: ${action.marker.detail}`);
      }
      throw new UpgradeHookError(action.code, `${d.name}: ${action.message}`, { hint: action.hint });
    case 'pass-and-finish':
      o.terminal.say(`${d.name}: ${action.message}`);
      await queueFinish(o.io.systemctl, d.name, (m) => warnBoth(o, m));
      return EXIT.ok;
    case 'defer':
      o.records.marker.write(markerFor(action.marker));
      o.productLog.warn(`not upgrading here: ${action.marker.detail}`);
      o.terminal.say(`${d.name}: ${action.message}`);
      return action.exit;
    case 'needs-admin':
      o.terminal.error(`${d.name}: ${action.message}`);
      return action.exit;
  }
}

// The history under the lock, then the plan from it: compacted when large, a script a killed run left
// settled, its status files gone, and none of its scripts still running.
async function planUnderLock(o: Upgrade): Promise<Plan> {
  const d = o.descriptor;
  const { varDir } = productPaths(d);
  const historyStore = o.records.history;
  historyStore.compactIfLarge(o);
  let history = historyStore.summary();
  // a script whose tool was killed alone may have run on, and completed: its end is recorded before the plan
  const settled = await settleInterruptedScript(
    history.interrupted,
    o.staleScriptWaitSec ?? 0,
    interruptedScriptEffects(o, varDir),
  );
  if (settled === 'recorded-ok' || settled === 'recorded-failed') history = historyStore.summary();
  removeStaleScriptExits(varDir);
  const plan = buildPlan(d, history, o);
  refuseIfOrphansRemain(history.lastRun?.run, history.interrupted);
  return plan;
}

// What an upgrade tells, and does besides its records, once it started and once it ended.
function upgradeReport(o: Upgrade, r: { runId: string; from: string; found: Marker | undefined }): FrameReport {
  const d = o.descriptor;
  const { runId, from } = r;
  return {
    started() {
      o.productLog.info(`upgrade ${d.name} ${from} -> ${o.build.version} started`, {
        run: runId,
        from,
        to: o.build.version,
      });
      o.terminal.say(`${d.name}: upgrading data ${from} -> ${o.build.version}`);
    },
    async ended(outcome, restarted) {
      if (outcome.kind === 'handed-over') {
        const finish = finishUnit(d.name);
        o.productLog.info(`phases with the apps down done; ${finish} runs the rest after the apps start`, {
          run: runId,
        });
        o.terminal.say(`${d.name}: the apps may start; ${finish} finishes the upgrade (${outcome.why})`);
        await queueFinish(o.io.systemctl, d.name, (m) => warnBoth(o, m));
        return;
      }
      if (outcome.kind === 'failed') {
        const failure = outcome.failure;
        const what = failureText(failure);
        o.productLog.error(`upgrade failed: ${what}`, { run: runId, step: failure.step });
        if (o.systemd) await dropRestartMarksAfterFailure(o);
        const next = failure.resumable
          ? `fix the cause, then rerun (it resumes at ${failure.step}): ${o.rerunCommand}`
          : `${failure.hint ? `${failure.hint}; then rerun: ` : 'fix the service, then rerun: '}${o.rerunCommand}`;
        throw new UpgradeHookError('UPGRADE_FAILED', `${d.name}: upgrade failed: ${what}; log: ${d.logFile}`, {
          hint: next,
        });
      }
      // the data a rollback moved aside is kept until an upgrade succeeds again
      discardSetAside(productPaths(d).varDir, (m) => o.productLog.info(m));
      // a gate that failed before (the admin's rerun fixed it) would keep the host "degraded"
      if (o.systemd) await o.io.systemctl(['reset-failed', gateUnit(d.name), finishUnit(d.name)], 30);
      // after the stamp: a unit restarted now passes its gate as up to date
      if (o.systemd) await settleRestartMarks(o, restarted, r.found?.restartAfter ?? []);
      o.productLog.info(`upgrade ${d.name} ${from} -> ${o.build.version} done`, { run: runId });
      o.terminal.say(`${d.name}: data upgraded to ${o.build.version}`);
    },
  };
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
  await restoreUnits(productServices(o.descriptor, o.io, o), units);
  o.records.stopped.forget();
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

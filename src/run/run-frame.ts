// The frame of every run, once: an upgrade (run, gate, posttrans, bridge, the finish unit), steps by hand
// (`run --only`) and the runner tests' world. Under the lock the caller holds: the scripts' work dir, the
// marker of an upgrade in progress, the run-start record, the phases (executePlan), then the outcome's
// records (the stamp, the run-end, the marker: outcome-records.ts), and at the end the work dir and the
// published phase go. The effects on the system besides the records are FrameEffects (frame-effects.ts).
import { isUpgradeHookError, UpgradeHookError } from '../errors.js';
import type { MeasuredStep } from '../record/measured-run.js';
import type { Plan } from '../plan/planner.js';
import type { Marker } from '../record/marker.js';

import { executePlan } from './execute-plan.js';
import { inProgressMarker, markerAfter, runEndRecord, type RunStartFields } from './outcome-records.js';
import type { FrameEffects, Outcome, PlannedBackup, UpgradeOptions } from './run-types.js';
export type { FrameEffects } from './run-types.js';

/** An upgrade stamps and keeps the marker; steps by hand do neither. */
export type FrameRun =
  | {
      kind: 'upgrade';
      start: RunStartFields;
      /** The marker found under the lock: the in-progress marker keeps it as `previous`. */
      found: Marker | undefined;
      /** The gate: the phases that need the apps down only. */
      stopBeforeApps: boolean;
      backup?: PlannedBackup | undefined;
      /** Each script's duration in the last rehearsal or run of this upgrade: the ETA (plan/downtime.ts). */
      measured?: MeasuredStep[] | undefined;
    }
  | { kind: 'only'; start: RunStartFields; startNothingAfter: boolean };

export interface Frame {
  o: UpgradeOptions;
  runId: string;
  /** The data version the run starts from. */
  from: string;
  plan: Plan;
  run: FrameRun;
}

/** What the caller tells and does around the records: after the run-start, and after the outcome's records
 * (`restarted`: the units stopped, by this run or one before, that were started again or will be). */
export interface FrameReport {
  started(): void;
  ended(outcome: Outcome, restarted: string[]): Promise<void>;
}

/** A run's id: its start time and the tool's pid. */
export function newRunId(pid = process.pid): string {
  return `${new Date().toISOString().replace(/[-:.]/g, '').slice(0, 15)}-${pid}`;
}

export async function runFrame(f: Frame, fx: FrameEffects, report?: FrameReport): Promise<Outcome> {
  const { o, runId, run } = f;
  const { history, marker, stopped } = o.records;
  const versions = { from: f.from, to: o.build.version };
  const writer = history.open();
  let lockLost = false;
  const unguard = run.kind === 'upgrade' ? fx.guard() : () => {};
  try {
    const { tmp, toolDir } = fx.workDir.make();
    if (run.kind === 'upgrade') {
      const at = fx.at();
      marker.write(inProgressMarker(`the upgrade started at ${at} did not finish`, { ...versions, at }, run.found));
    }
    writer.append({ t: 'run-start', run: runId, at: fx.at(), ...versions, pid: fx.pid, ...run.start });
    report?.started();
    const restarted = new Set(stopped.all());
    const outcome = await executePlan(f.plan, {
      o,
      runId,
      writer,
      tmp,
      from: f.from,
      toolDir,
      restartFile: fx.restartFile,
      stopBeforeApps: run.kind === 'upgrade' && run.stopBeforeApps,
      ...(run.kind === 'upgrade' && run.backup ? { backup: run.backup } : {}),
      ...(run.kind === 'upgrade' && run.measured ? { measured: run.measured } : {}),
      ...(run.kind === 'only' ? { startNothingAfter: run.startNothingAfter } : {}),
      publish: (phase) => fx.lock.publish(phase),
      assertLockHeld: (next) => fx.lock.assertHeld(next),
      stopped: {
        add: (units) => {
          for (const u of stopped.add(units)) restarted.add(u);
        },
        all: () => stopped.all(),
        forget: () => stopped.forget(),
        remove: (units) => stopped.remove(units),
      },
    });
    if (run.kind === 'upgrade' && outcome.kind === 'done') {
      fx.lock.assertHeld('the stamp');
      fx.stamp();
    }
    writer.append(runEndRecord(runId, fx.at(), outcome));
    if (run.kind === 'upgrade') {
      const after = markerAfter(outcome, {
        ...versions,
        at: fx.at(),
        product: o.descriptor.name,
        plan: f.plan,
        checksum: o.io.checksum,
      });
      if (after) marker.write(after);
      else marker.remove();
    }
    await report?.ended(outcome, [...restarted]);
    return outcome;
  } catch (e) {
    // the work dir and the phase file may be the new holder's now
    if (isUpgradeHookError(e) && e.code === 'LOCK_LOST') lockLost = true;
    const signal = fx.interruptedBy();
    if (run.kind === 'upgrade' && isUpgradeHookError(e) && e.code === 'INTERRUPTED' && signal) {
      // not a failure: no run-end record, the marker stays "interrupted" and the rerun resumes
      const at = fx.at();
      const detail = `the upgrade was interrupted by ${signal} at ${at}; rerun to resume`;
      marker.write(inProgressMarker(detail, { ...versions, at }, run.found));
      o.productLog.warn(`upgrade interrupted by ${signal}`, { run: runId });
      throw new UpgradeHookError('INTERRUPTED', `${o.descriptor.name}: ${e.message}`, {
        hint: `rerun to resume: ${o.rerunCommand}`,
      });
    }
    throw e;
  } finally {
    unguard();
    writer.close();
    if (!lockLost) fx.workDir.remove();
    fx.lock.clearPhase();
  }
}

// What a run writes for the next one, as values: its run-end record, the marker an upgrade leaves while
// it runs and after each outcome (handed over, failed; none once done). Pure: run-frame.ts writes them,
// and the runner tests assert them in memory (test/unit/runner-records.test.ts).
import type { Plan } from '../plan/planner.js';
import type { HistoryRecord } from '../record/history-record.js';
import { newMarker, previousOf, type Marker } from '../record/marker.js';
import { finishUnit } from '../systemd/topology.js';
import type { Outcome } from './run-types.js';

export type RunStartRecord = Extract<HistoryRecord, { t: 'run-start' }>;
/** What a run-start says besides the run, the time, the versions and the pid: who started it, and why. */
export type RunStartFields = Omit<RunStartRecord, 't' | 'run' | 'at' | 'from' | 'to' | 'pid'>;

/** The two versions and the time every marker of one run carries. */
export interface MarkerContext {
  from: string;
  to: string;
  at: string;
}

export function runEndRecord(run: string, at: string, outcome: Outcome): HistoryRecord {
  switch (outcome.kind) {
    case 'done':
      return { t: 'run-end', run, at, result: 'ok' };
    case 'handed-over':
      return { t: 'run-end', run, at, result: 'handed-over', reason: outcome.why };
    case 'failed':
      return {
        t: 'run-end',
        run,
        at,
        result: 'failed',
        failed: outcome.failure.step,
        reason: outcome.failure.reason,
      };
  }
}

/** The marker of an upgrade in progress (a kill leaves it): the failure or deferral it replaced stays as `previous`. */
export function inProgressMarker(detail: string, c: MarkerContext, replaced: Marker | undefined): Marker {
  return newMarker({ state: 'failed', reason: 'interrupted', detail }, c, {
    since: c.at,
    ...(replaced ? { previous: previousOf(replaced) } : {}),
  });
}

/** The marker an upgrade's outcome leaves, undefined when done (the marker goes, after the stamp).
 * `checksum`: the failed script's now, so that the gate retries only once it (or the build) changed. */
export function markerAfter(
  outcome: Outcome,
  c: MarkerContext & { product: string; plan: Plan; checksum: (path: string) => string | undefined },
): Marker | undefined {
  if (outcome.kind === 'done') return undefined;
  const at = { since: c.at };
  if (outcome.kind === 'handed-over') {
    const detail = `the phases that need the apps down are done; ${outcome.why}: ${finishUnit(c.product)} finishes the upgrade once the apps have started`;
    return newMarker({ state: 'deferred', reason: 'online-pending', detail }, c, at);
  }
  const failure = outcome.failure;
  const failedPath = [...c.plan.steps, ...c.plan.cleanup].find((s) => s.script.name === failure.step)?.script.path;
  const reason = failure.resumable ? 'script-failed' : failure.step === 'backup' ? 'backup-failed' : 'service-failed';
  return newMarker({ state: 'failed', reason, detail: failureText(outcome.failure) }, c, {
    ...at,
    ...(failure.resumable ? { script: failure.step } : {}),
    ...(failure.lastOutput.length ? { lastOutput: failure.lastOutput } : {}),
    ...(failedPath ? { scriptPath: failedPath, scriptSum: c.checksum(failedPath) } : {}),
  });
}

/** A failure in one phrase: the script and why, or what the services did. */
export function failureText(failure: { step: string; reason: string; resumable: boolean }): string {
  return failure.resumable ? `${failure.step} ${failure.reason}` : failure.reason;
}

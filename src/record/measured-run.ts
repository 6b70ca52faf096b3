// The measured cost of a finished run (issue 24, docs/rehearse.md), from its history records: how long it
// took, how long the product's apps were down and each step's duration. What plan/downtime.ts predicts from,
// and what a rehearsal's report stores (record/rehearsal.ts). Pure.
import type { HistoryRecord } from './history-record.js';

export interface MeasuredStep {
  script: string;
  phase: string;
  ms: number;
  result: 'ok' | 'failed';
}

export interface MeasuredRun {
  run: string;
  from: string;
  to: string;
  result: 'ok' | 'failed' | 'handed-over';
  /** run-start to run-end. */
  runMs: number;
  /**
   * The apps' downtime as the run records it: from run-start (the apps are stopped first) to the first script
   * of a phase that has the apps up (they were started and ready before it), or to run-end when no such
   * script ran (the apps start at the end).
   */
  downtimeMs: number;
  steps: MeasuredStep[];
}

/** Phases whose scripts run with the apps up (plan/../descriptor rolesUpIn: not offline, not backend). */
const appsUp = (phase: string) => phase !== 'offline' && phase !== 'backend';

/** Every finished run of the records (not `run --only`), oldest first. */
export function measuredRuns(records: Iterable<HistoryRecord>): MeasuredRun[] {
  const runs: MeasuredRun[] = [];
  const open = new Map<string, { start: number; firstUp: number | undefined; r: MeasuredRun }>();
  for (const rec of records) {
    const at = Date.parse(rec.at);
    if (rec.t === 'run-start') {
      if (rec.only) continue;
      open.set(rec.run, {
        start: at,
        firstUp: undefined,
        r: { run: rec.run, from: rec.from, to: rec.to, result: 'ok', runMs: 0, downtimeMs: 0, steps: [] },
      });
    } else if (rec.t === 'script-start') {
      const o = open.get(rec.run);
      if (o && o.firstUp === undefined && appsUp(rec.phase)) o.firstUp = at;
    } else if (rec.t === 'script-end') {
      open
        .get(rec.run)
        ?.r.steps.push({ script: `${rec.kind}/${rec.script}`, phase: rec.phase, ms: rec.ms, result: rec.result });
    } else if (rec.t === 'run-end') {
      const o = open.get(rec.run);
      if (!o) continue;
      open.delete(rec.run);
      o.r.result = rec.result;
      o.r.runMs = Math.max(0, at - o.start);
      o.r.downtimeMs = Math.max(0, (o.firstUp ?? at) - o.start);
      runs.push(o.r);
    }
  }
  return runs;
}

// The measured cost of an upgrade (issue 24, docs/rehearse.md): from a run's history records, how long it took,
// how long the product's apps were down and each step's duration; and the line `plan` and `rehearse` print.
// Never a guess: without a measurement there is no number. Pure.
import type { HistoryRecord } from '../record/history-record.js';

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

/** The last successful run from `from` to `to` in the records, if any. */
export function lastRunOf(records: Iterable<HistoryRecord>, from: string, to: string): MeasuredRun | undefined {
  return measuredRuns(records)
    .filter((r) => r.result === 'ok' && r.from === from && r.to === to)
    .at(-1);
}

/** What a stored rehearsal says about an upgrade (the part of VAR_DIR/rehearse/last.json plan reads). */
export interface RehearsalSummary {
  at: string;
  from: string;
  to: string;
  ok: boolean;
  run: MeasuredRun | null;
}

export type Prediction =
  | { kind: 'rehearsal'; from: string; to: string; at: string; run: MeasuredRun }
  | { kind: 'history'; from: string; to: string; run: MeasuredRun }
  | { kind: 'none'; from: string | undefined };

/**
 * The prediction for an upgrade of data at `from`: the last rehearsal from that version (successful, with a
 * measured run), else this host's last run from `from` to `to` (the target build), else none.
 */
export function predictDowntime(
  from: string | undefined,
  to: string | undefined,
  rehearsal: RehearsalSummary | undefined,
  history: Iterable<HistoryRecord>,
): Prediction {
  if (from === undefined) return { kind: 'none', from };
  const r = rehearsal?.ok && rehearsal.run && rehearsal.from === from ? rehearsal : undefined;
  if (r?.run && (to === undefined || r.to === to)) return { kind: 'rehearsal', from, to: r.to, at: r.at, run: r.run };
  if (to !== undefined) {
    const run = lastRunOf(history, from, to);
    if (run) return { kind: 'history', from, to, run };
  }
  return { kind: 'none', from };
}

export function seconds(ms: number): string {
  return ms < 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms / 1000)} s`;
}

/** plan's lines: the predicted downtime and each measured step, or that there is no measurement. */
export function describePrediction(p: Prediction): string[] {
  if (p.kind === 'none')
    return [
      `predicted downtime: unknown (no rehearsal or run of this upgrade measured on this host; upgrade-hook rehearse measures one)`,
    ];
  const source = p.kind === 'rehearsal' ? `the rehearsal of ${p.at}` : `this host's run ${p.run.run}`;
  return [
    `predicted downtime: ${seconds(p.run.downtimeMs)} of ${seconds(p.run.runMs)} (${p.from} -> ${p.to}, measured by ${source})`,
    ...p.run.steps.map((s) => `  ${s.script.padEnd(36)} ${s.phase.padEnd(8)} ${seconds(s.ms)}`),
  ];
}

/** The ETA of a run's remaining steps from their measured durations; undefined when one is not measured. */
export function remainingMs(measured: MeasuredStep[], remaining: string[]): number | undefined {
  let total = 0;
  for (const r of remaining) {
    const m = measured.find((s) => s.script === r);
    if (!m) return undefined;
    total += m.ms;
  }
  return total;
}

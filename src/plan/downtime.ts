// The predicted cost of an upgrade (issue 24, docs/rehearse.md): from the last rehearsal or this host's own
// runs as measured from their records (record/measured-run.ts), how long the upgrade will take and how long
// the product's apps will be down; and the line `plan` and `rehearse` print. Never a guess: without a
// measurement there is no number. Pure.
import type { HistoryRecord } from '../record/history-record.js';
import { measuredRuns, type MeasuredRun, type MeasuredStep } from '../record/measured-run.js';
import type { RehearsalSummary } from '../record/rehearsal.js';

/** The last successful run from `from` to `to` in the records, if any. */
export function lastRunOf(records: Iterable<HistoryRecord>, from: string, to: string): MeasuredRun | undefined {
  return measuredRuns(records)
    .filter((r) => r.result === 'ok' && r.from === from && r.to === to)
    .at(-1);
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

// What `history` shows, folded from the records as they stream by: the runs (like `dnf history`) and the
// steps of one run (like `dnf history info`). Pure: records in, rows out.
import type { ScriptKind } from '../script/script.js';
import type { HistoryRecord, Starter } from '../record/history-record.js';

export type RunResult = 'ok' | 'failed' | 'interrupted' | 'running' | 'handed-over';

export interface RunRow {
  id: string;
  /** upgrade: a run of the upgrade; by-hand: `run --only`; resolve: an admin marked a step done; stamp: baselines. */
  type: 'upgrade' | 'by-hand' | 'resolve' | 'stamp';
  by: Starter | 'resolve' | 'stamp' | null;
  user: string | null;
  startedAt: string;
  endedAt: string | null;
  from: string | null;
  to: string | null;
  result: RunResult;
  /** The step that failed, the one resolved, or null. */
  script: string | null;
  reason: string | null;
  steps: number;
  only: string[] | null;
  force: boolean;
}

export interface StepRow {
  step: string;
  kind: ScriptKind;
  phase: string;
  startedAt: string;
  endedAt: string | null;
  ms: number | null;
  result: 'ok' | 'failed' | 'interrupted' | 'running';
  exit: number | null;
  signal: string | null;
  reason: string | null;
}

// The fields the view reads, by kind: name → type ('?' after the name: may be missing).
const FIELDS: Record<HistoryRecord['t'], Record<string, string>> = {
  'run-start': {
    run: 'string',
    at: 'string',
    'from?': 'string',
    'to?': 'string',
    'by?': 'string',
    'user?': 'string',
    'only?': 'string[]',
    'force?': 'boolean',
  },
  'script-start': { run: 'string', at: 'string', script: 'string', kind: 'string', phase: 'string' },
  'script-end': {
    run: 'string',
    at: 'string',
    script: 'string',
    kind: 'string',
    phase: 'string',
    result: 'string',
    'ms?': 'number',
    'exit?': 'number|null',
    'signal?': 'string|null',
    'reason?': 'string',
  },
  'run-end': { run: 'string', at: 'string', result: 'string', 'failed?': 'string', 'reason?': 'string' },
  baseline: { run: 'string', at: 'string', version: 'string' },
  resolve: {
    run: 'string',
    at: 'string',
    script: 'string',
    kind: 'string',
    what: 'string',
    reason: 'string',
    user: 'string',
    to: 'string',
  },
};

function typeOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return v.every((x) => typeof x === 'string') ? 'string[]' : 'array';
  return typeof v;
}

/** What is wrong with a record of a known kind for this view (a field missing or of another type), or undefined. */
export function recordProblem(r: HistoryRecord): string | undefined {
  const fields = FIELDS[r.t];
  for (const [spec, type] of Object.entries(fields)) {
    const optional = spec.endsWith('?');
    const name = optional ? spec.slice(0, -1) : spec;
    const v = (r as unknown as Record<string, unknown>)[name];
    if (v === undefined) {
      if (optional) continue;
      return `its "${r.t}" record has no "${name}"`;
    }
    if (!type.split('|').includes(typeOf(v)))
      return `its "${r.t}" record's "${name}" is ${JSON.stringify(v).slice(0, 40)}, not a ${type.replace('|', ' or ')}`;
  }
  return undefined;
}

/** The runs, oldest first; only the last `keep` are held (`earlier` counts the others). */
export function listRuns(records: Iterable<HistoryRecord>, keep = 1000): { runs: RunRow[]; earlier: number } {
  const rows: RunRow[] = [];
  const byId = new Map<string, RunRow>();
  let earlier = 0;
  const add = (row: RunRow) => {
    rows.push(row);
    byId.set(row.id, row);
    if (rows.length > keep) {
      byId.delete(rows.shift()!.id);
      earlier++;
    }
  };
  let current: RunRow | undefined;
  for (const r of records) {
    switch (r.t) {
      case 'run-start':
        if (current?.result === 'running') current.result = 'interrupted';
        current = {
          id: r.run,
          type: r.by === 'only' ? 'by-hand' : 'upgrade',
          by: r.by ?? null,
          user: r.user ?? null,
          startedAt: r.at,
          endedAt: null,
          from: r.from,
          to: r.to,
          result: 'running',
          script: null,
          reason: null,
          steps: 0,
          only: r.only ?? null,
          force: r.force === true,
        };
        add(current);
        break;
      case 'script-start':
        break; // the end record tells how the step went
      case 'script-end': {
        const row = byId.get(r.run);
        if (!row) break;
        row.steps++;
        if (r.result === 'failed') {
          row.script = r.script;
          row.reason = r.reason ?? null;
        }
        break;
      }
      case 'run-end': {
        const row = byId.get(r.run);
        if (!row) break;
        row.endedAt = r.at;
        row.result = r.result;
        if (r.failed) row.script = r.failed;
        if (r.reason) row.reason = r.reason;
        break;
      }
      case 'baseline': {
        const row = byId.get(r.run);
        if (row) {
          row.steps++;
          break;
        }
        add({
          id: r.run,
          type: 'stamp',
          by: 'stamp',
          user: null,
          startedAt: r.at,
          endedAt: r.at,
          from: null,
          to: r.version,
          result: 'ok',
          script: null,
          reason: 'once-scripts present recorded as done (baseline)',
          steps: 1,
          only: null,
          force: false,
        });
        break;
      }
      case 'resolve':
        add({
          id: r.run,
          type: 'resolve',
          by: 'resolve',
          user: r.user,
          startedAt: r.at,
          endedAt: r.at,
          from: null,
          to: r.to,
          result: 'ok',
          script: `${r.kind}/${r.script}`,
          reason: `${r.what === 'changed' ? 'new content accepted' : r.what === 'forced' ? 'marked done (--force)' : 'failed step marked done'}: ${r.reason}`,
          steps: 0,
          only: null,
          force: r.what === 'forced',
        });
        break;
    }
  }
  return { runs: rows, earlier };
}

/** The steps of one run, in the order they started. */
// A step as its start record shows it; an end record without a start (a compacted history) starts one too.
function runningRow(r: { script: string; kind: ScriptKind; phase: StepRow['phase']; at: string }): StepRow {
  return {
    step: r.script,
    kind: r.kind,
    phase: r.phase,
    startedAt: r.at,
    endedAt: null,
    ms: null,
    result: 'running',
    exit: null,
    signal: null,
    reason: null,
  };
}

export function runSteps(records: Iterable<HistoryRecord>, id: string): StepRow[] {
  const steps: StepRow[] = [];
  const open = new Map<string, StepRow>();
  for (const r of records) {
    if (r.run !== id) continue;
    if (r.t === 'script-start') {
      const row = runningRow(r);
      steps.push(row);
      open.set(`${r.kind}/${r.script}`, row);
    } else if (r.t === 'script-end') {
      let row = open.get(`${r.kind}/${r.script}`);
      if (!row) {
        row = runningRow(r);
        steps.push(row);
      }
      open.delete(`${r.kind}/${r.script}`);
      Object.assign(row, {
        endedAt: r.at,
        ms: r.ms,
        result: r.result,
        exit: r.exit,
        signal: r.signal,
        reason: r.reason ?? null,
      });
    } else if (r.t === 'run-end') {
      for (const row of open.values()) row.result = 'interrupted';
      open.clear();
    }
  }
  return steps;
}

/** RUN as the admin typed it: an id, a unique prefix of one, or `last`. */
export function findRun(runs: RunRow[], ref: string): RunRow | { ambiguous: RunRow[] } | undefined {
  if (ref === 'last') return runs.at(-1);
  const exact = runs.find((r) => r.id === ref);
  if (exact) return exact;
  const prefixed = runs.filter((r) => r.id.startsWith(ref));
  if (prefixed.length === 1) return prefixed[0];
  return prefixed.length > 1 ? { ambiguous: prefixed } : undefined;
}

export function duration(ms: number | null): string {
  if (ms === null) return '-';
  if (ms < 1000) return `${ms} ms`;
  if (ms < 120_000) return `${(ms / 1000).toFixed(1)} s`;
  return `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;
}

export function between(start: string, end: string | null): number | null {
  if (!end) return null;
  const ms = Date.parse(end) - Date.parse(start);
  return Number.isFinite(ms) ? ms : null;
}

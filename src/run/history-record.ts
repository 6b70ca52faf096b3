// The history: one JSON object per line, appended and made durable before the next step starts.
import type { ScriptKind } from '../plan/script.js';

export type HistoryRecord =
  | { t: 'run-start'; run: string; at: string; from: string; to: string; pid: number; force?: boolean }
  | { t: 'script-start'; run: string; at: string; script: string; kind: ScriptKind; phase: string; sum: string; pid?: number }
  | { t: 'script-end'; run: string; at: string; script: string; kind: ScriptKind; phase: string; sum: string; result: 'ok' | 'failed'; exit: number | null; signal: string | null; reason?: string; ms: number; fp?: string }
  | { t: 'run-end'; run: string; at: string; result: 'ok' | 'failed' | 'handed-over'; failed?: string; reason?: string }
  | { t: 'baseline'; run: string; at: string; script: string; sum: string; version: string; fp?: string };

export interface OnceDone {
  sum: string;
  /** The script file's fingerprint when it ran (see ScriptFile.fingerprint). */
  fp: string | undefined;
  at: string;
  baseline: boolean;
}

export interface RunSummary {
  run: string;
  from: string;
  to: string;
  startedAt: string;
  endedAt: string | undefined;
  result: 'ok' | 'failed' | 'interrupted' | 'running' | 'handed-over';
  failedScript: string | undefined;
  reason: string | undefined;
}

export interface HistorySummary {
  /** once-scripts with a successful record (or a baseline from `stamp`), by name. */
  onceDone: Map<string, OnceDone>;
  /** Scripts that finished ok in the attempt still in progress (after the last successful run), `kind/name` → target version. */
  attemptDone: Map<string, string>;
  lastRun: RunSummary | undefined;
  /** A script that started in the last run and has no end record: the run was killed while it ran. */
  interrupted: { script: string; kind: ScriptKind; pid: number | undefined; at: string } | undefined;
  records: number;
}

/** Folds the records, oldest first, into what the planner and `status` need. */
export function summarize(records: Iterable<HistoryRecord>): HistorySummary {
  const s: HistorySummary = { onceDone: new Map(), attemptDone: new Map(), lastRun: undefined, interrupted: undefined, records: 0 };
  const started = new Map<string, { script: string; kind: ScriptKind; pid: number | undefined; at: string }>();
  let target = '';
  for (const r of records) {
    s.records++;
    switch (r.t) {
      case 'run-start':
        if (s.lastRun && s.lastRun.result === 'running') s.lastRun.result = 'interrupted';
        s.lastRun = { run: r.run, from: r.from, to: r.to, startedAt: r.at, endedAt: undefined, result: 'running', failedScript: undefined, reason: undefined };
        target = r.to;
        started.clear();
        s.interrupted = undefined;
        break;
      case 'script-start':
        started.set(`${r.kind}/${r.script}`, { script: r.script, kind: r.kind, pid: r.pid, at: r.at });
        s.interrupted = { script: r.script, kind: r.kind, pid: r.pid, at: r.at };
        break;
      case 'script-end':
        started.delete(`${r.kind}/${r.script}`);
        s.interrupted = undefined;
        if (r.result === 'ok') {
          if (r.kind === 'once') s.onceDone.set(r.script, { sum: r.sum, fp: r.fp, at: r.at, baseline: false });
          s.attemptDone.set(`${r.kind}/${r.script}`, target);
        } else if (s.lastRun) {
          s.lastRun.failedScript = r.script;
          s.lastRun.reason = r.reason;
        }
        break;
      case 'run-end':
        if (s.lastRun && s.lastRun.run === r.run) {
          s.lastRun.endedAt = r.at;
          s.lastRun.result = r.result;
          if (r.failed) s.lastRun.failedScript = r.failed;
          if (r.reason) s.lastRun.reason = r.reason;
        }
        if (r.result === 'ok') s.attemptDone.clear();
        break;
      case 'baseline':
        s.onceDone.set(r.script, { sum: r.sum, fp: r.fp, at: r.at, baseline: true });
        break;
    }
  }
  return s;
}

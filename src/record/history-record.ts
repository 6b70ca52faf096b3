// The history: one JSON object per line, appended and made durable before the next step starts.
import type { ScriptKind } from '../script/script.js';

/** Who started a run: the package transaction, the dnf bridge, the service start, the finish unit, an admin's
 * `run`, or an admin's `run --only` (steps by hand, never an upgrade). */
export type Starter = 'posttrans' | 'bridge' | 'gate' | 'finish' | 'run' | 'only';

export type HistoryRecord =
  // `by`, `user` and `only` came later: a history written before them reads as before (starter unknown).
  | {
      t: 'run-start';
      run: string;
      at: string;
      from: string;
      to: string;
      pid: number;
      force?: boolean;
      by?: Starter;
      user?: string;
      only?: string[];
      /** The checks whose "needs an upgrade" made this run due at equal versions. */
      checks?: string[];
      /** The admin's preflight waivers that held when the run started (preflight/waivers.ts). */
      waivers?: Array<{ key: string; reason: string; expires: string | null }>;
    }
  | {
      t: 'script-start';
      run: string;
      at: string;
      script: string;
      kind: ScriptKind;
      phase: string;
      sum: string;
      pid?: number;
    }
  | {
      t: 'script-end';
      run: string;
      at: string;
      script: string;
      kind: ScriptKind;
      phase: string;
      sum: string;
      result: 'ok' | 'failed';
      exit: number | null;
      signal: string | null;
      reason?: string;
      ms: number;
      fp?: string;
      /** Written by a later run from the status the script's shell left: the tool was killed while it ran. */
      recovered?: true;
    }
  | { t: 'run-end'; run: string; at: string; result: 'ok' | 'failed' | 'handed-over'; failed?: string; reason?: string }
  | { t: 'baseline'; run: string; at: string; script: string; sum: string; version: string; fp?: string }
  /** `resolve`: an admin marked a step done after a manual fix (`failed`, `forced`), or accepted a once-script's
   * new content (`changed`). `to`: the build the attempt aims at (an always-step counts as done for it only). */
  | {
      t: 'resolve';
      run: string;
      at: string;
      script: string;
      kind: ScriptKind;
      sum: string;
      fp?: string;
      what: 'failed' | 'changed' | 'forced';
      reason: string;
      user: string;
      to: string;
    };

export interface OnceDone {
  sum: string;
  /** The script file's fingerprint when it ran (see ScriptFile.fingerprint). */
  fp: string | undefined;
  at: string;
  baseline: boolean;
  /** How it came to count as done besides an upgrade: run by hand (`run --only`), or marked by `resolve`. */
  how?: 'by-hand' | 'resolved';
  /** The positions (0-based) of the records it comes from: compaction keeps them. */
  sources: number[];
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
  by: Starter | undefined;
  /** The checks that made the run due at equal versions (a finish run inherits them from the run it finishes). */
  dueToChecks: string[] | undefined;
}

/** A script-start without its end: the run that started it, and what its end record needs. */
export interface InterruptedScript {
  run: string;
  script: string;
  kind: ScriptKind;
  phase: string;
  sum: string;
  pid: number | undefined;
  at: string;
}

export interface HistorySummary {
  /** once-scripts with a successful record (or a baseline from `stamp`, or a `resolve`), by name. */
  onceDone: Map<string, OnceDone>;
  /** Scripts that finished ok in the attempt still in progress (after the last successful run), `kind/name` → target version. */
  attemptDone: Map<string, string>;
  /** Where each attemptDone entry comes from: its record and the run-start before it (compaction keeps both). */
  attemptSources: Map<string, number[]>;
  /** The last upgrade run; steps run by hand (`run --only`) are not one. */
  lastRun: RunSummary | undefined;
  /** A script that started in the last upgrade run and has no end record: the run was killed while it ran. */
  interrupted: InterruptedScript | undefined;
  records: number;
}

/** Folds the records, oldest first, into what the planner and `status` need. */
export function summarize(records: Iterable<HistoryRecord>): HistorySummary {
  const s: HistorySummary = {
    onceDone: new Map(),
    attemptDone: new Map(),
    attemptSources: new Map(),
    lastRun: undefined,
    interrupted: undefined,
    records: 0,
  };
  let target = '';
  let runStartIndex = -1;
  // the run id of steps run by hand now: they never count as an upgrade (no attempt, no last run)
  let byHand: string | undefined;
  let byHandStart = -1;
  for (const r of records) {
    const index = s.records++;
    switch (r.t) {
      case 'run-start': {
        if (r.by === 'only') {
          byHand = r.run;
          byHandStart = index;
          break;
        }
        byHand = undefined;
        if (s.lastRun && s.lastRun.result === 'running') s.lastRun.result = 'interrupted';
        const continued =
          s.lastRun?.result === 'handed-over' && s.lastRun.to === r.to ? s.lastRun.dueToChecks : undefined;
        s.lastRun = {
          run: r.run,
          from: r.from,
          to: r.to,
          startedAt: r.at,
          endedAt: undefined,
          result: 'running',
          failedScript: undefined,
          reason: undefined,
          by: r.by,
          dueToChecks: r.checks ?? continued,
        };
        target = r.to;
        runStartIndex = index;
        s.interrupted = undefined;
        break;
      }
      case 'script-start':
        if (r.run === byHand) break;
        s.interrupted = {
          run: r.run,
          script: r.script,
          kind: r.kind,
          phase: r.phase,
          sum: r.sum,
          pid: r.pid,
          at: r.at,
        };
        break;
      case 'script-end':
        if (r.run === byHand) {
          // a once-step an admin ran by hand has done its work on the data: an upgrade does not run it again
          if (r.result === 'ok' && r.kind === 'once')
            s.onceDone.set(r.script, {
              sum: r.sum,
              fp: r.fp,
              at: r.at,
              baseline: false,
              how: 'by-hand',
              sources: [byHandStart, index],
            });
          break;
        }
        s.interrupted = undefined;
        if (r.result === 'ok') {
          if (r.kind === 'once')
            s.onceDone.set(r.script, { sum: r.sum, fp: r.fp, at: r.at, baseline: false, sources: [index] });
          s.attemptDone.set(`${r.kind}/${r.script}`, target);
          s.attemptSources.set(`${r.kind}/${r.script}`, runStartIndex >= 0 ? [runStartIndex, index] : [index]);
        } else if (s.lastRun) {
          s.lastRun.failedScript = r.script;
          s.lastRun.reason = r.reason;
        }
        break;
      case 'run-end':
        if (r.run === byHand) break;
        if (s.lastRun && s.lastRun.run === r.run) {
          s.lastRun.endedAt = r.at;
          s.lastRun.result = r.result;
          if (r.failed) s.lastRun.failedScript = r.failed;
          if (r.reason) s.lastRun.reason = r.reason;
        }
        if (r.result === 'ok') {
          s.attemptDone.clear();
          s.attemptSources.clear();
        }
        break;
      case 'baseline':
        s.onceDone.set(r.script, { sum: r.sum, fp: r.fp, at: r.at, baseline: true, sources: [index] });
        break;
      case 'resolve':
        if (r.kind === 'once')
          s.onceDone.set(r.script, {
            sum: r.sum,
            fp: r.fp,
            at: r.at,
            baseline: false,
            how: 'resolved',
            sources: [index],
          });
        if (r.what !== 'changed') {
          s.attemptDone.set(`${r.kind}/${r.script}`, r.to);
          s.attemptSources.set(`${r.kind}/${r.script}`, [index]);
        }
        break;
    }
  }
  return s;
}

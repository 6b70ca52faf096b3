// One script of an upgrade: its start record, the run, its durable end record, and any restart it asked for.
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import type { PlannedStep } from '../plan/planner.js';
import type { HistoryWriter } from '../record/history-file.js';
import type { RunnerIO } from '../services/runner-io.js';
import type { ScriptOutcome } from '../script/spawn-script.js';
import type { LeftoverOutput } from '../proc/leftover-output.js';
import { scriptExitId } from '../record/script-exit.js';

export interface StepContext {
  run: string;
  history: HistoryWriter;
  env: (step: PlannedStep) => Record<string, string>;
  restartFile: string;
  defaultTimeoutSec: number;
  /** Owners a script and its directories may have besides root (the invoking user). */
  trustedUids: readonly number[];
  /** The script's process and the check right before it (services/runner-io.ts). */
  io: Pick<RunnerIO, 'spawnScript' | 'whyNotRunnable'>;
  checksum: (step: PlannedStep) => string;
  /** The log's share of the output (every byte, long lines in pieces) and the terminal's (lines cut short). */
  onPiece: (
    step: PlannedStep,
    stream: 'stdout' | 'stderr',
    text: string,
    part: { n: number; last: boolean } | undefined,
  ) => void;
  onLine: (step: PlannedStep, stream: 'stdout' | 'stderr', shown: string) => void;
  /** Where the output of a process the script left running goes once the tool stops listening. */
  leftover?: (step: PlannedStep) => LeftoverOutput;
  /** Where the script's shell writes its exit status, for a rerun after the tool was killed (record/script-exit.ts). */
  exitFile?: string;
}

export interface StepResult {
  ok: boolean;
  reason: string | undefined;
  outcome: ScriptOutcome;
  restartRequests: string[];
  /** The last lines the script printed (each cut to a few KB), for the failure message and the marker. */
  lastOutput: string[];
}

const KEEP_LINES = 10;

export async function runStep(step: PlannedStep, c: StepContext): Promise<StepResult> {
  const sum = c.checksum(step);
  const base = { run: c.run, script: step.script.name, kind: step.script.kind, phase: step.phase, sum };
  const timeoutSec = step.script.timeoutSec ?? c.defaultTimeoutSec;
  // Written before the script starts; made durable by the end record's sync (DESIGN §7 asks the end record
  // to be on disk before the next script starts). After a power cut during the script the run-start record
  // and the interrupted marker still tell what happened, and the rerun runs the script again either way.
  c.history.append({ t: 'script-start', at: new Date().toISOString(), ...base }, false);
  const last: string[] = [];
  const unsafe = c.io.whyNotRunnable(step.script, c.trustedUids);
  const outcome: ScriptOutcome = unsafe
    ? { exitCode: null, signal: null, timedOut: false, spawnError: undefined, refused: unsafe, ms: 0 }
    : await c.io.spawnScript({
        path: step.script.runPath,
        cwd: dirname(step.script.runPath),
        env: c.env(step),
        timeoutSec,
        leftover: c.leftover?.(step),
        ...(c.exitFile
          ? { exitFile: { path: c.exitFile, id: scriptExitId(c.run, `${step.script.kind}/${step.script.name}`) } }
          : {}),
        output: (stream) => ({
          piece: (text, part) => c.onPiece(step, stream, text, part),
          line: (shown) => {
            c.onLine(step, stream, shown);
            last.push(shown);
            if (last.length > KEEP_LINES) last.shift();
          },
        }),
      });
  const reason = scriptFailureReason(outcome, timeoutSec);
  c.history.append({
    t: 'script-end',
    at: new Date().toISOString(),
    ...base,
    result: reason ? 'failed' : 'ok',
    exit: outcome.exitCode,
    signal: outcome.signal,
    ms: outcome.ms,
    fp: step.script.fingerprint,
    ...(reason ? { reason } : {}),
  });
  return { ok: !reason, reason, outcome, restartRequests: readRestartRequests(c.restartFile), lastOutput: last };
}

export function scriptFailureReason(
  o: Pick<ScriptOutcome, 'refused' | 'spawnError' | 'timedOut' | 'signal' | 'exitCode'>,
  timeoutSec: number,
): string | undefined {
  if (o.refused) return `was not run: ${o.refused}`;
  if (o.spawnError) return `could not start: ${o.spawnError}`;
  if (o.timedOut) return `timed out after ${timeoutSec} s and was killed`;
  if (o.signal) return `killed by ${o.signal}`;
  if (o.exitCode !== 0) return `exited with status ${o.exitCode}`;
  return undefined;
}

// The file exists only when a script asked for a restart: one stat per script otherwise.
function readRestartRequests(path: string): string[] {
  if (!existsSync(path)) return [];
  try {
    const names = readFileSync(path, 'utf8')
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean);
    rmSync(path, { force: true });
    return [...new Set(names)];
  } catch {
    return [];
  }
}

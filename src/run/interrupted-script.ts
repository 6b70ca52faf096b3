// Before a rerun plans: the script the earlier run was running when its tool was killed alone. Waits
// (bounded by the lock wait, with progress) while it still runs, then writes its missing end record from
// the status its shell left (record/script-exit.ts), so a once-script that completed is not run again.
// Refuses (exit 75, like a busy lock) when it still runs after the wait. The decision is
// plan/interrupted-script.ts.
import { UpgradeHookError } from '../errors.js';
import { startProgress } from '../log/progress.js';
import type { Terminal } from '../log/terminal.js';
import { interruptedAction } from '../plan/interrupted-script.js';
import type { HistoryRecord, InterruptedScript } from '../record/history-record.js';
import type { ScriptExit } from '../record/script-exit.js';
import { statusMeaning } from '../script/spawn-script.js';
import { scriptFailureReason } from './script-step.js';
import { waitUntil } from '../services/wait-until.js';

export interface SettleEffects {
  /** Live processes of that run's script (orphans.ts): read before the status, which is written after it ends. */
  livePids(run: string, script: string): number[];
  /** The status line the run's shell left, with the time it was written. */
  readExit(run: string): (ScriptExit & { atMs: number }) | undefined;
  /** Removes that run's status file: what it says is in the history now, or will never be. */
  forget(run: string): void;
  /** Appends one record, durable. */
  append(record: HistoryRecord): void;
  sleep(ms: number): Promise<void>;
  now(): number;
  terminal: Pick<Terminal, 'say' | 'progress' | 'progressDone' | 'live'>;
}

export type Settled = 'nothing' | 'recorded-ok' | 'recorded-failed' | 'rerun';

export async function settleInterruptedScript(
  interrupted: InterruptedScript | undefined,
  waitSec: number,
  fx: SettleEffects,
): Promise<Settled> {
  if (!interrupted) return 'nothing';
  const script = `${interrupted.kind}/${interrupted.script}`;
  const started = fx.now();
  const look = () =>
    interruptedAction({
      run: interrupted.run,
      script,
      live: fx.livePids(interrupted.run, script),
      exit: fx.readExit(interrupted.run),
      waitedEnough: fx.now() - started >= waitSec * 1000,
    });
  let action = look();
  if (action.kind === 'wait') {
    fx.terminal.say(
      `${interrupted.script} of the interrupted upgrade still runs (pid ${action.pids.join(', ')}): waiting up to ${waitSec} s for it to end`,
    );
    const ticker = startProgress(fx.terminal, (sec) => `waiting for ${interrupted.script} to end: ${sec} s`);
    try {
      await waitUntil(
        async () => {
          action = look();
          return action.kind !== 'wait';
        },
        { timeoutMs: Number.POSITIVE_INFINITY, sleep: fx.sleep, now: fx.now },
      );
    } finally {
      ticker.stop();
    }
  }
  switch (action.kind) {
    case 'refuse':
      throw new UpgradeHookError(
        'STALE_SCRIPT_RUNNING',
        `${interrupted.script} of the interrupted upgrade is still running (pid ${action.pids.join(', ')})`,
        {
          hint: `wait for it to end (its outcome is recorded then) or kill it (kill ${action.pids.join(' ')}), then rerun`,
        },
      );
    case 'rerun':
      fx.forget(interrupted.run);
      return 'rerun';
    case 'record': {
      const exit = fx.readExit(interrupted.run);
      const meaning = statusMeaning(action.status);
      const reason = scriptFailureReason({ ...meaning, timedOut: false, spawnError: undefined }, 0);
      fx.append({
        t: 'script-end',
        run: interrupted.run,
        at: new Date(exit?.atMs ?? fx.now()).toISOString(),
        script: interrupted.script,
        kind: interrupted.kind,
        phase: interrupted.phase,
        sum: interrupted.sum,
        result: reason ? 'failed' : 'ok',
        exit: meaning.exitCode,
        signal: meaning.signal,
        ms: Math.max(0, (exit?.atMs ?? fx.now()) - Date.parse(interrupted.at)),
        ...(reason ? { reason: `${reason} (after the tool was killed)` } : {}),
        recovered: true,
      });
      fx.terminal.say(
        `${interrupted.script} of the interrupted upgrade ${reason ? reason : 'completed'} after the tool was killed: recorded`,
      );
      fx.forget(interrupted.run);
      return reason ? 'recorded-failed' : 'recorded-ok';
    }
    default:
      return 'rerun';
  }
}

// What a rerun does about the script the earlier run was running when the tool died (the history has its
// start and no end). The script runs in a session of its own, so a kill of the tool alone leaves it running;
// the shell that runs it writes its exit status (record/script-exit.ts). Pure; carried out by
// run/interrupted-script.ts.
import type { ScriptExit } from '../record/script-exit.js';

export interface InterruptedInput {
  /** The earlier run and its script without an end record (`kind/name`). */
  run: string;
  script: string;
  /** The status line the script's shell left, if any (for any run and script). */
  exit: ScriptExit | undefined;
  /** Live processes of that run and script (run/orphans.ts). */
  live: number[];
  /** The wait for them is over (the lock wait has passed). */
  waitedEnough: boolean;
}

export type InterruptedAction =
  /** It ended and its shell said how: write the missing end record; it is not run again if it succeeded. */
  | { kind: 'record'; status: number }
  /** It still runs: wait for it (it may still finish, and its outcome decides what runs next). */
  | { kind: 'wait'; pids: number[] }
  /** It still runs and the wait is over: refuse, exit 75, naming it. */
  | { kind: 'refuse'; pids: number[] }
  /** Gone without a status (a power cut, or its shell was killed too): it ran part way at most; it runs again. */
  | { kind: 'rerun' };

export function interruptedAction(i: InterruptedInput): InterruptedAction {
  // The status is written after the script has ended: whatever still carries its variables now is
  // something it left running (a daemon), not the script.
  if (i.exit && i.exit.run === i.run && i.exit.script === i.script) return { kind: 'record', status: i.exit.status };
  if (i.live.length > 0) return i.waitedEnough ? { kind: 'refuse', pids: i.live } : { kind: 'wait', pids: i.live };
  return { kind: 'rerun' };
}

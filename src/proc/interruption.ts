// SIGINT, SIGTERM or SIGHUP to the tool while no script runs (services starting or stopping, between
// steps) ends the run as interrupted: the running helper commands are stopped, no new one starts, every
// wait gives up, and the run stops before its next step without running the cleanups (nothing failed).
// While a script runs, script/spawn-script.ts passes the signal to the script instead (its end is recorded).
import { UpgradeHookError } from '../errors.js';

/** The signals that interrupt a run (a helper command killed by one of them was most likely sent ours too). */
export const INTERRUPTING: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
const SIGNALS = INTERRUPTING;

let received: NodeJS.Signals | undefined;
let scriptsRunning = 0;
const onInterrupt = new Set<(signal: NodeJS.Signals) => void>();

/** The signal that interrupted this run, if any. */
export function interruptedBy(): NodeJS.Signals | undefined {
  return received;
}

/**
 * The signal that interrupted this run, waiting a moment for one when none has arrived yet: Ctrl-C reaches
 * the tool and its helper command together, and the command's death may be seen first. proc/run-command.ts asks
 * it when a command died of such a signal, so every caller then sees the interruption.
 */
export async function settledInterruption(waitMs = 100): Promise<NodeJS.Signals | undefined> {
  // not unref()d: on a failure path nothing else may hold the event loop, and the process must not end here
  if (!received) await new Promise((r) => setTimeout(r, waitMs));
  return received;
}

export function interruptedError(signal: NodeJS.Signals): UpgradeHookError {
  return new UpgradeHookError(
    'INTERRUPTED',
    `interrupted by ${signal}; nothing failed, the upgrade stopped before its next step`,
    { hint: 'rerun to resume' },
  );
}

/** Throws INTERRUPTED once a signal has arrived. */
export function throwIfInterrupted(): void {
  if (received) throw interruptedError(received);
}

/** Calls `f` when the run is interrupted (at once if it already is); returns a function that forgets it. */
export function whenInterrupted(f: (signal: NodeJS.Signals) => void): () => void {
  if (received) {
    f(received);
    return () => {};
  }
  onInterrupt.add(f);
  return () => onInterrupt.delete(f);
}

/** Rejects with INTERRUPTED as soon as a signal arrives; otherwise settles as `p` does. */
export function unlessInterrupted<T>(p: Promise<T>): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const forget = whenInterrupted((s) => reject(interruptedError(s)));
    p.then(
      (v) => {
        forget();
        resolve(v);
      },
      (e: unknown) => {
        forget();
        reject(received ? interruptedError(received) : e);
      },
    );
  });
}

/** A sleep that ends early, rejecting, when the run is interrupted. */
export function interruptibleSleep(ms: number): Promise<void> {
  return unlessInterrupted(new Promise((r) => setTimeout(r, ms).unref()));
}

/** Runs a script: a signal meanwhile is the script's (script/spawn-script.ts forwards it), not an interruption. */
export async function asScript<T>(f: () => Promise<T>): Promise<T> {
  scriptsRunning++;
  try {
    return await f();
  } finally {
    scriptsRunning--;
  }
}

function handle(signal: NodeJS.Signals): void {
  if (scriptsRunning > 0 || received) return;
  received = signal;
  for (const f of [...onInterrupt]) f(signal);
  onInterrupt.clear();
}

/** After an interrupted `backup` by hand (not an upgrade): commands run again, to start what it stopped. */
export function forgetInterruption(): void {
  received = undefined;
  onInterrupt.clear();
}

/** Ignores the signals while `f` runs (starting again what a backup by hand stopped must not be cut short). */
export async function ignoringSignals<T>(f: () => Promise<T>): Promise<T> {
  const ignore = () => {};
  for (const s of SIGNALS) process.on(s, ignore);
  try {
    return await f();
  } finally {
    for (const s of SIGNALS) process.off(s, ignore);
  }
}

/** Listens for the signals for the duration of an upgrade; returns the function that stops listening. */
export function listenForInterrupts(): () => void {
  for (const s of SIGNALS) process.on(s, handle);
  return () => {
    for (const s of SIGNALS) process.off(s, handle);
  };
}

// SIGINT, SIGTERM or SIGHUP to the tool while no script runs (services starting or stopping, between
// steps) ends the run as interrupted: the running helper commands are stopped, no new one starts, every
// wait gives up, and the run stops before its next step without running the cleanups (nothing failed).
// While a script runs, spawn-script.ts passes the signal to the script instead (its end is recorded).
import { UpgradeHookError } from '../errors.js';
const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'];
let received;
let scriptsRunning = 0;
const onInterrupt = new Set();
/** The signal that interrupted this run, if any. */
export function interruptedBy() {
    return received;
}
/**
 * The signal that interrupted this run, waiting a moment for one when none has arrived yet: Ctrl-C reaches
 * the tool and its helper command together, and the command's death may be seen first. A failure path
 * asks this before it says "failed" (a backup cut short by a signal is interrupted, not failed).
 */
export async function settledInterruption(waitMs = 100) {
    // not unref()d: on a failure path nothing else may hold the event loop, and the process must not end here
    if (!received)
        await new Promise((r) => setTimeout(r, waitMs));
    return received;
}
export function interruptedError(signal) {
    return new UpgradeHookError('INTERRUPTED', `interrupted by ${signal}; nothing failed, the upgrade stopped before its next step`, { hint: 'rerun to resume' });
}
/** Throws INTERRUPTED once a signal has arrived. */
export function throwIfInterrupted() {
    if (received)
        throw interruptedError(received);
}
/** Calls `f` when the run is interrupted (at once if it already is); returns a function that forgets it. */
export function whenInterrupted(f) {
    if (received) {
        f(received);
        return () => { };
    }
    onInterrupt.add(f);
    return () => onInterrupt.delete(f);
}
/** Rejects with INTERRUPTED as soon as a signal arrives; otherwise settles as `p` does. */
export function unlessInterrupted(p) {
    return new Promise((resolve, reject) => {
        const forget = whenInterrupted((s) => reject(interruptedError(s)));
        p.then((v) => {
            forget();
            resolve(v);
        }, (e) => {
            forget();
            reject(received ? interruptedError(received) : e);
        });
    });
}
/** A sleep that ends early, rejecting, when the run is interrupted. */
export function interruptibleSleep(ms) {
    return unlessInterrupted(new Promise((r) => setTimeout(r, ms).unref()));
}
/** Runs a script: a signal meanwhile is the script's (spawn-script.ts forwards it), not an interruption. */
export async function asScript(f) {
    scriptsRunning++;
    try {
        return await f();
    }
    finally {
        scriptsRunning--;
    }
}
function handle(signal) {
    if (scriptsRunning > 0 || received)
        return;
    received = signal;
    for (const f of [...onInterrupt])
        f(signal);
    onInterrupt.clear();
}
/** After an interrupted `backup` by hand (not an upgrade): commands run again, to start what it stopped. */
export function forgetInterruption() {
    received = undefined;
    onInterrupt.clear();
}
/** Ignores the signals while `f` runs (starting again what a backup by hand stopped must not be cut short). */
export async function ignoringSignals(f) {
    const ignore = () => { };
    for (const s of SIGNALS)
        process.on(s, ignore);
    try {
        return await f();
    }
    finally {
        for (const s of SIGNALS)
            process.off(s, ignore);
    }
}
/** Listens for the signals for the duration of an upgrade; returns the function that stops listening. */
export function listenForInterrupts() {
    for (const s of SIGNALS)
        process.on(s, handle);
    return () => {
        for (const s of SIGNALS)
            process.off(s, handle);
    };
}

// One script of an upgrade: its start record, the run, its durable end record, and any restart it asked for.
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { scriptExitId } from '../record/script-exit.js';
const KEEP_LINES = 10;
export async function runStep(step, c) {
    const sum = c.checksum(step);
    const base = { run: c.run, script: step.script.name, kind: step.script.kind, phase: step.phase, sum };
    const timeoutSec = step.script.timeoutSec ?? c.defaultTimeoutSec;
    // Written before the script starts; made durable by the end record's sync (DESIGN §7 asks the end record
    // to be on disk before the next script starts). After a power cut during the script the run-start record
    // and the interrupted marker still tell what happened, and the rerun runs the script again either way.
    c.history.append({ t: 'script-start', at: new Date().toISOString(), ...base }, false);
    const last = [];
    const unsafe = c.io.whyNotRunnable(step.script, c.trustedUids);
    const outcome = unsafe
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
                    if (last.length > KEEP_LINES)
                        last.shift();
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
export function scriptFailureReason(o, timeoutSec) {
    if (o.refused)
        return `was not run: ${o.refused}`;
    if (o.spawnError)
        return `could not start: ${o.spawnError}`;
    if (o.timedOut)
        return `timed out after ${timeoutSec} s and was killed`;
    if (o.signal)
        return `killed by ${o.signal}`;
    if (o.exitCode !== 0)
        return `exited with status ${o.exitCode}`;
    return undefined;
}
// The file exists only when a script asked for a restart: one stat per script otherwise.
function readRestartRequests(path) {
    if (!existsSync(path))
        return [];
    try {
        const names = readFileSync(path, 'utf8')
            .split('\n')
            .map((l) => l.trim())
            .filter(Boolean);
        rmSync(path, { force: true });
        return [...new Set(names)];
    }
    catch {
        return [];
    }
}

// The exit status of a run's last script, written by the shell that ran it (run/spawn-script.ts), so that a
// rerun learns how a script ended whose tool was killed while it ran: `RUN KIND/NAME STATUS`, one line in
// VAR_DIR/script-exit.RUN, overwritten by each script of the run and removed when the run ends (or, after a
// kill, once a rerun has recorded what it says; steps run by hand in between write their own). The tool itself still reads the status from the shell's
// exit; this file matters only when no one was left to read it.
import { readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { constants } from 'node:os';
import { join } from 'node:path';
export function scriptExitPath(varDir, run) {
    return join(varDir, `script-exit.${run}`);
}
/** Who the line speaks of: the run id and `kind/name` (neither has a space). */
export const scriptExitId = (run, script) => `${run} ${script}`;
/** Under the lock, once the interrupted script is settled: files of runs that died since (a kill between the
 * rerun's record and its removal, steps run by hand and killed) say nothing anyone will read. */
export function removeStaleScriptExits(varDir) {
    for (const name of readdirSync(varDir)) {
        if (!name.startsWith('script-exit.'))
            continue;
        try {
            rmSync(join(varDir, name), { force: true });
        }
        catch {
            /* not a file we wrote (a directory): left alone */
        }
    }
}
/** The line, or undefined when it is missing, empty or torn (a power cut between the open and the write). */
export function parseScriptExit(text) {
    const m = /^(\S+) (\S+) (\d{1,3})\n$/.exec(text ?? '');
    if (!m || Number(m[3]) > 255)
        return undefined;
    return { run: m[1], script: m[2], status: Number(m[3]) };
}
export function readScriptExit(path) {
    try {
        return parseScriptExit(readFileSync(path, 'latin1'));
    }
    catch {
        return undefined;
    }
}
/** The line and when it was written (the script's end). */
export function readScriptExitWithTime(path) {
    try {
        const e = parseScriptExit(readFileSync(path, 'latin1'));
        return e ? { ...e, atMs: statSync(path).mtimeMs } : undefined;
    }
    catch {
        return undefined;
    }
}
const signalNames = new Map(Object.entries(constants.signals).map(([name, n]) => [n, name]));
/** What the shell's status of a script means: 128+N is "killed by signal N" (the shell cannot tell it from
 * `exit 128+N`, and reports it the same way). */
export function statusMeaning(status) {
    const signal = status > 128 ? signalNames.get(status - 128) : undefined;
    return signal ? { exitCode: null, signal } : { exitCode: status, signal: null };
}

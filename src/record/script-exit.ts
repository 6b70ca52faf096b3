// The exit status of a run's last script, written by the shell that ran it (script/spawn-script.ts), so that a
// rerun learns how a script ended whose tool was killed while it ran: `RUN KIND/NAME STATUS`, a line per
// script appended to VAR_DIR/script-exit.RUN (the last line speaks of the last script to end), removed when
// the run ends (or, after a kill, once a rerun has recorded what it says; steps run by hand in between write
// their own). Appended, not overwritten: on ext4 a file truncated and written again is flushed at its close
// (auto_da_alloc), 0.65 ms per script. The tool itself still reads the status from the shell's exit; this
// file matters only when no one was left to read it.
import { readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';

export function scriptExitPath(varDir: string, run: string): string {
  return join(varDir, `script-exit.${run}`);
}

/** Who the line speaks of: the run id and `kind/name` (neither has a space). */
export const scriptExitId = (run: string, script: string) => `${run} ${script}`;

export interface ScriptExit {
  run: string;
  script: string;
  status: number;
}

/** Under the lock, once the interrupted script is settled: files of runs that died since (a kill between the
 * rerun's record and its removal, steps run by hand and killed) say nothing anyone will read. */
export function removeStaleScriptExits(varDir: string): void {
  for (const name of readdirSync(varDir)) {
    if (!name.startsWith('script-exit.')) continue;
    try {
      rmSync(join(varDir, name), { force: true });
    } catch {
      /* not a file we wrote (a directory): left alone */
    }
  }
}

/** The last whole line, or undefined when there is none (a file missing, empty, or torn by a power cut in its
 * only line). A torn last line is skipped: the line before it speaks of another script, which the reader tells. */
export function parseScriptExit(text: string | undefined): ScriptExit | undefined {
  const whole = (text ?? '').slice(0, (text ?? '').lastIndexOf('\n') + 1);
  const m = /(?:^|\n)(\S+) (\S+) (\d{1,3})\n$/.exec(whole);
  if (!m || Number(m[3]) > 255) return undefined;
  return { run: m[1]!, script: m[2]!, status: Number(m[3]) };
}

export function readScriptExit(path: string): ScriptExit | undefined {
  try {
    return parseScriptExit(readFileSync(path, 'latin1'));
  } catch {
    return undefined;
  }
}

/** The line and when it was written (the script's end). */
export function readScriptExitWithTime(path: string): (ScriptExit & { atMs: number }) | undefined {
  try {
    const e = parseScriptExit(readFileSync(path, 'latin1'));
    return e ? { ...e, atMs: statSync(path).mtimeMs } : undefined;
  } catch {
    return undefined;
  }
}

// Runs one upgrade script: stdin /dev/null, a clean environment, in a session of its own (a `kill 0` in it
// reaches its own processes, not the tool), every output line to the log with the script's name, and a
// timeout that kills the script and its children.
import { spawn } from 'node:child_process';
import { handOffOutput, type LeftoverOutput } from './leftover-output.js';
import { LineSplitter, type OutputSink } from './output-lines.js';
import { signalGroup, terminateTree } from './process-tree.js';

export interface ScriptOutcome {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  timedOut: boolean;
  /** Set when the script could not be started at all. */
  spawnError: string | undefined;
  /** Set when the script was not started because it is no longer safe to run (run/verify-script.ts). */
  refused?: string;
  ms: number;
}

export interface SpawnScriptOptions {
  path: string;
  env: Record<string, string>;
  cwd: string;
  timeoutSec: number;
  /** Every byte goes to piece (for the log), each line cut to a few KB to line (terminal, marker). */
  output: (stream: 'stdout' | 'stderr') => OutputSink;
  /** Where a process the script left running writes once the tool stops listening (default /dev/null). */
  leftover?: LeftoverOutput;
}

// A script that backgrounds a daemon leaves our pipes open in it: once the script itself has exited,
// wait this long for its output, then hand our ends to a drain (leftover-output.ts) instead of hanging
// the upgrade or closing them (the daemon would die of SIGPIPE at its next write).
const DRAIN_AFTER_EXIT_MS = 2000;
const KILL_GRACE_MS = 10_000;
// The script no longer gets the terminal's Ctrl-C (another session), and a script may signal its parent:
// while it runs, these reach the script's session instead of ending the tool, so its end is recorded.
const FORWARDED: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

export function spawnScript(o: SpawnScriptOptions): Promise<ScriptOutcome> {
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(o.path, [], { cwd: o.cwd, env: o.env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    const forward = (signal: NodeJS.Signals) => {
      if (child.pid !== undefined) signalGroup(child.pid, signal);
    };
    for (const s of FORWARDED) process.on(s, forward);
    let timedOut = false;
    let timer: NodeJS.Timeout | undefined;
    let drain: NodeJS.Timeout | undefined;
    let exited: { code: number | null; signal: NodeJS.Signals | null } | undefined;
    let openStreams = 2;
    const open = new Set<'stdout' | 'stderr'>(['stdout', 'stderr']);
    const splitters: Partial<Record<'stdout' | 'stderr', LineSplitter>> = {};
    let done = false;
    let termination: Promise<void> | undefined;
    const finish = async (spawnError?: string) => {
      if (done) return;
      done = true;
      for (const s of FORWARDED) process.off(s, forward);
      if (timer) clearTimeout(timer);
      // a drain timer left running would keep the tool alive 2 s after its last script
      if (drain) clearTimeout(drain);
      await termination;
      child.stdout?.destroy();
      child.stderr?.destroy();
      resolve({
        exitCode: exited?.code ?? null,
        signal: exited?.signal ?? null,
        timedOut,
        spawnError,
        ms: Date.now() - started,
      });
    };
    child.on('error', (e) => void finish(e.message));
    for (const stream of ['stdout', 'stderr'] as const) {
      const lines = new LineSplitter(o.output(stream));
      splitters[stream] = lines;
      child[stream]!.on('data', (chunk: Buffer) => lines.write(chunk));
      child[stream]!.on('end', () => lines.end());
      child[stream]!.on('close', () => {
        open.delete(stream);
        openStreams--;
        if (openStreams === 0 && exited) void finish();
      });
    }
    child.on('exit', (code, signal) => {
      exited = { code, signal };
      if (openStreams === 0) void finish();
      else {
        drain = setTimeout(() => {
          // a line the daemon has not ended yet is logged as it stands; the rest goes to the drain
          for (const s of open) splitters[s]?.end();
          handOffOutput(
            [...open].map((s) => child[s]!),
            o.leftover,
          );
          void finish();
        }, DRAIN_AFTER_EXIT_MS);
      }
    });
    if (o.timeoutSec > 0) {
      timer = setTimeout(() => {
        timedOut = true;
        if (child.pid !== undefined) termination = terminateTree(child.pid, KILL_GRACE_MS);
      }, o.timeoutSec * 1000);
    }
  });
}

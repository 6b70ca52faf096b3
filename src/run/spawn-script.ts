// Runs one upgrade script: stdin /dev/null, a clean environment, every output line to the log with the
// script's name, and a timeout that kills the script and its children.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { terminateTree } from './process-tree.js';

export interface ScriptOutcome {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  timedOut: boolean;
  /** Set when the script could not be started at all. */
  spawnError: string | undefined;
  ms: number;
}

export interface SpawnScriptOptions {
  path: string;
  env: Record<string, string>;
  cwd: string;
  timeoutSec: number;
  onLine: (stream: 'stdout' | 'stderr', line: string) => void;
}

// A script that backgrounds a daemon leaves our pipes open in it: once the script itself has exited,
// wait this long for its output, then stop listening instead of hanging the upgrade.
const DRAIN_AFTER_EXIT_MS = 2000;
const KILL_GRACE_MS = 10_000;

export function spawnScript(o: SpawnScriptOptions): Promise<ScriptOutcome> {
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(o.path, [], { cwd: o.cwd, env: o.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let timedOut = false;
    let timer: NodeJS.Timeout | undefined;
    let exited: { code: number | null; signal: NodeJS.Signals | null } | undefined;
    let openStreams = 2;
    let done = false;
    let termination: Promise<void> | undefined;
    const finish = async (spawnError?: string) => {
      if (done) return;
      done = true;
      if (timer) clearTimeout(timer);
      if (termination) await termination;
      child.stdout?.destroy();
      child.stderr?.destroy();
      resolve({ exitCode: exited?.code ?? null, signal: exited?.signal ?? null, timedOut, spawnError, ms: Date.now() - started });
    };
    child.on('error', (e) => void finish(e.message));
    for (const stream of ['stdout', 'stderr'] as const) {
      const rl = createInterface({ input: child[stream]!, crlfDelay: Infinity });
      rl.on('line', (line) => o.onLine(stream, line));
      rl.on('close', () => {
        openStreams--;
        if (openStreams === 0 && exited) void finish();
      });
    }
    child.on('exit', (code, signal) => {
      exited = { code, signal };
      if (openStreams === 0) void finish();
      else setTimeout(() => void finish(), DRAIN_AFTER_EXIT_MS);
    });
    if (o.timeoutSec > 0) {
      timer = setTimeout(() => {
        timedOut = true;
        if (child.pid !== undefined) termination = terminateTree(child.pid, KILL_GRACE_MS);
      }, o.timeoutSec * 1000);
    }
  });
}

// Runs one upgrade script: stdin /dev/null, a clean environment, in a session of its own (a `kill 0` in it
// reaches its own processes, not the tool), every output line to the log with the script's name, and a
// timeout that kills the script and its children.
import { spawn } from 'node:child_process';
import { constants } from 'node:os';
import { dirname } from 'node:path';
import { handOffOutput, type LeftoverOutput } from '../proc/leftover-output.js';
import { LineSplitter, type OutputSink } from './output-lines.js';
import { signalAll, signalGroup, terminateTree } from '../proc/process-tree.js';

export interface ScriptOutcome {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  timedOut: boolean;
  /** Set when the script could not be started at all. */
  spawnError: string | undefined;
  /** Set when the script was not started because it is no longer safe to run (script/verify-script.ts). */
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
  /** Run it under a shell that writes `ID STATUS` here when it ends, even when the tool is gone by then. */
  exitFile?: { path: string; id: string };
}

// The script's outcome must outlive the tool (an OOM kill or `kill -9` of the tool alone leaves the script
// running in its session): a shell runs it and writes its status (record/script-exit.ts), fsynced when the
// tool is no longer its parent (otherwise the tool's own end record is the durable one); appended, a line
// per script (a rewrite costs a flush on ext4). `$0` is the
// script, `$1` the status file, `$2` who it speaks of, `$3` the file's directory. The script runs as a
// background job so that the shell's traps run at once: a TERM or HUP the shell gets (the tool's forward,
// or the script's `kill $PPID`) goes to the whole session, once (g and h mark the copy the shell sends
// itself). A background job starts with SIGINT ignored (POSIX), so an INT becomes a TERM. `wait` cut short
// by a trap is waited again; a second wait that finds the job already reaped (127) keeps the status the
// first one got. The shell's own stderr (its "Killed" line for a job that died of a signal) goes to
// /dev/null: in the log it would be noise, and into the pipe of a killed tool it would be the shell's
// death by SIGPIPE, before it writes the status.
// (its first line is how hooks/systemd/upgrade-hook-finish@.service finds these shells: keep it first)
const SUPERVISOR = [
  'unset PWD OLDPWD SHLVL',
  'exec 3>&2 2>/dev/null',
  "trap 'i=1; case $g in 1) g= ;; *) g=1; kill -TERM 0 ;; esac' TERM",
  "trap 'i=1; case $h in 1) h= ;; *) h=1; kill -HUP 0 ;; esac' HUP",
  "trap 'i=1; g=1; kill -TERM 0' INT",
  '"$0" 2>&3 3>&- & c=$!',
  's=; i=1',
  'while [ -n "$i" ]; do i=; wait $c; w=$?; [ $w = 127 ] && [ -n "$s" ] || s=$w; done',
  'echo "$2 $s" >> "$1"',
  'read -r _ _ _ p _ < /proc/$$/stat',
  '[ "$p" = "$PPID" ] || sync "$1" "$3" 2>/dev/null',
  'exit $s',
].join('\n');

/** The script a supervising shell runs (`KIND/NAME`), from that shell's arguments as SUPERVISOR's spawn
 * below lays them out: `/bin/sh -c SUPERVISOR PATH EXIT-FILE "RUN KIND/NAME" DIR`. */
export function supervisedScript(argv: readonly string[]): string | undefined {
  // by its first line: a holder started by an older build of the tool runs that build's text
  const supervisor = argv[1] === '-c' && argv[2]?.split('\n')[0] === SUPERVISOR.split('\n')[0];
  return supervisor ? /^\S+ (\S+)$/.exec(argv[5] ?? '')?.[1] : undefined;
}

const signalNames = new Map(Object.entries(constants.signals).map(([name, n]) => [n, name as NodeJS.Signals]));

/** What the shell's status of a script means: 128+N is "killed by signal N" (the shell cannot tell it from
 * `exit 128+N`, and reports it the same way). */
export function statusMeaning(status: number): { exitCode: number | null; signal: NodeJS.Signals | null } {
  const signal = status > 128 ? signalNames.get(status - 128) : undefined;
  return signal ? { exitCode: null, signal } : { exitCode: status, signal: null };
}

// A script that backgrounds a daemon leaves our pipes open in it: once the script itself has exited,
// wait this long for its output, then hand our ends to a drain (proc/leftover-output.ts) instead of hanging
// the upgrade or closing them (the daemon would die of SIGPIPE at its next write).
const DRAIN_AFTER_EXIT_MS = 2000;
const KILL_GRACE_MS = 10_000;
// The script no longer gets the terminal's Ctrl-C (another session), and a script may signal its parent:
// while it runs, these reach the script's session instead of ending the tool, so its end is recorded.
const FORWARDED: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

export function spawnScript(o: SpawnScriptOptions): Promise<ScriptOutcome> {
  const started = Date.now();
  return new Promise((resolve) => {
    const supervised = o.exitFile !== undefined;
    const [file, args] = o.exitFile
      ? ['/bin/sh', ['-c', SUPERVISOR, o.path, o.exitFile.path, o.exitFile.id, dirname(o.exitFile.path)]]
      : [o.path, []];
    const child = spawn(file, args, { cwd: o.cwd, env: o.env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    const forward = (signal: NodeJS.Signals) => {
      if (child.pid === undefined) return;
      // the shell passes it on to the whole session once
      if (supervised) signalAll([child.pid], signal);
      else signalGroup(child.pid, signal);
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
      // the shell's status 128+N is the script's death by signal N
      const status =
        supervised && exited?.code != null
          ? statusMeaning(exited.code)
          : { exitCode: exited?.code ?? null, signal: exited?.signal ?? null };
      resolve({
        ...status,
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

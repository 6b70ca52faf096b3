// Short helper commands (systemctl, a service's start/stop command, an exec: probe), run with execa. A start
// command may leave a daemon behind that inherits its stdout and stderr. They are pipes the tool reads; once
// the command has exited, a pipe still held after a short grace goes to a detached drain (`cat` to
// /dev/null, proc/leftover-output.ts) and ours is closed: the tool neither waits for the daemon nor kills it
// with SIGPIPE, and what the daemon writes costs nothing. (Before, the command got a temporary file that
// was removed at once: a daemon that kept it wrote into a deleted file for as long as it lived, unbounded.)
// What the tool keeps of the output is bounded too: the last OUTPUT_KEPT bytes.
import type { Readable } from 'node:stream';
import { INTERRUPTING, interruptedBy, settledInterruption, whenInterrupted } from './interruption.js';
import { handOffOutput } from './leftover-output.js';

export interface CommandResult {
  exitCode: number | null;
  output: string;
  timedOut: boolean;
  error: string | undefined;
}

/** How long after the command's exit its output may still come before a holder of the pipes is cut loose. */
const GRACE_AFTER_EXIT_MS = 300;
/** The most of a command's output kept (its end): enough for any error message. */
export const OUTPUT_KEPT = 64 * 1024;

export async function runCommand(argv: string[], env: Record<string, string>, timeoutSec = 0): Promise<CommandResult> {
  const { execa } = await import('execa');
  // an interrupted run starts nothing more (a service chain the run abandoned must not go on)
  const stopped = interruptedBy();
  if (stopped) return { exitCode: null, output: '', timedOut: false, error: `not run: interrupted by ${stopped}` };
  const child = execa(argv[0]!, argv.slice(1), {
    env,
    extendEnv: false,
    cwd: '/',
    stdin: 'ignore',
    stdout: 'pipe',
    stderr: 'pipe',
    buffer: false,
    reject: false,
    timeout: timeoutSec > 0 ? timeoutSec * 1000 : undefined,
    killSignal: 'SIGKILL',
  });
  const kept = new BoundedTail(OUTPUT_KEPT);
  const open = new Set<Readable>();
  for (const stream of [child.stdout, child.stderr]) {
    if (!stream) continue;
    open.add(stream);
    stream.on('data', (chunk: Buffer) => kept.add(chunk));
    stream.once('end', () => open.delete(stream));
    stream.once('close', () => open.delete(stream));
  }
  let grace: NodeJS.Timeout | undefined;
  child.once('exit', () => {
    grace = setTimeout(() => {
      // a process the command started still holds the pipes: it gets a drain, we go on
      const held = [...open];
      open.clear();
      handOffOutput(held, undefined);
    }, GRACE_AFTER_EXIT_MS);
  });
  const forget = whenInterrupted(() => child.kill('SIGTERM'));
  const r = await child.finally(() => {
    forget();
    if (grace) clearTimeout(grace);
  });
  // Ctrl-C or SIGTERM to the group reaches the command and the tool together; its death may be handled
  // first: wait for our own signal, so that every caller sees "interrupted", not "the command failed"
  if (r.signal && INTERRUPTING.includes(r.signal)) await settledInterruption();
  const failedToStart = r.exitCode === undefined && !r.timedOut;
  return {
    exitCode: r.exitCode ?? null,
    output: kept.text().trimEnd(),
    timedOut: r.timedOut,
    error: failedToStart ? r.shortMessage : undefined,
  };
}

export const shell = (command: string) => ['/bin/sh', '-c', command];

/** The last `max` bytes written to it (stdout and stderr in the order they came). */
class BoundedTail {
  private chunks: Buffer[] = [];
  private size = 0;
  constructor(private readonly max: number) {}
  add(chunk: Buffer): void {
    this.chunks.push(chunk);
    this.size += chunk.length;
    while (this.size - this.chunks[0]!.length >= this.max) this.size -= this.chunks.shift()!.length;
  }
  text(): string {
    const all = Buffer.concat(this.chunks);
    return all.subarray(Math.max(0, all.length - this.max)).toString('utf8');
  }
}

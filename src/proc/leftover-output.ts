// What a process a script left running (`somed &` without redirection) writes after the tool stopped
// listening (2 s after the script exited). Closing our end of the pipe would kill it at its next write
// (SIGPIPE); waiting for it would hold the upgrade up for as long as it lives. Instead our end of each pipe
// still held goes to a `cat` in a session of its own that appends it to a file next to the log
// (LOG_FILE.daemons, 0600, root's), and lives as long as the writers. Only this rare case pays a spawn.
// child_process on first use (lazy-builtin.ts)
import { childProcess } from '../lazy-builtin.js';
import fs from 'node:fs';
import type { Readable } from 'node:stream';
import { describeSystemError } from '../errors.js';
import { commandEnv } from './command-env.js';
import { foreignOwnership, openLog } from '../log/product-log.js';

export interface LeftoverOutput {
  /** Where the output goes; undefined: nowhere (/dev/null), the process still lives. */
  file: string | undefined;
  /** Written to the file (after the time) before the output: which script, which run. */
  header: string;
  /** Told once where the output went, or why it could not. */
  note(text: string): void;
}

const { O_WRONLY } = fs.constants;
// cat is told nothing of the run: no UPGRADE_HOOK_RUN, so the orphan check (orphans.ts) never counts it
const DRAIN_ENV = commandEnv();

// Opened as the product's log is (log/product-log.ts): never through a link, a regular file, root's with one link, 0600.
function openTarget(file: string): { fd: number; problem?: string } {
  let fd: number | undefined;
  try {
    fd = openLog(file);
    const foreign = fs.fstatSync(fd).isFile() ? foreignOwnership(fd) : 'is not a regular file';
    if (foreign) throw new Error(foreign);
    fs.fchmodSync(fd, 0o600);
    return { fd };
  } catch (e) {
    if (fd !== undefined) fs.closeSync(fd);
    const why =
      (e as NodeJS.ErrnoException).code === 'ELOOP'
        ? 'it is a symbolic link'
        : (e as NodeJS.ErrnoException).code
          ? describeSystemError(e)
          : (e as Error).message;
    return { fd: fs.openSync('/dev/null', O_WRONLY), problem: `cannot use ${file} (${why})` };
  }
}

/**
 * Hands the still-open streams (our ends of the script's pipes) to a detached drain and closes ours.
 * Returns at once; the drain is not waited for.
 */
export function handOffOutput(streams: Readable[], to: LeftoverOutput | undefined): void {
  if (streams.length === 0) return;
  const target = to?.file ? openTarget(to.file) : { fd: fs.openSync('/dev/null', O_WRONLY), problem: undefined };
  const pids: number[] = [];
  let failed: string | undefined;
  try {
    if (!target.problem && to)
      fs.writeSync(target.fd, `--- ${new Date().toISOString()} ${to.header.replace(/\n/g, ' ')} ---\n`);
    for (const stream of streams) {
      const drain = childProcess().spawn('cat', [], {
        stdio: [stream, target.fd, 'ignore'],
        detached: true,
        env: DRAIN_ENV,
        cwd: '/',
      });
      drain.on('error', () => {}); // reported below by the missing pid
      if (drain.pid === undefined) failed = 'cat could not be started';
      else pids.push(drain.pid);
      drain.unref();
    }
  } catch (e) {
    failed = describeSystemError(e);
  } finally {
    fs.closeSync(target.fd);
    for (const s of streams) s.destroy();
  }
  if (!to) return;
  const where = to.file && !target.problem ? to.file : `/dev/null${target.problem ? ` (${target.problem})` : ''}`;
  to.note(
    failed
      ? `a process it started still holds its output and could not be handed a drain (${failed}); it may die at its next write`
      : `a process it started still holds its output 2 s after it exited; the tool goes on without it, its further output goes to ${where} (drain pid ${pids.join(', ')})`,
  );
}

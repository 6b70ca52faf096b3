// Short helper commands (systemctl, a service's start/stop command, an exec: probe), run with execa. A start command may
// leave a daemon behind that inherits whatever it is given as stdout: it gets a file, never our pipe,
// so the tool does not hang waiting for the daemon to close it.
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { interruptedBy, whenInterrupted } from './interruption.js';

export interface CommandResult {
  exitCode: number | null;
  output: string;
  timedOut: boolean;
  error: string | undefined;
}

export async function runCommand(argv: string[], env: Record<string, string>, timeoutSec = 0): Promise<CommandResult> {
  const { execa } = await import('execa');
  // an interrupted run starts nothing more (a service chain the run abandoned must not go on)
  const stopped = interruptedBy();
  if (stopped) return { exitCode: null, output: '', timedOut: false, error: `not run: interrupted by ${stopped}` };
  const dir = mkdtempSync(join(tmpdir(), 'upgrade-hook-cmd-'));
  const outPath = join(dir, 'output');
  // A descriptor, not a pipe: execa hands it to the child as is, and a daemon keeping it open cannot hang us.
  // (execa's types accept only literal descriptor numbers; any open descriptor works at run time.)
  const output = openSync(outPath, 'w+', 0o600) as 3;
  try {
    const child = execa(argv[0]!, argv.slice(1), {
      env,
      extendEnv: false,
      cwd: '/',
      stdin: 'ignore',
      stdout: output,
      stderr: output,
      reject: false,
      timeout: timeoutSec > 0 ? timeoutSec * 1000 : undefined,
      killSignal: 'SIGKILL',
    });
    const forget = whenInterrupted(() => child.kill('SIGTERM'));
    const r = await child.finally(forget);
    const failedToStart = r.exitCode === undefined && !r.timedOut;
    return {
      exitCode: r.exitCode ?? null,
      output: readIfAny(outPath),
      timedOut: r.timedOut,
      error: failedToStart ? r.shortMessage : undefined,
    };
  } finally {
    closeSync(output);
    rmSync(dir, { recursive: true, force: true });
  }
}

export const shell = (command: string) => ['/bin/sh', '-c', command];

function readIfAny(path: string): string {
  try {
    return readFileSync(path, 'utf8').trimEnd();
  } catch {
    return '';
  }
}

// Short helper commands (systemctl, a service's start/stop command, an exec: probe). A start command may
// leave a daemon behind that inherits whatever it is given as stdout: it gets a file, never our pipe,
// so the tool does not hang waiting for the daemon to close it.
import { spawn } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { killTree } from './process-tree.js';

export interface CommandResult {
  exitCode: number | null;
  output: string;
  timedOut: boolean;
  error: string | undefined;
}

export function runCommand(argv: string[], env: Record<string, string>, timeoutSec = 0): Promise<CommandResult> {
  const dir = mkdtempSync(join(tmpdir(), 'upgrade-hook-cmd-'));
  const outPath = join(dir, 'output');
  const fd = openSync(outPath, 'w+', 0o600);
  return new Promise((resolve) => {
    let timedOut = false;
    const child = spawn(argv[0]!, argv.slice(1), { env, stdio: ['ignore', fd, fd], cwd: '/' });
    closeSync(fd);
    const timer = timeoutSec > 0 ? setTimeout(() => {
      timedOut = true;
      if (child.pid) killTree(child.pid, 'SIGKILL');
    }, timeoutSec * 1000) : undefined;
    const finish = (exitCode: number | null, error: string | undefined) => {
      if (timer) clearTimeout(timer);
      let output = '';
      try {
        output = readFileSync(outPath, 'utf8');
      } catch {
        /* nothing written */
      }
      rmSync(dir, { recursive: true, force: true });
      resolve({ exitCode, output: output.trimEnd(), timedOut, error });
    };
    child.on('error', (e) => finish(null, e.message));
    child.on('exit', (code) => finish(code, undefined));
  });
}

export const shell = (command: string) => ['/bin/sh', '-c', command];

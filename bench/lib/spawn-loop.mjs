// Reference for the script runner: a node process that only spawns the scripts of a directory one after
// the other (pipes for their output, like the tool) and does nothing else: no history, no fsync, no log.
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

const dir = process.argv[2];
for (const name of readdirSync(dir).sort()) {
  const code = await new Promise((resolve, reject) => {
    const child = spawn(join(dir, name), [], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.resume();
    child.stderr.resume();
    child.on('error', reject);
    child.on('close', resolve);
  });
  if (code !== 0) process.exit(1);
}

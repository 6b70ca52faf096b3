// Reference for the script runner: a node process that only spawns the scripts of a directory one after
// the other (pipes for their output, like the tool) and does nothing else: no history, no fsync, no log.
//   node spawn-loop.mjs DIR [--supervised BUNDLE]
// --supervised: each script under the supervising shell the bundle carries (script/spawn-script.ts), in a
// session of its own, as the tool runs them: the floor of the tool's per-script cost with that guarantee.
import { spawn } from 'node:child_process';
import { readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const dir = process.argv[2];
const bundle = process.argv.includes('--supervised')
  ? process.argv[process.argv.indexOf('--supervised') + 1]
  : undefined;
const supervisor = bundle === undefined ? undefined : supervisorOf(bundle);
const exitFile = join(tmpdir(), `upgrade-hook-bench-exit.${process.pid}`);
for (const name of readdirSync(dir).sort()) {
  const code = await new Promise((resolve, reject) => {
    const [file, args] = supervisor
      ? ['/bin/sh', ['-c', supervisor, join(dir, name), exitFile, `bench once/${name}`, tmpdir()]]
      : [join(dir, name), []];
    const child = spawn(file, args, {
      cwd: dir,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: supervisor !== undefined,
    });
    child.stdout.resume();
    child.stderr.resume();
    child.on('error', reject);
    child.on('close', resolve);
  });
  if (code !== 0) process.exit(1);
}
rmSync(exitFile, { force: true });

// The shell text as the bundle holds it (an array of lines joined by newlines), so that an older bundle
// is measured against its own supervisor.
function supervisorOf(file) {
  const m = /SUPERVISOR=(\[[\s\S]*?\])\.join\(`\n`\)/.exec(readFileSync(file, 'utf8'));
  if (!m) {
    console.error(`${file}: no supervising shell found`);
    process.exit(2);
  }
  return new Function(`return ${m[1]}`)().join('\n');
}

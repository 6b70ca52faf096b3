// The choice behind script/verify-script.ts (docs/SECURITY.md): running each script by path after checking
// its path again, against opening it once and running /proc/self/fd/N. Spawns the scripts of a directory
// one after the other, three ways, interleaved, and prints the median wall time of each way per script.
//   node bench/lib/exec-by-fd.mjs DIR [ROUNDS]
import { spawn } from 'node:child_process';
import { closeSync, lstatSync, openSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';

const dir = process.argv[2];
const rounds = Number(process.argv[3] ?? 5);
const names = readdirSync(dir).sort();

function ancestorsChecked(path) {
  for (let d = dirname(path); ; d = dirname(d)) {
    const st = lstatSync(d);
    if (st.uid !== 0 || (st.mode & 0o022 && !(st.mode & 0o1000))) throw new Error(`${d} unsafe`);
    if (d === '/') break;
  }
  lstatSync(path);
}

const run = (cmd, extraFd) =>
  new Promise((resolve, reject) => {
    const stdio = ['ignore', 'pipe', 'pipe'];
    if (extraFd !== undefined) stdio.push(extraFd);
    const child = spawn(cmd, [], { cwd: dir, stdio });
    child.stdout.resume();
    child.stderr.resume();
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`${cmd} exited ${code}`))));
  });

const ways = {
  'by path': async (p) => run(p),
  'by path, path checked again first': async (p) => {
    ancestorsChecked(p);
    await run(p);
  },
  'by fd (/proc/self/fd/3)': async (p) => {
    const fd = openSync(p, 'r');
    try {
      await run('/proc/self/fd/3', fd);
    } finally {
      closeSync(fd);
    }
  },
};
const times = Object.fromEntries(Object.keys(ways).map((k) => [k, []]));
for (let r = 0; r < rounds; r++) {
  for (const [k, f] of Object.entries(ways)) {
    const t0 = process.hrtime.bigint();
    for (const n of names) await f(join(dir, n));
    times[k].push(Number(process.hrtime.bigint() - t0) / 1e6 / names.length);
  }
}
const median = (a) => a.sort((x, y) => x - y)[Math.floor(a.length / 2)];
const base = median([...times['by path']]);
for (const [k, t] of Object.entries(times))
  console.log(`${k}: ${median(t).toFixed(3)} ms per script (${(median([...t]) / base).toFixed(3)}x)`);

// Timing child processes on a noisy machine: the two sides of a ratio are measured in pairs, interleaved
// (the order flips every pair), and the median of the per-pair ratios is reported. Each run reports its
// wall time and, through bench/lib/rusage.py (wait4), its CPU time (user + sys, with the scripts it
// waited for) and peak RSS: CPU time barely moves when other work shares the machine, wall time does.
import { spawn, spawnSync } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const helperPath = fileURLToPath(new URL('./rusage.py', import.meta.url));

export function startRunner() {
  const probe = spawnSync('python3', ['-c', 'import os; os.posix_spawn; os.waitstatus_to_exitcode'], {
    stdio: 'ignore',
  });
  if (probe.status !== 0) return fallbackRunner();
  const child = spawn('python3', [helperPath], { stdio: ['pipe', 'pipe', 'inherit'] });
  const waiting = [];
  createInterface({ input: child.stdout }).on('line', (line) => waiting.shift()?.(JSON.parse(line)));
  return {
    cpu: true,
    exec: (req) =>
      new Promise((resolve) => {
        waiting.push(resolve);
        child.stdin.write(`${JSON.stringify(req)}\n`);
      }),
    close: () => child.stdin.end(),
  };
}

// Without python3: wall time only.
function fallbackRunner() {
  return {
    cpu: false,
    exec: async (req) => {
      const t0 = process.hrtime.bigint();
      const r = spawnSync(req.cmd, req.args, {
        env: req.env,
        cwd: req.cwd,
        stdio: ['ignore', 'pipe', 'pipe'],
        maxBuffer: 256 * 1024 * 1024,
      });
      const wall = Number(process.hrtime.bigint() - t0) / 1e6;
      return {
        status: r.status,
        wall,
        cpu: undefined,
        maxrssKb: undefined,
        stdout: String(r.stdout),
        stderr: String(r.stderr),
        error: r.error?.message,
      };
    },
    close: () => {},
  };
}

/** Runs a command to completion: { wall, cpu, maxrssKb } in ms / kB; throws when the exit status is not the expected one. */
export async function measure(runner, c) {
  if (c.before) c.before();
  const r = await runner.exec({ cmd: c.cmd, args: c.args, env: c.env, cwd: c.cwd });
  const expected = c.status ?? 0;
  if (r.error || r.status !== expected) {
    throw new Error(
      `${c.label}: exit ${r.status} (expected ${expected})${r.error ? `: ${r.error}` : ''}\n${r.stderr ?? ''}${(r.stdout ?? '').slice(-2000)}`,
    );
  }
  if (c.check) c.check(r.stdout, r.stderr);
  return { wall: r.wall, cpu: r.cpu, maxrssKb: r.maxrssKb };
}

export const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

/** `n` interleaved pairs of a and b (after `warmup` unrecorded pairs): medians of each side and of the per-pair ratios. */
export async function pairs(runner, a, b, n, warmup = 1) {
  const as = [];
  const bs = [];
  for (let i = 0; i < n + warmup; i++) {
    let ra;
    let rb;
    if (i % 2 === 0) {
      ra = await measure(runner, a);
      rb = await measure(runner, b);
    } else {
      rb = await measure(runner, b);
      ra = await measure(runner, a);
    }
    if (i < warmup) continue;
    as.push(ra);
    bs.push(rb);
  }
  const side = (xs) => ({
    wall: median(xs.map((x) => x.wall)),
    cpu: runner.cpu ? median(xs.map((x) => x.cpu)) : undefined,
    maxrssKb: Math.max(...xs.map((x) => x.maxrssKb ?? 0)) || undefined,
  });
  return {
    n,
    a: side(as),
    b: side(bs),
    ratio: median(as.map((x, i) => x.wall / bs[i].wall)),
    cpuRatio: runner.cpu ? median(as.map((x, i) => x.cpu / bs[i].cpu)) : undefined,
  };
}

/** Median wall and CPU time of n runs of one command, and the largest peak RSS. */
export async function repeat(runner, c, n, warmup = 1) {
  const xs = [];
  for (let i = 0; i < n + warmup; i++) {
    const r = await measure(runner, c);
    if (i >= warmup) xs.push(r);
  }
  return {
    n,
    wall: median(xs.map((x) => x.wall)),
    cpu: runner.cpu ? median(xs.map((x) => x.cpu)) : undefined,
    maxrssKb: Math.max(...xs.map((x) => x.maxrssKb ?? 0)) || undefined,
  };
}

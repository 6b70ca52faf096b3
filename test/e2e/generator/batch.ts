// Host side of the generator: build the cases' products (cached), boot one container for a batch of cases
// (runner.py runs them one after the other), boot the same tree again after a reboot the case asked for or
// after a power cut (the whole container SIGKILLed when the runner asks), then judge each case.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { repoRoot } from '../lib/container.js';
import { buildProduct, buildTriggers, CACHE } from './build.js';
import { checkCase, type Violation } from './invariants.js';
import { type Case, describeCase, generateCase, type ProductSpec } from './model.js';

export interface CaseResult {
  seed: number;
  shape: string;
  violations: Violation[];
  dir: string;
  ms: number;
  // what each fault hit: "kill-tool: hit (upgrade-hook gate gpa) while once/4100_precheck_v1_1 ran", "power-cut: missed"
  faults: string[];
}
export interface BatchResult {
  cases: CaseResult[];
  boots: number;
  powerCuts: number;
  ms: number;
  story: string;
}

// The replay command of one seed.
export const replay = (seed: number) => `npm run -s soak -- --replay ${seed}`;

function productEntry(p: ProductSpec, dir: string) {
  const api = p.units.find((u) => u.kind === 'socket');
  return {
    name: p.name,
    dir: `/mnt/cache/${basename(dir)}`,
    units: [...p.sharedBackends, ...p.units.map((u) => u.name)],
    target: `${p.name}.target`,
    backup: p.backup,
    apiSocket: api?.name ?? null,
    apiPort: api?.port ?? null,
  };
}

interface Boot {
  code: number | null;
  powerCut: boolean;
  out: string;
  err: string;
}

// One boot of the tree in UPPER; resolves when the runner exits or, after it asked for a power cut, once
// the whole container was SIGKILLed (container.sh's unshare --kill-child takes every process with it).
function boot(stage: string, results: string, upper: string, timeoutMs: number): Promise<Boot> {
  const args = [
    join(repoRoot, 'test/e2e/lib/container.sh'),
    'run',
    '--bind-ro',
    `${stage}:/mnt/build`,
    '--bind-ro',
    `${CACHE}:/mnt/cache`,
    '--bind-ro',
    `${join(repoRoot, 'test/e2e/generator')}:/mnt/gen`,
    '--bind',
    `${results}:/mnt/results`,
    '--upper',
    upper,
    '--',
    'python3',
    '/mnt/gen/runner.py',
  ];
  return new Promise((resolve) => {
    const child: ChildProcess = spawn('bash', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    let powerCut = false;
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      if (process.env.UPGRADE_HOOK_GENERATOR_VERBOSE) process.stdout.write(d);
    });
    child.stderr!.on('data', (d: Buffer) => {
      err += d.toString();
    });
    const cutFile = join(results, 'POWERCUT');
    const watch = setInterval(() => {
      if (!powerCut && existsSync(cutFile)) {
        powerCut = true;
        child.kill('SIGKILL');
      }
    }, 20);
    const limit = setTimeout(() => child.kill('SIGTERM'), timeoutMs);
    child.on('close', (code) => {
      clearInterval(watch);
      clearTimeout(limit);
      rmSync(cutFile, { force: true });
      resolve({ code, powerCut, out, err });
    });
  });
}

// Run SEEDS' cases in one tree (one boot, more after reboots and power cuts), judge each.
export async function runBatch(seeds: number[], stage: string, opts: { keep?: boolean } = {}): Promise<BatchResult> {
  const t0 = performance.now();
  const cases: Case[] = seeds.map(generateCase);
  const triggers = buildTriggers();
  const built = new Map<ProductSpec, string>();
  for (const c of cases) for (const p of c.products) built.set(p, buildProduct(p));
  const results = join('/tmp', `upgrade-hook-generated-${process.pid}-${Date.now()}`);
  const upper = `${results}.tree`;
  mkdirSync(results, { recursive: true });
  const rpm = (dir: string, prefix: string) => {
    const f = readdirSync(join(stage, dir))
      .filter((x) => x.startsWith(prefix) && /^[0-9]/.test(x.slice(prefix.length)))
      .sort()
      .pop();
    return `/mnt/build/${dir}/${f}`;
  };
  const batch = {
    tools: {
      tool: rpm('rpm/RPMS/noarch', 'upgrade-hook-'),
      plugin: rpm('rpm/RPMS/noarch', 'python3-dnf-plugin-upgrade-hook-'),
      hostProvides: '/mnt/build/acme/RPMS/noarch/debian-host-provides-12-1.noarch.rpm',
      triggers: `/mnt/cache/${basename(triggers)}/RPMS/noarch/systemd-rpm-triggers-252-1.noarch.rpm`,
    },
    cases: cases.map((c) => ({
      id: `seed-${c.seed}`,
      seed: c.seed,
      shape: describeCase(c),
      products: c.products.map((p) => productEntry(p, built.get(p)!)),
      steps: c.steps,
      rollback: c.rollback,
    })),
  };
  writeFileSync(join(results, 'batch.json'), JSON.stringify(batch, null, 1));
  let story = '';
  let boots = 0;
  let powerCuts = 0;
  // each case may reboot twice and be cut twice: bounded
  while (boots < 1 + 4 * cases.length) {
    boots++;
    const b = await boot(stage, results, upper, 300_000 * cases.length);
    story += b.out;
    if (b.powerCut) {
      powerCuts++;
      story += '  (power cut: the container was SIGKILLed; booting the same tree)\n';
      continue;
    }
    if (b.code === 100) continue;
    if (b.code !== 0) story += `\n(the batch's boot ended with exit ${b.code}: ${b.err.slice(-3000)})\n`;
    break;
  }
  const judged = cases.map((c) => {
    const dir = join(results, `seed-${c.seed}`);
    return { seed: c.seed, shape: describeCase(c), violations: checkCase(c, dir), dir, ms: 0, faults: faultsOf(dir) };
  });
  writeFileSync(join(results, 'story.txt'), story);
  const clean = judged.every((j) => j.violations.length === 0);
  rmSync(upper, { recursive: true, force: true });
  if (clean && !opts.keep) rmSync(results, { recursive: true, force: true });
  const ms = performance.now() - t0;
  for (const j of judged) j.ms = ms / judged.length;
  return { cases: judged, boots, powerCuts, ms, story };
}

function faultsOf(dir: string): string[] {
  const path = join(dir, 'faults.jsonl');
  if (!existsSync(path)) return [];
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => {
      const f = JSON.parse(l) as { fault: string; hit: boolean; command?: string; holder?: string; script?: string };
      const who = f.command ?? f.holder;
      return `${f.fault}: ${f.hit ? `hit${who ? ` (${who})` : ''}${f.script ? ` while ${f.script} ran` : ''}` : 'missed'}`;
    });
}

export function formatViolations(r: CaseResult): string {
  return [
    `seed ${r.seed}: ${r.shape}`,
    ...r.violations.map((x) => `  - ${x.invariant}: ${x.detail}`),
    `  replay: ${replay(r.seed)}   (results: ${r.dir})`,
  ].join('\n');
}

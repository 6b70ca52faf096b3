// Issue 24: `upgrade-hook matrix`, the packager's CI proof, run the way CI runs it: the bundled tool on this
// host, real RPMs (test/fixtures/tally/build.sh: three released versions and three new builds), one booted
// systemd-nspawn container per case over the cached bookworm image. It must find a planted defect (a 1.2
// once-script that only works on data made by >= 1.1) in exactly the 1.0 case, an ordering defect as a hidden
// required stop at 1.0 -> 1.1, pass a sound build, and leave nothing behind when killed.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  containerSkipReason,
  ensureImage,
  newResultsDir,
  removeDir,
  repoRoot,
  stageArtifacts,
} from './lib/container.js';

const skip = containerSkipReason();
const TOOL = join(repoRoot, 'dist/upgrade-hook.cjs');
const IMAGE = join(process.env.UPGRADE_HOOK_TEST_CACHE ?? '/var/tmp/upgrade-hook-test-cache', 'bookworm-systemd');
const SANDBOXES = '/var/tmp';

interface Report {
  ok: boolean;
  released: string[];
  cases: Array<{ name: string; from: string; verdict: string; message: string | null; ms: number }>;
  hiddenStop: { from: string; hop: [string, string]; minDataVersion: string } | null;
  ms: number;
}

describe('matrix (issue 24)', { skip }, () => {
  let stage = '';
  let tally = '';
  let withDir = '';
  let out = '';
  before(() => {
    ensureImage();
    stage = stageArtifacts();
    tally = join(stage, 'tally');
    const b = spawnSync('bash', [join(repoRoot, 'test/fixtures/tally/build.sh'), tally], { encoding: 'utf8' });
    assert.equal(b.status, 0, b.stderr);
    // the tool itself and the Debian host's provides: installed first in every container
    withDir = join(stage, 'with');
    mkdirSync(withDir);
    for (const [dir, re] of [
      [join(stage, 'rpm/RPMS/noarch'), /^upgrade-hook-\d.*\.noarch\.rpm$/],
      [join(stage, 'acme/RPMS/noarch'), /^debian-host-provides-.*\.rpm$/],
    ] as const)
      for (const f of readdirSync(dir).filter((n) => re.test(n))) copyFileSync(join(dir, f), join(withDir, f));
    out = newResultsDir('matrix');
  });
  after(() => {
    if (process.env.UPGRADE_HOOK_KEEP_RESULTS !== '1') {
      removeDir(stage);
      removeDir(out);
    }
  });

  const args = (to: string, extra: string[] = []) => [
    TOOL,
    'matrix',
    '--released',
    join(tally, 'released'),
    '--to',
    join(tally, to),
    '--with',
    withDir,
    '--image',
    IMAGE,
    ...extra,
  ];
  const matrix = (to: string, extra: string[] = []) => {
    const r = spawnSync(process.execPath, args(to, [...extra, '--json']), { encoding: 'utf8', timeout: 600_000 });
    return { code: r.status, report: JSON.parse(r.stdout) as Report, stderr: r.stderr };
  };
  const verdicts = (r: Report) => Object.fromEntries(r.cases.map((c) => [c.name, c.verdict]));

  test('a 1.2 once-script that needs data made by >= 1.1 fails exactly the 1.0 case, with the real message', () => {
    const junit = join(out, 'total.xml');
    const { code, report } = matrix('to-total', ['--junit', junit]);
    console.log(
      `  to-total: ${report.cases.map((c) => `${c.name} ${c.verdict} ${(c.ms / 1000).toFixed(1)} s`).join('; ')}; wall ${(report.ms / 1000).toFixed(1)} s`,
    );
    assert.equal(code, 1);
    assert.deepEqual(report.released, ['1.0-1', '1.1-1', '1.1.1-1']);
    assert.deepEqual(verdicts(report), {
      'direct 1.0-1': 'failed',
      'direct 1.1-1': 'passed',
      'direct 1.1.1-1': 'passed',
      chain: 'passed',
    });
    const failed = report.cases.find((c) => c.verdict === 'failed')!;
    assert.match(
      failed.message ?? '',
      /upgrade to 1\.2-1 failed .*tally: upgrade failed: 1500_total exited with status 1/,
    );
    assert.equal(report.hiddenStop, null);
    const xml = readFileSync(junit, 'utf8');
    assert.equal((xml.match(/<testcase /g) ?? []).length, 4);
    assert.equal((xml.match(/<failure /g) ?? []).length, 1);
    assert.match(xml, /item without a count: apple/);
  });

  test('an ordering defect is a hidden required stop at 1.0 -> 1.1, with the min_data_version to declare', () => {
    const { code, report } = matrix('to-rename');
    console.log(`  to-rename: wall ${(report.ms / 1000).toFixed(1)} s`);
    assert.equal(code, 1);
    assert.deepEqual(verdicts(report), {
      'direct 1.0-1': 'diverged',
      'direct 1.1-1': 'passed',
      'direct 1.1.1-1': 'passed',
      chain: 'passed',
    });
    assert.deepEqual(report.hiddenStop, { from: '1.0-1', hop: ['1.0-1', '1.1-1'], minDataVersion: '1.1-1' });
    // the text output says the same to a person
    const text = spawnSync(process.execPath, args('to-rename'), { encoding: 'utf8', timeout: 600_000 });
    assert.match(text.stdout + text.stderr, /min_data_version = 1\.1-1/);
  });

  // No --image: the cases boot over this host's own root (read-only below each case), as a rehearsal does.
  const hostRootSkip = hostRootSkipReason();
  test("without --image, a sound build passes every case over this host's root", { skip: hostRootSkip }, () => {
    const noImage = args('to-good', ['--json']).filter((a, i, all) => a !== '--image' && all[i - 1] !== '--image');
    const r = spawnSync(process.execPath, noImage, { encoding: 'utf8', timeout: 900_000 });
    let report: Report;
    try {
      report = JSON.parse(r.stdout) as Report;
    } catch {
      assert.fail(`no report (exit ${r.status}, ${r.error?.message ?? ''}): ${r.stdout.slice(0, 500)}\n${r.stderr}`);
    }
    console.log(
      `  over /: ${report.cases.map((c) => `${c.name} ${c.verdict} ${(c.ms / 1000).toFixed(1)} s`).join('; ')}`,
    );
    assert.equal(r.status, 0, `${r.stderr}\n${JSON.stringify(report.cases)}`);
    assert.match(r.stderr, /no --image: each case boots over this host's root/);
    assert.deepEqual(Object.values(verdicts(report)), ['passed', 'passed', 'passed', 'passed']);
    assert.equal(spawnSync('rpm', ['-q', 'tally']).status, 1, 'nothing was installed on the host');
  });

  test('a sound build passes every case', () => {
    const { code, report } = matrix('to-good');
    assert.equal(code, 0, JSON.stringify(report.cases));
    assert.equal(report.ok, true);
    assert.equal(report.cases.length, 4);
  });

  // Where systemd-nspawn is missing the cases boot with podman (UPGRADE_HOOK_SANDBOX_ENGINE picks it here).
  test('with podman instead of systemd-nspawn: the same verdicts, and nothing of podman is left', {
    skip: spawnSync('sh', ['-c', 'command -v podman']).status !== 0 && 'needs podman (npm run setup installs it)',
  }, async () => {
    const before = podmanTraces();
    const cgroup2Before = cgroup2Options();
    const cgroupsBefore = cgroupTops();
    const child = spawn(process.execPath, args('to-total', ['--json']), {
      env: { ...process.env, UPGRADE_HOOK_SANDBOX_ENGINE: 'podman' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (b: Buffer) => {
      stdout += b.toString();
    });
    child.stderr!.on('data', (b: Buffer) => {
      stderr += b.toString();
    });
    // while a case runs, its container is podman's (conmon holds it), not nspawn's
    const engines = new Set<string>();
    const watch = setInterval(() => {
      for (const h of holders(`upgrade-hook-sandbox.${child.pid}.`)) {
        if (/\bconmon\b/.test(h)) engines.add('podman');
        if (/systemd-nspawn/.test(h)) engines.add('nspawn');
      }
    }, 200);
    const code = await new Promise<number | null>((r) => child.once('exit', (c) => r(c)));
    clearInterval(watch);
    const report = JSON.parse(stdout) as Report;
    console.log(
      `  podman, to-total: ${report.cases.map((c) => `${c.name} ${c.verdict} ${(c.ms / 1000).toFixed(1)} s`).join('; ')}; wall ${(report.ms / 1000).toFixed(1)} s`,
    );
    assert.equal(code, 1, stderr);
    assert.deepEqual(
      verdicts(report),
      {
        'direct 1.0-1': 'failed',
        'direct 1.1-1': 'passed',
        'direct 1.1.1-1': 'passed',
        chain: 'passed',
      },
      report.cases.map((c) => `${c.name}: ${c.message}`).join('\n'),
    );
    assert.match(
      report.cases.find((c) => c.verdict === 'failed')?.message ?? '',
      /tally: upgrade failed: 1500_total exited with status 1/,
    );
    assert.deepEqual([...engines], ['podman'], "the containers were podman's");
    assert.deepEqual(podmanTraces(), before, "podman's storage and run state stayed in the sandbox's tmpfs");
    assert.deepEqual(
      cgroup2Options(),
      cgroup2Before,
      "the host's cgroup2 mount options are unchanged (no nsdelegate turned on)",
    );
    assert.deepEqual(cgroupTops(), cgroupsBefore, 'no cgroup left or made at the top of any hierarchy');
    assert.deepEqual(holders(`upgrade-hook-sandbox.${child.pid}.`), [], 'no process is left');

    // SIGKILL mid-case: conmon and the container are in the driver's PID namespace, so the kernel ends them
    const killed = spawn(process.execPath, args('to-good', ['--json']), {
      env: { ...process.env, UPGRADE_HOOK_SANDBOX_ENGINE: 'podman' },
      stdio: 'ignore',
    });
    const dir = await firstStepRunning(killed.pid!);
    assert.ok(dir, 'the first case started');
    assert.ok(
      holders(join(SANDBOXES, dir)).some((h) => /\bconmon\b/.test(h)),
      'a podman container runs the case',
    );
    killed.kill('SIGKILL');
    await new Promise((r) => killed.once('exit', r));
    let left: string[] = [];
    for (let i = 0; i < 50; i++) {
      left = holders(join(SANDBOXES, dir));
      if (left.length === 0) break;
      await sleep(100);
    }
    assert.deepEqual(left, [], 'no process of the killed run is left (conmon, the container)');
    assert.deepEqual(podmanTraces(), before, 'nor anything of podman on the host');
    // its cgroups wait for the next run, which removes them: one stopped by SIGTERM once its case runs
    const next = spawn(process.execPath, args('to-good', ['--json']), {
      env: { ...process.env, UPGRADE_HOOK_SANDBOX_ENGINE: 'podman' },
      stdio: 'ignore',
    });
    await firstStepRunning(next.pid!);
    next.kill('SIGTERM');
    assert.equal(await new Promise<number | null>((r) => next.once('exit', (c) => r(c))), 1);
    assert.ok(!existsSync(join(SANDBOXES, dir)), "the next run removed the killed one's directory");
    assert.deepEqual(cgroupTops(), cgroupsBefore, "and the killed run's cgroups; its own went with it");
    assert.deepEqual(cgroup2Options(), cgroup2Before);
  });

  test('SIGKILL of the tool mid-case leaves no container, no process and no mount; the next run sweeps its directory', async () => {
    const child = spawn(process.execPath, args('to-good', ['--json']), { stdio: 'ignore' });
    // wait until the job runs inside the booted container
    const dir = await firstStepRunning(child.pid!);
    assert.ok(dir, 'the first case started');
    const full = join(SANDBOXES, dir);
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    let left: string[] = [];
    for (let i = 0; i < 50; i++) {
      left = holders(full);
      if (left.length === 0) break;
      await sleep(100);
    }
    assert.deepEqual(left, [], 'no process of the killed run is left');
    assert.ok(existsSync(full), 'the directory stays until the next run');
    // SIGTERM: the container powers off and the directory goes at once; exit 1 (interrupted)
    const term = spawn(process.execPath, args('to-good', ['--json']), { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    term.stderr.on('data', (b: Buffer) => {
      err += b.toString();
    });
    const termDir = await firstStepRunning(term.pid!);
    assert.ok(!existsSync(full), "the next run removed the killed one's directory");
    assert.ok(termDir);
    term.kill('SIGTERM');
    const code = await new Promise<number | null>((r) => term.once('exit', (c) => r(c)));
    assert.equal(code, 1, err);
    assert.match(err, /interrupted by SIGTERM/);
    assert.ok(!existsSync(join(SANDBOXES, termDir)), 'its own directory is gone');
    assert.deepEqual(holders(join(SANDBOXES, termDir)), []);
    assert.deepEqual(
      cgroupTops().filter((c) => /\/(uh-sbx-|payload$|supervisor$)/.test(c)),
      [],
      "no cgroup of the killed or the stopped run is left at the top of a hierarchy (nspawn's payload/ and supervisor/ go with the driver's own)",
    );
  });
});

/** The sandbox directory of run `pid` once its first case's job runs (undefined after 60 s). */
async function firstStepRunning(pid: number): Promise<string | undefined> {
  for (let i = 0; i < 600; i++) {
    const dir = readdirSync(SANDBOXES)
      .filter((n) => n.startsWith(`upgrade-hook-sandbox.${pid}.`))
      .find((d) => existsSync(join(SANDBOXES, d, 'results/steps/001.name')));
    if (dir) return dir;
    await sleep(100);
  }
  return undefined;
}

/** Processes whose command line or mounts name `dir` (the driver, nspawn, the container's processes). */
function holders(dir: string): string[] {
  const found: string[] = [];
  for (const pid of readdirSync('/proc').filter((n) => /^\d+$/.test(n))) {
    try {
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      const mounts = readFileSync(`/proc/${pid}/mountinfo`, 'utf8');
      if (cmd.includes(dir) || mounts.includes(dir)) found.push(`${pid} ${cmd.replace(/\0/g, ' ').slice(0, 80)}`);
    } catch {
      // gone meanwhile
    }
  }
  return found;
}

/** What podman keeps on the host when it is not told otherwise (its storage, its run state). */
function podmanTraces(): string[] {
  return ['/var/lib/containers', '/run/containers', '/run/libpod', '/var/tmp/containers'].flatMap((d) => {
    try {
      return readdirSync(d, { recursive: true }).map((n) => `${d}/${n}`);
    } catch {
      return [];
    }
  });
}

/** The cgroups at the top of each hierarchy (what a container's systemd or podman may leave there). */
function cgroupTops(): string[] {
  const root = '/sys/fs/cgroup';
  return readdirSync(root, { withFileTypes: true })
    .filter((h) => h.isDirectory())
    .flatMap((h) => {
      try {
        return readdirSync(join(root, h.name), { withFileTypes: true })
          .filter((c) => c.isDirectory())
          .map((c) => `${h.name}/${c.name}`);
      } catch {
        return [];
      }
    })
    .sort();
}

/** The options of the host's cgroup2 mounts (a flag such as nsdelegate is the whole machine's). */
function cgroup2Options(): string[] {
  return readFileSync('/proc/self/mountinfo', 'utf8')
    .split('\n')
    .filter((l) => / - cgroup2 /.test(l))
    .map((l) => `${l.split(' ')[4]} ${l.split(' - ')[1]}`);
}

/** Why this host's root cannot be a case's image: it lacks systemd, rpm or node, or has tally installed. */
function hostRootSkipReason(): string | false {
  for (const need of [['/usr/lib/systemd/systemd', '/lib/systemd/systemd'], ['/usr/bin/rpm'], ['/usr/bin/node']])
    if (!need.some((p) => existsSync(p))) return `this host has no ${need[0]}`;
  if (spawnSync('rpm', ['-q', 'tally']).status === 0) return 'tally is installed on this host';
  return false;
}

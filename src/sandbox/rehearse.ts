// Carries out `rehearse NAME --packages DIR` (issue 24, docs/rehearse.md): a consistent copy of this host's
// data, a throwaway systemd container over this host's root with the copy bound over the data paths, the
// packager's neutralize hook, the real upgrade with the new packages inside, its checks and readiness, and a
// report in VAR_DIR/rehearse/last.json. Production data, state, markers and history are never written.
import { spawnSync } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { measureBytes } from '../backup/take.js';
import { formatBytes } from '../backup/policy.js';
import type { CommandContext } from '../command.js';
import { UpgradeHookError } from '../errors.js';
import { lastLine } from '../plan/matrix-policy.js';
import { seconds } from '../plan/downtime.js';
import { type MeasuredRun, measuredRuns } from '../record/measured-run.js';
import { commandEnv } from '../proc/command-env.js';
import type { Descriptor } from '../product/descriptor.js';
import { loadDescriptor } from '../product/load.js';
import { readStoredState } from '../product/stored-state.js';
import { readHistory } from '../record/history-file.js';
import { rehearsalDirOf, rehearsalReportPath } from '../record/rehearsal.js';
import { listenForInterrupts, throwIfInterrupted } from '../proc/interruption.js';
import { writeFileAtomic } from '../state/atomic-file.js';
import { deleteSnapshots } from './btrfs-snapshot.js';
import { type CopyMethod, consistentCopy, type Frozen, measureCopyRate, planCopy, thaw } from './consistent-copy.js';
import { type Engine, requireSandboxTools, runContainer } from './container.js';
import { evr, productPackage } from './matrix.js';
import { isAlive } from '../proc/process-tree.js';

const RPMS = '/mnt/upgrade-hook-rpms';
const TIMEOUT_SEC = 3600;

/** The JSON document of `rehearse --json`, also stored as VAR_DIR/rehearse/last.json (docs/rehearse.md). */
export interface RehearseReport {
  schema: 1;
  product: string;
  at: string;
  from: string;
  to: string;
  ok: boolean;
  /** What failed, as a real run prints it; null when it passed. */
  message: string | null;
  copy: {
    method: CopyMethod;
    bytes: number;
    paths: string[];
    /** The product's units frozen for the copy, and how (their PIDs stay). */
    frozen: { how: Frozen['how']; units: string[] };
    /** How long the product was frozen (the only moment production does not serve). */
    gapMs: number;
    copyMs: number;
  };
  steps: Array<{ step: string; exit: number; ms: number; tail: string }>;
  /** The upgrade as the copy's history recorded it: per-script durations, run time, downtime. */
  run: MeasuredRun | null;
  predictedDowntimeMs: number | null;
  /** Packets sent by the container on interfaces other than lo (must be 0). */
  txPackets: number | null;
  containerMs: number;
  ms: number;
}

export function rehearsalDir(d: Descriptor): string {
  return rehearsalDirOf(d.varDir);
}
export function lastReportPath(d: Descriptor): string {
  return rehearsalReportPath(d.varDir);
}

/**
 * Removes a rehearsal's run directory: its btrfs snapshots first (each is another device, which `rm
 * --one-file-system` skips), then the rest. Says of each snapshot it could not delete what it holds and how
 * to delete it; returns whether the directory is gone.
 */
function removeRun(p: string, warn: (line: string) => void): boolean {
  for (const s of deleteSnapshots(p))
    warn(
      `could not delete the btrfs snapshot ${s.path} (${s.error}); it keeps the data's old blocks on disk: delete it with: btrfs subvolume delete ${s.path}`,
    );
  spawnSync('rm', ['-rf', '--one-file-system', '--', p], { env: commandEnv({}) });
  if (!existsSync(p)) return true;
  warn(`could not remove ${p} (a snapshot or a mount is left in it: findmnt -R ${p}); the next rehearsal tries again`);
  return false;
}

/**
 * Removes what a killed rehearsal left in VAR_DIR/rehearse: each `run.PID` whose process is gone (after
 * thawing what its record says it froze, in case its dead-man switch was killed too). Returns what it removed;
 * what it could not remove is said through `warn` (and tried again by the next rehearsal).
 */
export function sweepRehearsals(d: Descriptor, warn: (line: string) => void = () => {}): string[] {
  const dir = rehearsalDir(d);
  const removed: string[] = [];
  let names: string[] = [];
  try {
    names = readdirSync(dir);
  } catch {
    return removed;
  }
  for (const n of names) {
    const m = /^run\.(\d+)$/.exec(n);
    if (!m || isAlive(Number(m[1]))) continue;
    const p = join(dir, n);
    try {
      thaw(JSON.parse(readFileSync(join(p, 'frozen.json'), 'utf8')) as Frozen);
    } catch {
      // nothing was frozen
    }
    if (removeRun(p, warn)) removed.push(p);
  }
  return removed;
}

/** The top paths to copy: the [backup] paths, the state file and VAR_DIR; one inside another is dropped. */
export function dataPaths(d: Descriptor): Array<{ path: string; skip: string[] }> {
  const all = [...(d.backup?.paths ?? []), d.stateFile, d.varDir];
  const inside = (p: string, q: string) => p !== q && p.startsWith(q.endsWith('/') ? q : `${q}/`);
  const top = [...new Set(all)].filter((p) => !all.some((q) => inside(p, q)));
  return top.map((path) => ({
    path,
    // VAR_DIR's own backups and rehearsals are not the product's data
    skip: path === d.varDir || inside(d.varDir, path) ? ['rehearse', 'backups'] : [],
  }));
}

export async function runRehearsal(
  ctx: CommandContext,
  name: string,
  packagesDir: string | undefined,
  progress: (line: string) => void,
): Promise<RehearseReport> {
  if (packagesDir === undefined)
    throw new UpgradeHookError('USAGE', "rehearse needs --packages DIR (the new build's RPMs)", {
      hint: 'see: upgrade-hook rehearse --help',
    });
  try {
    if (!statSync(packagesDir).isDirectory())
      throw new UpgradeHookError('USAGE', `--packages ${packagesDir}: not a directory`, {
        hint: "pass the directory of the new build's RPMs",
      });
  } catch (e) {
    if (e instanceof UpgradeHookError) throw e;
    throw new UpgradeHookError('USAGE', `--packages ${packagesDir}: ${(e as NodeJS.ErrnoException).code ?? e}`, {
      hint: "pass the directory of the new build's RPMs",
    });
  }
  const d = loadDescriptor(name, ctx.env, (l) => ctx.terminal.warn(l), [ctx.euid]);
  if (!d.backup || d.backup.paths.length === 0)
    throw new UpgradeHookError(
      'DESCRIPTOR_INVALID',
      `${d.name}: rehearse needs the product's data paths: [backup] paths = …`,
      {
        hint: `list the data in /etc/upgrade-hook/products.d/${d.name}.conf: [backup] paths = DIR…`,
      },
    );
  if (ctx.euid !== 0)
    throw new UpgradeHookError(
      'NOT_ROOT',
      `upgrade-hook rehearse must be run as root (it freezes the product's units and boots a container); nothing was done`,
    );
  const engine = requireSandboxTools('rehearse', ctx.env);
  const pkg = productPackage(packagesDir, d.name, '--packages');
  const to = evr(pkg.file);
  const from = readStoredState(d).dataVersion;
  if (from === undefined)
    throw new UpgradeHookError('REFUSED', `${d.name}: not configured yet (no data version): nothing to rehearse`);
  const stop = listenForInterrupts();
  const dir = rehearsalDir(d);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  assertOwnDirectory(dir);
  const warn = (line: string) => progress(`${d.name}: ${line}`);
  for (const p of sweepRehearsals(d, warn)) progress(`${d.name}: removed a killed rehearsal's leftovers: ${p}`);
  const work = join(dir, `run.${process.pid}`);
  // an earlier process with this PID may have left one (the sweep passes it by: this PID is alive)
  if (!removeRun(work, warn))
    throw new UpgradeHookError('IO', `${work}: left by an earlier rehearsal and cannot be removed`, {
      hint: `remove it (see the line above), then rerun the rehearsal`,
    });
  mkdirSync(work, { mode: 0o700 });
  const t0 = performance.now();
  try {
    return await rehearse(d, from, to, packagesDir, work, progress, t0, engine);
  } finally {
    removeRun(work, warn);
    stop();
  }
}

function assertOwnDirectory(dir: string): void {
  const st = lstatSync(dir);
  if (!st.isDirectory() || st.uid !== 0 || (st.mode & 0o022) !== 0)
    throw new UpgradeHookError('UNSAFE_PATH', `${dir}: not a directory only root can write: refused`, {
      hint: `remove it; rehearse makes it again (root, 0700)`,
    });
}

async function rehearse(
  d: Descriptor,
  from: string,
  to: string,
  packagesDir: string,
  work: string,
  progress: (line: string) => void,
  t0: number,
  engine: Engine,
): Promise<RehearseReport> {
  const paths = dataPaths(d);
  const copyRoot = join(work, 'data');
  mkdirSync(copyRoot, { mode: 0o700 });
  const bytes = measureBytes(paths.map((p) => p.path));
  const plan = planCopy(paths, work);
  const { method } = plan;
  const units = d.services.map((s) => s.unit).filter((u): u is string => u !== undefined);
  if (method === 'snapshot')
    progress(
      `${d.name}: copy: btrfs snapshot of ${formatBytes(bytes)} (${plan.snapshot.subvolumes.join(', ')}); the product is frozen only while it is taken`,
    );
  else if (method === 'reflink')
    progress(`${d.name}: copy: reflink (copy-on-write) of ${formatBytes(bytes)}; the product is frozen meanwhile`);
  else {
    const rate = measureCopyRate(
      paths.map((p) => p.path),
      work,
    );
    progress(
      `${d.name}: copy: plain copy of ${formatBytes(bytes)} (this filesystem cannot clone)${rate ? `, roughly ${seconds(bytes / rate)} with the product frozen (a 64 MiB probe's rate)` : '; too little data to time'}`,
    );
  }
  throwIfInterrupted();
  const c = consistentCopy(units, paths, copyRoot, work, plan);
  progress(
    `${d.name}: the product was frozen ${seconds(c.gapMs)} (${c.frozen.how}: ${units.join(', ') || 'no units'}); its PIDs are kept`,
  );
  throwIfInterrupted();
  const job = rehearsalJob(d, from, to, units);
  progress(`${d.name}: rehearsing ${from} -> ${to} in a throwaway container (${engine}, loopback only)`);
  const r = await runContainer({
    lowers: ['/'],
    binds: [
      { src: packagesDir, dst: RPMS, readOnly: true },
      ...paths
        .filter((p) => existsSync(join(copyRoot, p.path)))
        .map((p) => ({ src: join(copyRoot, p.path), dst: p.path, readOnly: false })),
    ],
    job,
    timeoutSec: TIMEOUT_SEC,
    initArgs: ['systemd.unit=sysinit.target'],
    engine,
  });
  throwIfInterrupted();
  const steps = r.steps.map((s) => ({ step: s.step, exit: s.exit, ms: s.ms, tail: s.tail }));
  const bad = steps.find((s) => s.exit !== 0);
  const runs = (() => {
    try {
      return measuredRuns(readHistory(join(copyRoot, d.varDir, 'history.jsonl')));
    } catch {
      return [];
    }
  })();
  const run = runs.filter((x) => x.to === to).at(-1) ?? null;
  let message: string | null = null;
  if (bad) message = `${bad.step} failed (exit ${bad.exit}): ${lastLine(bad.tail)}`;
  else if (r.exit !== 0) message = `the container failed (exit ${r.exit}): ${lastLine(r.log)}`;
  else if (steps.length === 0) message = 'the container ran no step';
  else if (r.txPackets !== 0)
    message = `${r.txPackets ?? 'an unknown number of'} packet(s) left the container on an interface other than lo`;
  const report: RehearseReport = {
    schema: 1,
    product: d.name,
    at: new Date().toISOString(),
    from,
    to,
    ok: message === null,
    message,
    copy: {
      method,
      bytes,
      paths: paths.map((p) => p.path),
      frozen: { how: c.frozen.how, units },
      gapMs: c.gapMs,
      copyMs: c.copyMs,
    },
    steps,
    run,
    predictedDowntimeMs: message === null && run ? run.downtimeMs : null,
    txPackets: r.txPackets,
    containerMs: r.ms,
    ms: Math.round(performance.now() - t0),
  };
  writeFileAtomic(lastReportPath(d), `${JSON.stringify(report, null, 2)}\n`, { mode: 0o600 });
  return report;
}

const q = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

/** The job inside: neutralize before anything of the product starts, start it, upgrade, check, readiness. */
export function rehearsalJob(d: Descriptor, from: string, to: string, units: string[]): string {
  const n = q(d.name);
  const lines = [`at ${q(from)}`];
  if (d.rehearse?.neutralize) lines.push(`step neutralize -- sh -c ${q(d.rehearse.neutralize)}`);
  lines.push(
    'step start -- systemctl start multi-user.target',
    `step before -- upgrade-hook check ${n}`,
    `at ${q(to)}`,
    `step ${q(`upgrade to ${to}`)} -- sh -c ${q(upgradeScript(d.name, units))}`,
    `step check -- upgrade-hook check ${n}`,
    `step ready -- sh -c 'for u in ${units.map(q).join(' ')}; do for i in $(seq 600); do systemctl is-active -q "$u" && break; sleep 0.1; done; echo "$u: $(systemctl is-active "$u")"; systemctl is-active -q "$u" || exit 1; done'`,
  );
  return `${lines.join('\n')}\n`;
}

/**
 * The upgrade as the admin's `dnf update` does it: dnf with its upgrade-hook plugin where dnf is installed (the
 * bridge runs the upgrade after the transaction), rpm otherwise (%posttrans runs it). A package scriptlet in the
 * loopback-only rehearsal defers for "no network" where no bridge takes it; then the next start of the product's
 * units runs it through the gate, as it would on the host.
 */
export function upgradeScript(name: string, units: string[]): string {
  const n = q(name);
  return [
    `if command -v dnf >/dev/null; then dnf -y -q --disablerepo='*' upgrade ${RPMS}/*.rpm 2>&1; else rpm -U --quiet ${RPMS}/*.rpm 2>&1; fi`,
    `upgrade-hook check ${n} >/dev/null 2>&1; if [ $? = 5 ]; then echo "deferred: the next start of the product runs it"; systemctl restart ${units.map(q).join(' ')} 2>&1; fi`,
    `upgrade-hook status ${n} 2>&1 | tail -n 5`,
    `upgrade-hook check ${n} >/dev/null 2>&1`,
  ].join('\n');
}

const COPY_METHOD: Record<CopyMethod, string> = {
  snapshot: 'btrfs snapshot',
  reflink: 'reflink (copy-on-write)',
  copy: 'plain copy',
};

/** The text report. */
export function describeRehearsal(r: RehearseReport): string[] {
  const lines = [
    `${r.product}: rehearsal of ${r.from} -> ${r.to}: ${r.ok ? 'ok' : 'FAILED'} (${seconds(r.ms)})`,
    `  data: ${formatBytes(r.copy.bytes)} by ${COPY_METHOD[r.copy.method]} in ${seconds(r.copy.copyMs)}; production frozen ${seconds(r.copy.gapMs)} (${r.copy.frozen.how})`,
  ];
  for (const s of r.steps) {
    lines.push(`  ${s.exit === 0 ? 'ok    ' : 'FAILED'} ${s.step.padEnd(24)} ${seconds(s.ms)}`);
    if (s.exit !== 0) for (const t of s.tail.split('\n').slice(-8)) lines.push(`      | ${t}`);
  }
  if (r.run)
    for (const s of r.run.steps)
      lines.push(`    ${s.script.padEnd(34)} ${s.phase.padEnd(8)} ${seconds(s.ms)} ${s.result}`);
  lines.push(
    r.predictedDowntimeMs === null
      ? '  predicted downtime: unknown (the rehearsal did not complete)'
      : `  predicted downtime of the real upgrade: ${seconds(r.predictedDowntimeMs)} (the upgrade ran ${seconds(r.run?.runMs ?? 0)})`,
    `  packets sent outside lo: ${r.txPackets ?? 'not counted'}`,
  );
  if (r.message) lines.push(`  ${r.message}`);
  return lines;
}

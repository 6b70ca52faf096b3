// The rehearsal's copy of production data (issue 24, docs/rehearse.md): a point-in-time copy taken while every
// process of the product's units is frozen (systemctl freeze, or SIGSTOP of each process of the unit's cgroup
// where the cgroup freezer is not available to systemd), so the units keep their PIDs and the copy is what a
// power cut at that instant would leave (a database recovers from it as from a crash). On btrfs the frozen
// moment only takes a snapshot of each subvolume, cloned out after the thaw (btrfs-snapshot.ts); elsewhere it
// copies with `cp -a --reflink=auto`, which shares extents where the filesystem clones (XFS): the probes say which.
//
// A dead-man switch makes the frozen moment safe against a kill of the tool: a detached shell waits for the
// tool's PID to vanish, then thaws what is frozen; the tool ends it after thawing itself. What was frozen is
// also written to the run's directory, so the next rehearsal can thaw it if even the switch was killed.
import { spawn, spawnSync } from 'node:child_process';
import { lstatSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { UpgradeHookError } from '../errors.js';
import { commandEnv } from '../proc/command-env.js';
import {
  type DataPath,
  deleteSnapshots,
  inSnapshot,
  planSnapshot,
  type SnapshotPlan,
  takeSnapshots,
} from './btrfs-snapshot.js';

const ENV = commandEnv({});

export interface Frozen {
  how: 'freeze' | 'sigstop' | 'none';
  units: string[];
  pids: number[];
}

/** How the copy is taken: a btrfs snapshot, a reflink (clone) copy, or a plain copy. */
export type CopyPlan = { method: 'snapshot'; snapshot: SnapshotPlan } | { method: 'reflink' | 'copy' };
export type CopyMethod = CopyPlan['method'];

export interface CopyResult {
  method: CopyMethod;
  bytes: number;
  /** The frozen moment: from the first freeze to the last thaw. */
  gapMs: number;
  copyMs: number;
  frozen: Frozen;
}

function run(cmd: string, args: string[]): { ok: boolean; out: string } {
  const r = spawnSync(cmd, args, { env: ENV, encoding: 'utf8' });
  return { ok: r.status === 0, out: `${r.stdout ?? ''}${r.stderr ?? ''}`.trim() };
}

/** The processes of a unit's cgroup (v2 or v1's name=systemd hierarchy). */
function unitPids(unit: string): number[] {
  const cg = run('systemctl', ['show', '-p', 'ControlGroup', '--value', unit]).out;
  if (!cg) return [];
  for (const base of ['/sys/fs/cgroup/unified', '/sys/fs/cgroup/systemd', '/sys/fs/cgroup']) {
    const pids: number[] = [];
    const walk = (dir: string) => {
      try {
        for (const l of readFileSync(join(dir, 'cgroup.procs'), 'utf8').split('\n')) if (l) pids.push(Number(l));
        for (const e of readdirSync(dir, { withFileTypes: true })) if (e.isDirectory()) walk(join(dir, e.name));
      } catch {
        // not this hierarchy
      }
    };
    walk(join(base, cg));
    if (pids.length > 0) return [...new Set(pids)];
  }
  return [];
}

/** Freezes the units (all at once as far as possible); the caller must thaw() in every case. */
export function freeze(units: string[]): Frozen {
  if (units.length === 0) return { how: 'none', units, pids: [] };
  const done: string[] = [];
  for (const u of units) {
    if (!run('systemctl', ['freeze', u]).ok) break;
    done.push(u);
  }
  if (done.length === units.length) return { how: 'freeze', units, pids: [] };
  if (done.length > 0) run('systemctl', ['thaw', ...done]);
  // no freezer for systemd here (cgroup v1): stop every process of the units, each keeps its PID
  const pids = units.flatMap(unitPids).filter((p) => p !== process.pid);
  for (const p of pids) signal(p, 'SIGSTOP');
  return { how: 'sigstop', units, pids };
}

export function thaw(f: Frozen): void {
  if (f.how === 'freeze') run('systemctl', ['thaw', ...f.units]);
  if (f.how === 'sigstop') for (const p of f.pids) signal(p, 'SIGCONT');
}

function signal(pid: number, s: NodeJS.Signals): void {
  try {
    process.kill(pid, s);
  } catch {
    // gone
  }
}

/** A detached shell that thaws `f` once this process is gone; returns the function that ends it. */
export function deadManSwitch(f: Frozen): () => void {
  if (f.how === 'none') return () => {};
  const thawCmd =
    f.how === 'freeze'
      ? `systemctl thaw ${f.units.map((u) => `'${u.replace(/'/g, '')}'`).join(' ')}`
      : `kill -CONT ${f.pids.join(' ')}`;
  const child = spawn(
    'sh',
    ['-c', `while kill -0 ${process.pid} 2>/dev/null; do sleep 0.1; done; ${thawCmd} 2>/dev/null`],
    {
      env: ENV,
      detached: true,
      stdio: 'ignore',
    },
  );
  child.unref();
  return () => {
    if (child.pid !== undefined) signal(child.pid, 'SIGTERM');
  };
}

/** How the copy of `paths` into `dir` will be taken: a btrfs snapshot where it can, else what cp can do. */
export function planCopy(paths: DataPath[], dir: string): CopyPlan {
  const snapshot = planSnapshot(paths, dir);
  if (snapshot) return { method: 'snapshot', snapshot };
  return {
    method: probeReflink(
      paths.map((p) => p.path),
      dir,
    ),
  };
}

/** Which copy `cp --reflink=auto` will make from `from` into `dir`: a clone is tried on one file. */
export function probeReflink(paths: string[], dir: string): 'reflink' | 'copy' {
  const file = firstFile(paths);
  if (!file) return 'copy';
  const probe = join(dir, '.reflink-probe');
  const ok = run('cp', ['--reflink=always', '--', file, probe]).ok;
  rmSync(probe, { force: true });
  return ok ? 'reflink' : 'copy';
}

function firstFile(paths: string[]): string | undefined {
  for (const p of paths) {
    try {
      const st = lstatSync(p);
      if (st.isFile() && st.size > 0) return p;
      if (st.isDirectory()) {
        const f = firstFile(readdirSync(p).map((n) => join(p, n)));
        if (f) return f;
      }
    } catch {
      // skip
    }
  }
  return undefined;
}

/**
 * Plain copy throughput measured on this host: copies up to 64 MiB of the largest data file into `dir`.
 * Bytes per millisecond, or undefined when there is too little data to time.
 */
export function measureCopyRate(paths: string[], dir: string): number | undefined {
  const file = largestFile(paths);
  if (!file || file.size < 1024 * 1024) return undefined;
  const probe = join(dir, '.rate-probe');
  const n = Math.min(file.size, 64 * 1024 * 1024);
  const t0 = performance.now();
  const r = spawnSync('sh', ['-c', 'head -c "$1" -- "$2" >"$3" && sync -f "$3"', 'rate', String(n), file.path, probe], {
    env: ENV,
  });
  const ms = performance.now() - t0;
  rmSync(probe, { force: true });
  return r.status === 0 && ms > 0 ? n / ms : undefined;
}

function largestFile(paths: string[]): { path: string; size: number } | undefined {
  let best: { path: string; size: number } | undefined;
  const walk = (p: string) => {
    try {
      const st = lstatSync(p);
      if (st.isFile() && (!best || st.size > best.size)) best = { path: p, size: st.size };
      else if (st.isDirectory()) for (const n of readdirSync(p)) walk(join(p, n));
    } catch {
      // skip
    }
  };
  for (const p of paths) walk(p);
  return best;
}

/**
 * Copies each path to `into` + the path (the tree kept), `skip` names left out of a directory's top level
 * (VAR_DIR's backups and rehearsals). `source` says where to read a path (a snapshot of it); by default the
 * path itself. Throws on the first failure.
 */
export function copyPaths(
  paths: DataPath[],
  into: string,
  source: (path: string) => string | undefined = (p) => p,
): void {
  for (const { path: dataPath, skip } of paths) {
    const dst = join(into, dataPath);
    const path = source(dataPath);
    if (path === undefined) continue; // absent when the snapshot was taken
    mkdirSync(dirname(dst), { recursive: true, mode: 0o700 });
    let isDir = false;
    try {
      isDir = statSync(path).isDirectory();
    } catch {
      continue; // absent: nothing to copy (the rehearsal sees it absent too)
    }
    if (isDir && skip.length > 0) {
      // the directory itself (owner, mode), then its entries but the skipped ones
      mkdirSync(dst, { recursive: true });
      run('chmod', ['--reference', path, dst]);
      run('chown', ['--reference', path, dst]);
      const entries = readdirSync(path)
        .filter((n) => !skip.includes(n))
        .map((n) => join(path, n));
      if (entries.length === 0) continue;
      const r = run('cp', ['-a', '--reflink=auto', '--', ...entries, `${dst}/`]);
      if (!r.ok) throw new UpgradeHookError('IO', `rehearse: cannot copy ${dataPath}: ${r.out}`);
      continue;
    }
    const r = run('cp', ['-a', '--reflink=auto', '--', path, dst]);
    if (!r.ok) throw new UpgradeHookError('IO', `rehearse: cannot copy ${dataPath}: ${r.out}`);
  }
}

/**
 * Takes the consistent copy into `into`: freeze, copy (or snapshot), thaw (always), and says how long the
 * product was frozen. `work` is the run's directory: the freeze record, the snapshots while they exist.
 */
export function consistentCopy(
  units: string[],
  paths: DataPath[],
  into: string,
  work: string,
  plan: CopyPlan,
): Omit<CopyResult, 'method' | 'bytes'> {
  const record = join(work, 'frozen.json');
  const t0 = performance.now();
  const frozen = freeze(units);
  writeFileSync(record, JSON.stringify(frozen));
  const stopSwitch = deadManSwitch(frozen);
  let copyMs = 0;
  let gapMs = 0;
  let taken = new Map<string, string>();
  try {
    const c0 = performance.now();
    if (plan.method === 'snapshot') taken = takeSnapshots(plan.snapshot, work);
    else copyPaths(paths, into);
    copyMs = Math.round(performance.now() - c0);
  } finally {
    thaw(frozen);
    stopSwitch();
    rmSync(record, { force: true });
    gapMs = Math.round(performance.now() - t0);
  }
  if (plan.method === 'snapshot') {
    // production runs again: the snapshots are cloned out (extents shared), then deleted
    const c0 = performance.now();
    try {
      copyPaths(paths, into, (p) => inSnapshot(plan.snapshot, taken, p));
    } finally {
      // one that cannot be deleted stays in `work`: the removal of the run's directory says so
      deleteSnapshots(work);
    }
    copyMs += Math.round(performance.now() - c0);
  }
  return { gapMs, copyMs, frozen };
}

// The rehearsal's copy on btrfs (issue 24, docs/rehearse.md): one read-only snapshot of each subvolume that
// holds product data, taken inside the frozen moment (constant time, whatever the data's size), cloned out
// with `cp --reflink` after the thaw, then deleted. Chosen only when every data path lies wholly inside one
// subvolume (a snapshot shows a nested subvolume or a mount below it as an empty directory: that data would
// be missing), no other user can change a directory on the way to the subvolume, and a probe snapshot into
// the run's directory works (the same filesystem, btrfs-progs there).
import { spawnSync } from 'node:child_process';
import { lstatSync, readdirSync, realpathSync, statfsSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { UpgradeHookError } from '../errors.js';
import { untrustedOnTheWay } from '../fs/secure-path.js';
import { commandEnv } from '../proc/command-env.js';

const ENV = commandEnv({});
const BTRFS_SUPER_MAGIC = 0x9123683e;
// btrfs gives the root directory of every subvolume this inode number (BTRFS_FIRST_FREE_OBJECTID)
const SUBVOLUME_ROOT_INO = 256;
const SNAPSHOT_NAME = /^snap\.(\d+|probe)$/;

export interface DataPath {
  path: string;
  skip: string[];
}

/** Where each data path's snapshot puts it: the subvolumes to snapshot and, per path, the one holding it. */
export interface SnapshotPlan {
  subvolumes: string[];
  /** The real path of each data path (by its path), and the subvolume it lies in. */
  inside: Record<string, { real: string; subvolume: string }>;
}

function btrfs(args: string[]): { ok: boolean; out: string } {
  const r = spawnSync('btrfs', args, { env: ENV, encoding: 'utf8' });
  return { ok: r.status === 0, out: `${r.stdout ?? ''}${r.stderr ?? ''}`.trim() };
}

/** The root of the btrfs subvolume `real` lies in (undefined off btrfs). */
export function subvolumeOf(real: string): string | undefined {
  try {
    if (statfsSync(real).type !== BTRFS_SUPER_MAGIC) return undefined;
    const dev = lstatSync(real).dev;
    for (let p = real; ; p = dirname(p)) {
      const st = lstatSync(p);
      if (st.dev !== dev) return undefined;
      if (st.isDirectory() && st.ino === SUBVOLUME_ROOT_INO) return p;
      if (dirname(p) === p) return undefined;
    }
  } catch {
    return undefined;
  }
}

// true when something below `real` (but the top-level names in `skip`) is on another device than it: a
// nested subvolume or a mount
function crossesDevice(real: string, skip: string[]): boolean {
  const dev = lstatSync(real).dev;
  const walk = (p: string, top: boolean): boolean => {
    const st = lstatSync(p);
    if (st.dev !== dev) return true;
    if (!st.isDirectory()) return false;
    return readdirSync(p).some((n) => !(top && skip.includes(n)) && walk(join(p, n), false));
  };
  return walk(real, true);
}

/**
 * The snapshot plan for `paths`, or undefined when they cannot be snapshotted into `dir` (not btrfs, a
 * nested subvolume or mount, another filesystem than `dir`'s, no btrfs program): then reflink or a copy.
 */
export function planSnapshot(paths: DataPath[], dir: string): SnapshotPlan | undefined {
  const inside: SnapshotPlan['inside'] = {};
  for (const { path, skip } of paths) {
    let real: string;
    try {
      real = realpathSync(path);
    } catch {
      continue; // absent: nothing to copy
    }
    const subvolume = subvolumeOf(real);
    if (subvolume === undefined) return undefined;
    // root snapshots the subvolume by its path later: no other user may be able to swap a name on the way
    // (for a link to another subvolume) between this look and then
    if (untrustedOnTheWay(dirname(subvolume), [0]) !== undefined) return undefined;
    try {
      if (crossesDevice(real, skip)) return undefined;
    } catch {
      return undefined;
    }
    inside[path] = { real, subvolume };
  }
  const subvolumes = [...new Set(Object.values(inside).map((i) => i.subvolume))];
  if (subvolumes.length === 0) return undefined;
  // a snapshot lands only on the filesystem it is taken of: try one of each subvolume into `dir`
  for (const s of subvolumes) {
    const probe = join(dir, 'snap.probe');
    const made = btrfs(['subvolume', 'snapshot', '-r', s, probe]).ok;
    if (made) btrfs(['subvolume', 'delete', probe]);
    if (!made) return undefined;
  }
  return { subvolumes, inside };
}

/** Takes a read-only snapshot of each subvolume into `dir` (snap.0, snap.1, …); throws on the first failure. */
export function takeSnapshots(plan: SnapshotPlan, dir: string): Map<string, string> {
  const taken = new Map<string, string>();
  plan.subvolumes.forEach((s, i) => {
    const to = join(dir, `snap.${i}`);
    const r = btrfs(['subvolume', 'snapshot', '-r', s, to]);
    if (!r.ok) throw new UpgradeHookError('IO', `rehearse: cannot snapshot ${s}: ${r.out}`);
    taken.set(s, to);
  });
  return taken;
}

/** Where data path `path` is inside the snapshots taken (undefined: it was absent). */
export function inSnapshot(plan: SnapshotPlan, taken: Map<string, string>, path: string): string | undefined {
  const i = plan.inside[path];
  if (!i) return undefined;
  const snap = taken.get(i.subvolume);
  return snap === undefined ? undefined : join(snap, relative(i.subvolume, i.real));
}

/**
 * Deletes the snapshots in `dir` (this run's, or a killed run's the sweep found): a subvolume is not removed
 * by `rm -rf --one-file-system`, which the rest of the cleanup uses. Returns each one it could not delete.
 */
export function deleteSnapshots(dir: string): Array<{ path: string; error: string }> {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  const left: Array<{ path: string; error: string }> = [];
  for (const n of names.filter((x) => SNAPSHOT_NAME.test(x))) {
    const p = join(dir, n);
    const st = lstatSync(p);
    // only a subvolume root made here (a directory, never a link)
    if (!st.isDirectory() || st.ino !== SUBVOLUME_ROOT_INO) continue;
    const r = btrfs(['subvolume', 'delete', p]);
    // btrfs says what it tried, then why: the last line
    if (!r.ok) left.push({ path: p, error: r.out.split('\n').at(-1) ?? '' });
  }
  return left;
}

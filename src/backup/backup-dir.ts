// Whether root may use a product's [backup] dir: its own (no other installed product's dir is the same,
// inside it or around it, or one's keep would prune the other's and a rollback restore the other's data),
// and trusted (the path rule of fs/secure-path.ts: a backup's manifest says where rollback writes as root,
// so nobody but root may be able to plant or swap one), and so must the directory of a data path that is a
// link (it is followed). Checked by backup, rollback, the upgrade and plan.
import { existsSync, lstatSync, readdirSync, realpathSync } from 'node:fs';
import { dirname } from 'node:path';
import { UpgradeHookError } from '../errors.js';
import { unsafeAncestor } from '../fs/secure-path.js';
import { inside } from '../product/backup-section.js';
import type { Descriptor } from '../product/descriptor.js';
import { listProducts, loadDescriptor } from '../product/load.js';

/** The other installed products whose [backup] dir is this one's, or inside it, or around it. */
export function productsSharingBackupDir(
  d: Descriptor,
  env: NodeJS.ProcessEnv,
  trustedUids?: readonly number[],
): Array<{ name: string; dir: string }> {
  if (!d.backup) return [];
  const mine = d.backup.dir;
  const others: Array<{ name: string; dir: string }> = [];
  for (const name of listProducts(env, (dir) => readdirSync(dir))) {
    if (name === d.name) continue;
    try {
      const dir = loadDescriptor(name, env, () => {}, trustedUids).backup?.dir;
      if (dir !== undefined && (inside(dir, mine) || inside(mine, dir))) others.push({ name, dir });
    } catch {
      /* a descriptor that does not load is the other product's problem */
    }
  }
  return others;
}

export function sharedBackupDirProblem(
  d: Descriptor,
  others: Array<{ name: string; dir: string }>,
): string | undefined {
  if (!d.backup || others.length === 0) return undefined;
  const list = others.map((o) => (o.dir === d.backup!.dir ? o.name : `${o.name} (${o.dir})`)).join(', ');
  return `[backup] dir ${d.backup.dir} is also the backup directory of ${list}: one product's keep would prune the other's backups and a rollback could restore the other's; give each product a backup directory of its own`;
}

/**
 * Why the backup directory (or, while it does not exist, the nearest directory above it) cannot be trusted:
 * a directory on the way that is not root's or that others can write. Links are followed (the real path).
 */
export function unsafeBackupDir(dir: string, trustedUids: readonly number[]): string | undefined {
  let existing = dir;
  while (!existsSync(existing) && existing !== '/') existing = dirname(existing);
  let real: string;
  try {
    real = realpathSync(existing);
  } catch (e) {
    return `${existing} cannot be resolved (${(e as NodeJS.ErrnoException).code})`;
  }
  const bad = unsafeAncestor(real, trustedUids);
  if (!bad) return undefined;
  return `[backup] dir ${dir}: ${bad.path} ${bad.why}; a backup planted or swapped there would tell rollback, run as root, what to write where`;
}

/**
 * A listed data path that is a link another user could retarget (its directory is not trusted): following it
 * would let that user choose what root backs up and, worse, where rollback restores. Undefined otherwise.
 */
export function untrustedLink(path: string, trustedUids: readonly number[]): string | undefined {
  try {
    if (!lstatSync(path).isSymbolicLink()) return undefined;
  } catch {
    return undefined;
  }
  let parent: string;
  try {
    parent = realpathSync(dirname(path));
  } catch (e) {
    return `[backup] paths: ${path} is a symbolic link whose directory cannot be resolved (${(e as NodeJS.ErrnoException).code})`;
  }
  const bad = unsafeAncestor(parent, trustedUids);
  if (!bad) return undefined;
  return `[backup] paths: ${path} is a symbolic link, and ${bad.path} ${bad.why}; root does not follow a link another user can point elsewhere: list the directory it leads to instead`;
}

/** Refuses (before anything is stopped) a backup directory that is shared or untrusted, or a data link others can change. */
export function assertBackupDirUsable(d: Descriptor, env: NodeJS.ProcessEnv, trustedUids: readonly number[]): void {
  if (!d.backup) return;
  const conf = `/etc/upgrade-hook/products.d/${d.name}.conf`;
  const shared = sharedBackupDirProblem(d, productsSharingBackupDir(d, env));
  if (shared)
    throw new UpgradeHookError('DESCRIPTOR_INVALID', `${d.name}: ${shared}`, {
      hint: `nothing was stopped or changed; set [backup] dir in ${conf}, then check it with: upgrade-hook plan ${d.name}`,
    });
  const unsafe =
    unsafeBackupDir(d.backup.dir, trustedUids) ??
    d.backup.paths.map((p) => untrustedLink(p, trustedUids)).find((w) => w !== undefined);
  if (unsafe)
    throw new UpgradeHookError('UNSAFE_PATH', `${d.name}: ${unsafe}`, {
      hint: `nothing was stopped or changed; make every directory from / down to it root's and not writable by others (chown root, chmod go-w), or set [backup] dir in ${conf}`,
    });
}

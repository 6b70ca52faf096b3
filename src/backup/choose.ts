// The backup a rollback restores, looked up on disk: the backup directory must be the product's own and
// trusted, the backup chosen by plan/pick rules (backup/pick.ts), and it may write only where the
// descriptor's [backup] paths and state file say. Throws, before anything is stopped or moved, otherwise.
import { realpathSync } from 'node:fs';
import { UpgradeHookError } from '../errors.js';
import type { Descriptor } from '../product/descriptor.js';
import { readStoredState } from '../product/stored-state.js';
import { productRecords } from '../record/stores.js';
import { assertBackupDirUsable } from './backup-dir.js';
import { foreignTargets, pendingTargets, pickBackup } from './pick.js';
import { listBackups, type StoredBackup } from './store.js';

export function chooseBackup(
  d: Descriptor,
  requested: string | undefined,
  env: NodeJS.ProcessEnv,
  euid: number,
): StoredBackup {
  const spec = d.backup!;
  const records = productRecords(d);
  assertBackupDirUsable(d, env, [euid]);
  const picked = pickBackup({
    product: d.name,
    dir: spec.dir,
    backups: listBackups(spec.dir, d.name),
    requested,
    dataVersion: readStoredState(d).dataVersion,
    attemptTo: pendingTargets(records.marker.read()?.to, records.history.records()),
  });
  if ('refuse' in picked) {
    const r = picked.refuse;
    throw new UpgradeHookError(r.code, r.message, { hint: r.hint });
  }
  const b = picked.pick;
  const foreign = foreignTargets(b.manifest, spec.paths, d.stateFile, realOrUndefined);
  if (foreign.length > 0)
    throw new UpgradeHookError(
      'UNSAFE_PATH',
      `${d.name}: refusing backup ${b.name}: it would restore where the descriptor names no data of ${d.name}: ${foreign.join('; ')}; nothing was stopped or changed`,
      {
        hint: `look at ${b.path}/manifest.json (who wrote it?); restore it by hand if it is genuine, or name another backup: upgrade-hook backup list ${d.name}`,
      },
    );
  return b;
}

function realOrUndefined(p: string): string | undefined {
  try {
    return realpathSync(p);
  } catch {
    return undefined;
  }
}

// `upgrade-hook backup NAME`: the same cycle as before an upgrade, by hand: under the lock, check the
// space (before stopping anything), stop the apps, dump with the backends up, stop everything, copy,
// then start again everything it stopped.
import { UpgradeHookError } from '../errors.js';
import type { ProductLog } from '../log/product-log.js';
import type { Terminal } from '../log/terminal.js';
import type { Descriptor } from '../product/descriptor.js';
import { readStoredState } from '../product/stored-state.js';
import { historyRecords } from '../record/history-file.js';
import { ensureVarDir, productPaths } from '../record/paths.js';
import { addStoppedUnits, forgetStoppedUnits, readStoppedUnits, removeStoppedUnits } from '../record/stopped-units.js';
import { scriptsStartedSinceLastSuccess } from './policy.js';
import { productServices, toolEnv } from './product-services.js';
import { startRole, stopFor } from '../run/services.js';
import { restoreEverything } from '../run/backend-dependents.js';
import type { BackupManifest } from './store.js';
import { BackupBuilder, checkSpace } from './take.js';

export interface ManualBackupOptions {
  d: Descriptor;
  env: NodeJS.ProcessEnv;
  euid: number;
  terminal: Terminal;
  productLog: ProductLog;
}

export async function takeBackupByHand(o: ManualBackupOptions): Promise<BackupManifest> {
  const { d } = o;
  const spec = d.backup;
  if (!spec)
    throw new UpgradeHookError(
      'DESCRIPTOR_INVALID',
      `${d.name}: the descriptor has no [backup] section (${d.sources.join(', ')})`,
      { hint: "add [backup] with paths = the product's data (see upgrade-hook.conf(5))" },
    );
  const paths = productPaths(d);
  ensureVarDir(paths.varDir, o.euid);
  const stored = readStoredState(d);
  if (stored.dataVersion === undefined)
    throw new UpgradeHookError('USAGE', `${d.name}: not configured yet (no data version stored): nothing to back up`);
  const touched = scriptsStartedSinceLastSuccess(historyRecords(paths.history));
  if (touched) {
    throw new UpgradeHookError(
      'BACKUP_FAILED',
      `${d.name}: not backing up half-upgraded data: ${touched} of an unfinished upgrade already ran`,
      { hint: `finish the upgrade (upgrade-hook run ${d.name}), or roll back (upgrade-hook rollback ${d.name})` },
    );
  }
  checkSpace(d, spec);
  const builder = new BackupBuilder({
    d,
    spec,
    dataVersion: stored.dataVersion,
    platform: stored.platform,
    upgradeTo: undefined,
    env: toolEnv(o.env),
    log: (line) => {
      o.productLog.info(line);
      o.terminal.detail(line);
    },
  });
  const services = productServices(d, o.env, o.terminal, o.productLog);
  const beforeStop = (units: string[]) => void addStoppedUnits(paths.varDir, units);
  o.terminal.say(`${d.name}: backing up data ${stored.dataVersion}`);
  try {
    builder.begin();
    if (spec.dump) {
      await stopFor(services, { backends: false, beforeStop });
      await startRole(services, 'backend', readStoppedUnits(paths.varDir));
      await builder.dump();
    }
    await stopFor(services, { backends: true, beforeStop, appsDown: spec.dump !== undefined });
    await builder.copy();
    const manifest = await builder.finish('manual');
    o.terminal.say(`${d.name}: backup ${manifest.name} in ${spec.dir}`);
    return manifest;
  } catch (e) {
    builder.discard();
    throw e;
  } finally {
    // whatever happened, the data is as it was: everything stopped starts again
    const stopped = readStoppedUnits(paths.varDir);
    await startRole(services, 'backend', stopped);
    await startRole(services, 'app', stopped);
    // other products sharing a backend: started without waiting for their gates (backend-dependents.ts)
    await restoreEverything(
      services,
      {
        all: () => readStoppedUnits(paths.varDir),
        remove: (units) => removeStoppedUnits(paths.varDir, units),
        forget: () => forgetStoppedUnits(paths.varDir),
      },
      async () => {},
    );
    forgetStoppedUnits(paths.varDir);
  }
}

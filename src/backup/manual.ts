// `upgrade-hook backup NAME`: the same cycle as before an upgrade, by hand: under the lock, check the
// space (before stopping anything), stop the apps, dump with the backends up, stop everything, copy,
// then start again everything it stopped.
import { UpgradeHookError } from '../errors.js';
import type { ProductLog } from '../log/product-log.js';
import type { Terminal } from '../log/terminal.js';
import type { Descriptor } from '../product/descriptor.js';
import { readStoredState } from '../product/stored-state.js';
import { productRecords } from '../record/stores.js';
import { refusalWhileRolledBack } from '../plan/entry-policy.js';
import { ensureVarDir, productPaths } from '../record/paths.js';
import { scriptsStartedSinceLastSuccess } from './policy.js';
import { productServices } from '../services/product-services.js';
import { realRunnerIO } from '../services/runner-io.js';
import { startRole, stopFor } from '../services/services.js';
import { restoreEverything } from '../services/backend-dependents.js';
import {
  forgetInterruption,
  ignoringSignals,
  interruptedBy,
  listenForInterrupts,
  throwIfInterrupted,
} from '../proc/interruption.js';
import type { BackupManifest } from './store.js';
import { assertBackupDirUsable } from './backup-dir.js';
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
  const records = productRecords(d);
  const stopped = records.stopped;
  ensureVarDir(paths.varDir, o.euid);
  const stored = readStoredState(d);
  if (stored.dataVersion === undefined)
    throw new UpgradeHookError('USAGE', `${d.name}: not configured yet (no data version stored): nothing to back up`);
  const unfinished = refusalWhileRolledBack(d.name, records.marker.read(), 'backup', false);
  if (unfinished)
    throw new UpgradeHookError('BACKUP_FAILED', `${d.name}: ${unfinished.message}`, { hint: unfinished.hint });
  const touched = scriptsStartedSinceLastSuccess(records.history.records());
  if (touched) {
    throw new UpgradeHookError(
      'BACKUP_FAILED',
      `${d.name}: not backing up half-upgraded data: ${touched} of an unfinished upgrade already ran`,
      { hint: `finish the upgrade (upgrade-hook run ${d.name}), or roll back (upgrade-hook rollback ${d.name})` },
    );
  }
  assertBackupDirUsable(d, o.env, [o.euid]);
  checkSpace(d, spec);
  const builder = new BackupBuilder({
    d,
    spec,
    dataVersion: stored.dataVersion,
    platform: stored.platform,
    upgradeTo: undefined,
    log: (line) => {
      o.productLog.info(line);
      o.terminal.detail(line);
    },
    warn: (line) => {
      o.productLog.warn(line);
      o.terminal.warn(`${d.name}: ${line}`);
    },
  });
  const services = productServices(d, realRunnerIO(), o);
  const beforeStop = (units: string[]) => void stopped.add(units);
  o.terminal.say(`${d.name}: backing up data ${stored.dataVersion}`);
  // Ctrl-C or SIGTERM ends the copy (or the dump), not the tool: what it stopped starts again below. Each
  // step is awaited to its end (a signal ends its commands and waits), so nothing it began outlives the catch.
  const stopListening = listenForInterrupts();
  let signal: NodeJS.Signals | undefined;
  try {
    builder.begin();
    if (spec.dump) {
      throwIfInterrupted();
      await stopFor(services, { backends: false, beforeStop });
      await startRole(services, 'backend', stopped.all());
      await builder.dump();
    }
    throwIfInterrupted();
    await stopFor(services, { backends: true, beforeStop, appsDown: spec.dump !== undefined });
    await builder.copy();
    throwIfInterrupted();
    const manifest = await builder.finish('manual');
    o.terminal.say(`${d.name}: backup ${manifest.name} in ${spec.dir}`);
    return manifest;
  } catch (e) {
    builder.discard();
    signal = interruptedBy();
    if (!signal) throw e;
    o.productLog.warn(`backup by hand interrupted by ${signal}; the partial backup is discarded`);
    throw new UpgradeHookError(
      'INTERRUPTED',
      `${d.name}: backup interrupted by ${signal}: the partial backup was discarded, nothing else changed; the services it stopped were started again`,
      { hint: `take it again: upgrade-hook backup ${d.name}` },
    );
  } finally {
    stopListening();
    // a signal after the last step (the backup is complete) must not keep the starts below from running
    if (signal ?? interruptedBy()) forgetInterruption();
    // whatever happened, the data is as it was: everything stopped starts again, a second signal or not
    await ignoringSignals(async () => {
      const units = stopped.all();
      await startRole(services, 'backend', units);
      await startRole(services, 'app', units);
      // other products sharing a backend: started without waiting for their gates (services/backend-dependents.ts)
      await restoreEverything(services, stopped, async () => {});
      stopped.forget();
    });
  }
}

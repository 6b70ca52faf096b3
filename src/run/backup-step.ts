// The backup an upgrade takes before its first script, at the one moment the data is consistent on disk:
// the apps stop; a dump (when the descriptor has one) runs with the backends up; every service stops; the
// files are copied and synced. A required backup that fails stops the upgrade before any script ran.
import { isUpgradeHookError } from '../errors.js';
import { interruptedBy, interruptedError } from '../proc/interruption.js';
import type { Failure, PlannedBackup } from './run-types.js';
export type { PlannedBackup } from './run-types.js';

export interface BackupServices {
  stopApps(): Promise<void>;
  backendsUp(): Promise<void>;
  stopAll(): Promise<void>;
}

/** Undefined when the upgrade goes on (backup taken, or not required and skipped with a warning). */
export async function backupWithServicesDown(
  b: PlannedBackup,
  s: BackupServices,
  warn: (m: string) => void,
): Promise<Failure | undefined> {
  try {
    b.builder.begin();
    if (b.hasDump) {
      await s.stopApps();
      await s.backendsUp();
      await b.builder.dump();
    }
    await s.stopAll();
    b.say(`  backup: copying the data with every service down`);
    await b.builder.copy();
    await b.builder.finish('upgrade');
    b.say(`  backup: ${b.builder.final}`);
    return undefined;
  } catch (e) {
    if (isUpgradeHookError(e) && e.code === 'LOCK_LOST') throw e;
    b.builder.discard();
    // a signal ended the copy or the dump: interrupted, not failed (the marker says so, the gate resumes)
    const signal = interruptedBy();
    if (signal) throw interruptedError(signal);
    const reason = e instanceof Error ? e.message : String(e);
    if (!b.required) {
      warn(`${reason}; going on without a backup ([backup] required = no)`);
      return undefined;
    }
    return {
      step: 'backup',
      reason,
      resumable: false,
      lastOutput: [],
      hint: isUpgradeHookError(e) && e.hint ? e.hint : 'no script ran and the data is unchanged; fix the cause',
    };
  }
}

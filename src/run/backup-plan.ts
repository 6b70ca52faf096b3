// Whether this upgrade takes a backup, decided before anything is stopped: due (backup/policy.ts), and
// room for it. A required backup that cannot fit refuses the upgrade now, with every service still
// running; the marker says why, so the gate does not start new code on the old data meanwhile.
import { isUpgradeHookError } from '../errors.js';
import { backupDue } from '../backup/policy.js';
import { assertBackupDirUsable } from '../backup/backup-dir.js';
import { BackupBuilder, checkSpace } from '../backup/take.js';
import type { Plan } from '../plan/planner.js';
import type { HistoryRecord } from '../record/history-record.js';
import { newMarker } from '../record/marker.js';
import type { MarkerStore } from '../record/stores.js';
import type { PlannedBackup, UpgradeOptions } from './run-types.js';

export function planBackup(
  o: UpgradeOptions,
  i: {
    plan: Plan;
    history: Iterable<HistoryRecord>;
    from: string;
    platform: string | undefined;
    marker: MarkerStore;
    runId: string;
  },
): PlannedBackup | undefined {
  const spec = o.descriptor.backup;
  const due = backupDue(spec, i.history, i.plan.steps.filter((s) => s.action === 'run').length);
  if (!spec || !due.take) {
    if (spec) o.terminal.say(`${o.descriptor.name}: no backup: ${due.why}`);
    return undefined;
  }
  try {
    // a shared or untrusted backup directory is refused like a full one: before anything stops
    assertBackupDirUsable(o.descriptor, o.env, [o.euid]);
    checkSpace(o.descriptor, spec);
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    if (!spec.required || !isUpgradeHookError(e)) {
      if (!isUpgradeHookError(e)) throw e;
      o.terminal.warn(`${message}; going on without a backup ([backup] required = no)`);
      o.productLog.warn(message);
      return undefined;
    }
    const before = i.marker.read();
    const reason = e.code === 'BACKUP_NO_SPACE' ? 'backup-no-space' : 'backup-failed';
    i.marker.write(
      newMarker(
        { state: 'failed', reason, detail: message },
        { from: i.from, to: o.build.version },
        before?.restartAfter ? { restartAfter: before.restartAfter } : {},
      ),
    );
    o.productLog.error(message);
    throw e;
  }
  const builder = new BackupBuilder({
    d: o.descriptor,
    spec,
    dataVersion: i.from,
    platform: i.platform,
    upgradeTo: o.build.version,
    excludeRun: i.runId,
    log: (line) => {
      o.productLog.info(line);
      o.terminal.detail(line);
    },
    warn: (line) => {
      o.productLog.warn(line);
      o.terminal.warn(`${o.descriptor.name}: ${line}`);
    },
  });
  return { builder, required: spec.required, hasDump: spec.dump !== undefined, say: (l) => o.terminal.say(l) };
}

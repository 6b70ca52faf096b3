// DESIGN.md §5 as a pure function: compare what is on disk with the installed build.
import { EXIT, type ExitStatus } from '../errors.js';
import type { BuildInfo } from '../product/build-info.js';
import type { Descriptor } from '../product/descriptor.js';
import type { StoredState } from '../product/stored-state.js';
import { compareVersions, type VersionScheme } from '../version/index.js';
import { describeChecks, type ChecksVerdict } from '../checks/verdict.js';

export interface DecisionInput {
  scheme: VersionScheme;
  /** undefined: the product is not configured (and not recognised as adopted). */
  dataVersion: string | undefined;
  dataPlatform: string | undefined;
  buildVersion: string;
  buildPlatform: string | undefined;
  /** A pending marker: an earlier upgrade was deferred or failed. */
  marker:
    | {
        state: string;
        reason: string;
        to?: string | undefined;
        downgrade?: string | undefined;
        detail?: string | undefined;
        backup?: string | undefined;
      }
    | undefined;
  skipVersionCheck: boolean;
  /** The data version was assumed for a product installed before it adopted upgrade-hook. */
  adopted: boolean;
  /** What the product's checks said; undefined when it has none or they were not run. */
  checks?: ChecksVerdict | undefined;
  /**
   * The last upgrade run, read only when a check asks for an upgrade at equal versions: when that run
   * was made due by the same checks, to this build, and ended ok, the scripts do not fix what they find.
   */
  lastRun?: { run: string; to: string; result: string; dueToChecks: string[] | undefined } | undefined;
}

export type Decision =
  | { kind: 'not-configured'; message: string }
  | {
      kind: 'refuse';
      reason: 'platform' | 'downgrade' | 'manual-fix' | 'rolled-back' | 'rollback-unfinished' | 'state-lost';
      message: string;
      /** Checks that still ask for an upgrade after one ran for them: `run --force` may try once more. */
      unmetChecks?: string[];
    }
  | {
      kind: 'needed';
      message: string;
      overridden: string | undefined;
      deferred: boolean;
      /** The checks whose "needs an upgrade" makes it due at equal versions. */
      dueToChecks?: string[];
    }
  | { kind: 'up-to-date'; message: string };

export function decide(i: DecisionInput): Decision {
  const deferred = i.marker?.state === 'deferred';
  // a rollback cut short (power cut, full disk) left the data half restored: only the rollback itself may
  // touch it again, whatever the versions say, and no override lifts that
  if (i.marker?.reason === 'rollback-interrupted') {
    return {
      kind: 'refuse',
      reason: 'rollback-unfinished',
      message: `a rollback${i.marker.backup ? ` to backup ${i.marker.backup}` : ''} did not finish: the data is half restored; nothing may run on it until the rollback is rerun`,
    };
  }
  if (i.dataVersion === undefined) {
    // the rollback restored the state file with the data: without it the data version is unknown, not absent
    if (i.marker?.reason === 'rolled-back')
      return {
        kind: 'refuse',
        reason: 'state-lost',
        message: `data was rolled back (${i.marker.detail ?? 'see the marker'}), but no data version is stored: the state file is missing or lost its section; restore it from the backup`,
      };
    return { kind: 'not-configured', message: 'not configured yet (no data version stored): nothing to upgrade' };
  }
  let refusal: { reason: 'platform' | 'downgrade'; message: string } | undefined;
  if (i.buildPlatform !== undefined && i.dataPlatform !== undefined && i.dataPlatform !== i.buildPlatform) {
    refusal = {
      reason: 'platform',
      message: `platform changed: data was upgraded on "${i.dataPlatform}", this build is for "${i.buildPlatform}"; moving data between platforms is not supported`,
    };
  }
  const order = compareVersions(i.scheme, i.dataVersion, i.buildVersion);
  if (!refusal && order > 0) {
    refusal = {
      reason: 'downgrade',
      message: `data version ${i.dataVersion} is newer than the installed build ${i.buildVersion} (a downgrade); install ${i.dataVersion} or newer`,
    };
  }
  if (refusal && !i.skipVersionCheck) return { kind: 'refuse', ...refusal };
  // a check that asks for a manual fix wins over any upgrade: running one on a broken setup makes it worse
  const fix = i.checks?.manualFix ?? [];
  if (fix.length > 0)
    return { kind: 'refuse', reason: 'manual-fix', message: `needs a manual fix: ${describeChecks(fix)}` };
  if (refusal) {
    return {
      kind: 'needed',
      message: `upgrade forced by --skip-version-check although ${refusal.message}`,
      overridden: refusal.message,
      deferred,
    };
  }
  // `upgrade-hook rollback` restored older data under the build it rolled back from (backup/rollback.ts)
  const rolledBack = i.marker?.reason === 'rolled-back' ? i.marker : undefined;
  if (rolledBack && order < 0 && rolledBack.to === i.buildVersion) {
    const message = `data was rolled back to ${i.dataVersion}; build ${i.buildVersion} is the one it was rolled back from: downgrade the packages${rolledBack.downgrade ? `: ${rolledBack.downgrade}` : ` to ${i.dataVersion}`}`;
    if (!i.skipVersionCheck) return { kind: 'refuse', reason: 'rolled-back', message };
    return {
      kind: 'needed',
      message: `upgrade forced by --skip-version-check although ${message}`,
      overridden: message,
      deferred,
    };
  }
  if (rolledBack && order === 0)
    return {
      kind: 'up-to-date',
      message: `up to date (${i.buildVersion}): rolled back, and the packages match the restored data`,
    };
  if (order < 0) {
    const from = i.adopted
      ? `assumed data version ${i.dataVersion} (installed before upgrade-hook)`
      : `data version ${i.dataVersion}`;
    return {
      kind: 'needed',
      message: `upgrade needed: ${from} is older than build ${i.buildVersion}${deferred ? `; deferred (${i.marker!.reason}), it runs at the next start of the service` : ''}`,
      overridden: undefined,
      deferred,
    };
  }
  if (i.marker) {
    return {
      kind: 'needed',
      message: `upgrade needed: an earlier upgrade is pending (${i.marker.state}: ${i.marker.reason})`,
      overridden: undefined,
      deferred,
    };
  }
  if (i.buildPlatform !== undefined && i.dataPlatform === undefined) {
    return {
      kind: 'needed',
      message: `upgrade needed: no platform recorded yet (it will be recorded as ${i.buildPlatform})`,
      overridden: undefined,
      deferred,
    };
  }
  const due = i.checks?.needsUpgrade ?? [];
  if (due.length > 0) {
    const names = due.map((c) => c.name);
    // an upgrade this build already ran for the same checks ended ok, and they still ask: running it on
    // every start would loop (stop, scripts, start) without ever satisfying them
    const last = i.lastRun;
    const unmet =
      last?.result === 'ok' && last.to === i.buildVersion ? names.filter((n) => last.dueToChecks?.includes(n)) : [];
    if (unmet.length > 0)
      return {
        kind: 'refuse',
        reason: 'manual-fix',
        message: `needs a manual fix: upgrade run ${last!.run} to ${i.buildVersion} ran for it and ended ok, yet ${describeChecks(due.filter((c) => unmet.includes(c.name)))}; the upgrade scripts do not fix what it finds`,
        unmetChecks: unmet,
      };
    return {
      kind: 'needed',
      message: `upgrade needed: ${describeChecks(due)} (data version ${i.dataVersion} is the build's)`,
      overridden: undefined,
      deferred,
      dueToChecks: names,
    };
  }
  return { kind: 'up-to-date', message: `up to date (${i.buildVersion})` };
}

/** The decision's input from what a command or the runner read: descriptor, build, state file, marker. */
export function decisionInputFor(
  v: {
    descriptor: Descriptor;
    build: BuildInfo;
    stored: StoredState;
    marker: DecisionInput['marker'];
    checks?: ChecksVerdict | undefined;
    lastRun?: DecisionInput['lastRun'];
  },
  skipVersionCheck: boolean,
): DecisionInput {
  return {
    checks: v.checks,
    lastRun: v.lastRun,
    scheme: v.descriptor.versionScheme,
    dataVersion: v.stored.dataVersion,
    dataPlatform: v.stored.platform,
    buildVersion: v.build.version,
    buildPlatform: v.build.platform,
    marker: v.marker,
    skipVersionCheck,
    adopted: v.stored.adopted,
  };
}

export function exitStatusOf(d: Decision): ExitStatus {
  switch (d.kind) {
    case 'not-configured':
      return EXIT.notConfigured;
    case 'refuse':
      return EXIT.refused;
    case 'needed':
      // Deferred is "needed" with a promise: the next start of the service runs it.
      return d.deferred ? EXIT.deferred : EXIT.needed;
    case 'up-to-date':
      return EXIT.ok;
  }
}

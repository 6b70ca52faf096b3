// What each entry point does with what it read, as one pure function tested as one table
// (test/unit/entry-policy.test.ts): rpm's %posttrans, the dnf bridge, the gate before a service start, and
// `run` by an admin, before the lock and again under it. The commands only carry the action out: write the
// marker it names, print its message, run the upgrade, exit with its status.
import { EXIT, type ExitStatus } from '../errors.js';
import type { Deferral } from '../host/deferral.js';
import type { Decision } from './decide.js';
import { gateAction, retryHint, type GateInput } from './gate-policy.js';

export type EntryPoint = 'posttrans' | 'bridge' | 'gate' | 'run';

/** The marker an action leaves; the one writer adds the time and the versions. */
export interface MarkerToWrite {
  state: 'deferred' | 'refused';
  reason: string;
  detail: string;
}

export interface EntryInput extends GateInput {
  entry: EntryPoint;
  /** The runner decides again under the lock: another run may have finished, failed or handed over meanwhile. */
  underLock: boolean;
  /** posttrans: why this package transaction cannot run the upgrade (host/deferral.ts). */
  transactionDeferral: Deferral | undefined;
  /** Under the lock: why this host cannot start and stop the product's systemd units (a chroot, no systemd). */
  unitsBlocked: { reason: string; detail: string } | undefined;
  /** run --force: the always-scripts run again even when up to date. */
  force: boolean;
}

export type EntryAction =
  /** Nothing to do; `restoreLeftovers`: start units a killed run left stopped (only under the lock);
   * `clearRollback`: the packages now match the data a rollback restored: its marker goes. */
  | {
      kind: 'nothing';
      message: string;
      exit: ExitStatus;
      quiet: boolean;
      marker?: MarkerToWrite;
      restoreLeftovers?: boolean;
      clearRollback?: boolean;
    }
  /** Leave a marker saying why, and why it is fine; `takeRestartMarks`: the bridge restarts the units afterwards. */
  | { kind: 'defer'; message: string; exit: ExitStatus; marker: MarkerToWrite; takeRestartMarks: boolean }
  | { kind: 'refuse'; code: 'REFUSED' | 'UPGRADE_FAILED'; message: string; hint: string; marker?: MarkerToWrite }
  | { kind: 'needs-admin'; message: string; exit: ExitStatus }
  /** Only the online phase is left: let the apps start and make sure upgrade-hook-finish@ runs it. */
  | { kind: 'pass-and-finish'; message: string }
  | { kind: 'upgrade'; message: string; warning: string | undefined };

/** What only some entries know; every other entry leaves it unset. */
type EntryExtras = Partial<
  Pick<EntryInput, 'underLock' | 'holder' | 'failedScriptSumNow' | 'transactionDeferral' | 'unitsBlocked' | 'force'>
>;

// One builder of the policy's input for the gate, posttrans and the runner: each entry passes what it read
// (the product, its decision, marker and build) and only the facts it alone knows.
export function entryInput(
  entry: EntryPoint,
  seen: {
    product: { name: string; logFile: string; autoUpgrade: boolean };
    decision: Decision;
    marker: EntryInput['marker'];
    buildVersion: string;
  },
  extras: EntryExtras = {},
): EntryInput {
  return {
    entry,
    product: seen.product.name,
    logFile: seen.product.logFile,
    autoUpgrade: seen.product.autoUpgrade,
    decision: seen.decision,
    marker: seen.marker,
    buildVersion: seen.buildVersion,
    underLock: false,
    holder: undefined,
    failedScriptSumNow: undefined,
    transactionDeferral: undefined,
    unitsBlocked: undefined,
    force: false,
    ...extras,
  };
}

export function entryAction(i: EntryInput): EntryAction {
  const stands = rollbackRefusal(i, i.entry === 'gate' ? 'not starting' : 'refusing to upgrade');
  if (stands) return stands;
  if (i.entry === 'posttrans' && !i.underLock) return posttransAction(i);
  if (i.entry === 'gate' && !i.underLock) return fromGate(i);
  return underLockAction(i);
}

// %posttrans never fails the transaction: every outcome exits 0, and what it did not do is in a marker.
function posttransAction(i: EntryInput): EntryAction {
  const d = i.decision;
  if (d.kind === 'refuse' && d.reason === 'manual-fix') {
    return {
      kind: 'refuse',
      code: 'REFUSED',
      message: d.message,
      hint: `the package transaction goes on; the service will not start until it is fixed; then: upgrade-hook check ${i.product}${retryHint(d, i.product)}`,
    };
  }
  if (d.kind === 'refuse') {
    // the rollback's own marker says more (the downgrade command, the backup): it stays
    const marker: MarkerToWrite | undefined =
      d.reason === 'rolled-back' ? undefined : { state: 'refused', reason: d.reason, detail: d.message };
    return { kind: 'nothing', message: d.message, exit: EXIT.ok, quiet: false, ...(marker ? { marker } : {}) };
  }
  if (d.kind !== 'needed') return { kind: 'nothing', message: d.message, exit: EXIT.ok, quiet: false };
  const deferral =
    i.transactionDeferral ??
    (i.autoUpgrade
      ? undefined
      : { reason: 'auto-upgrade-off', detail: 'auto_upgrade = no in the descriptor; an admin runs it' });
  if (deferral) {
    const bridge = deferral.reason === 'bridge';
    return {
      kind: 'defer',
      message: `upgrade deferred (${deferral.reason}): ${deferral.detail}${bridge ? '' : `; to run it now: upgrade-hook run ${i.product}`}`,
      exit: EXIT.ok,
      marker: { state: 'deferred', reason: deferral.reason, detail: deferral.detail },
      takeRestartMarks: bridge,
    };
  }
  return upgrade(i);
}

function fromGate(i: EntryInput): EntryAction {
  const a = gateAction(i);
  switch (a.kind) {
    case 'pass':
      return {
        kind: 'nothing',
        message: a.message,
        exit: EXIT.ok,
        quiet: true,
        ...(a.clearRollback ? { clearRollback: true } : {}),
      };
    case 'needs-admin':
      return { kind: 'needs-admin', message: a.message, exit: EXIT.needed };
    case 'upgrade':
      return { kind: 'upgrade', message: a.message, warning: undefined };
    default:
      return a;
  }
}

// The runner, holding the lock, for every entry point: decided again, since the world may have moved on.
function underLockAction(i: EntryInput): EntryAction {
  const d = i.decision;
  if (d.kind === 'not-configured')
    return { kind: 'nothing', message: d.message, exit: EXIT.notConfigured, quiet: false };
  // run --force may try the upgrade once more for checks it did not satisfy (a script fixed since, say)
  if (d.kind === 'refuse' && d.reason === 'manual-fix' && !(i.force && d.unmetChecks)) {
    // no marker: the checks run again at every start, and say when the fix is done
    return {
      kind: 'refuse',
      code: 'REFUSED',
      message: `not upgrading: ${d.message}`,
      hint: `fix it as the check says; confirm with: upgrade-hook check ${i.product}${retryHint(d, i.product)}`,
    };
  }
  if (d.kind === 'refuse' && d.reason === 'manual-fix')
    return { kind: 'upgrade', message: d.message, warning: `run --force: upgrading once more although ${d.message}` };
  if (d.kind === 'refuse') {
    return {
      kind: 'refuse',
      code: 'REFUSED',
      message: `refusing to upgrade: ${d.message}`,
      hint: `to override at your own risk: upgrade-hook run --skip-version-check ${i.product}`,
      // the rollback's own marker says more (the downgrade command, the backup): it stays
      ...(d.reason === 'rolled-back' ? {} : { marker: { state: 'refused', reason: d.reason, detail: d.message } }),
    };
  }
  if (d.kind === 'up-to-date' && !i.force) {
    return {
      kind: 'nothing',
      message: d.message,
      exit: EXIT.ok,
      quiet: false,
      restoreLeftovers: true,
      ...(i.marker?.reason === 'rolled-back' ? { clearRollback: true } : {}),
    };
  }
  if (i.entry === 'gate') {
    // the lock holder is us now; auto_upgrade was checked before the lock
    const a = gateAction({ ...i, holder: undefined, autoUpgrade: true });
    if (a.kind === 'refuse' || a.kind === 'pass-and-finish') return a;
    if (a.kind === 'pass') return { kind: 'nothing', message: a.message, exit: EXIT.ok, quiet: false };
  }
  if (i.unitsBlocked) {
    return {
      kind: 'defer',
      message: `cannot upgrade here: ${i.unitsBlocked.detail}; it runs at the next start of the service (upgrade-hook@${i.product}.service), or give start = and stop = commands in /etc/upgrade-hook/products.d/${i.product}.conf`,
      exit: EXIT.deferred,
      marker: { state: 'deferred', reason: i.unitsBlocked.reason, detail: i.unitsBlocked.detail },
      takeRestartMarks: false,
    };
  }
  return upgrade(i);
}

function upgrade(i: EntryInput): EntryAction {
  const d = i.decision;
  const overridden = d.kind === 'needed' && d.overridden !== undefined;
  return { kind: 'upgrade', message: d.message, warning: overridden ? d.message : undefined };
}

type MarkerRead = { state: string; reason: string; detail?: string; backup?: string } | undefined;

/** The command that finishes a rollback cut short: the same backup again (older markers name it in the detail). */
export function rollbackCommand(product: string, marker: MarkerRead): string {
  const backup = marker?.backup ?? /upgrade-hook rollback \S+ (\S+)$/.exec(marker?.detail ?? '')?.[1];
  return `upgrade-hook rollback ${product}${backup ? ` ${backup}` : ''}`;
}

// Every entry point, before the lock and under it: while a rollback is unfinished (or its state file is gone)
// nothing runs on the data but the rollback again; the rollback's marker stays as it is.
function rollbackRefusal(i: EntryInput, verb: string): EntryAction | undefined {
  const d = i.decision;
  if (d.kind !== 'refuse' || (d.reason !== 'rollback-unfinished' && d.reason !== 'state-lost')) return undefined;
  const hint = `rerun the rollback: ${rollbackCommand(i.product, i.marker)}`;
  return {
    kind: 'refuse',
    code: 'REFUSED',
    message: `${verb}: ${d.message}`,
    hint: i.entry === 'posttrans' ? `the package transaction goes on; the service will not start; ${hint}` : hint,
  };
}

/** A refusal for the commands outside the table that write records on the data (stamp, resolve, backup by
 * hand): undefined when the marker lets them. `restored`: the rolled-back data's version matches the build. */
export function refusalWhileRolledBack(
  product: string,
  marker: (MarkerRead & { downgrade?: string; from?: string | undefined }) | undefined,
  what: 'stamp' | 'resolve' | 'backup',
  restoredMatchesBuild: boolean,
): { message: string; hint: string } | undefined {
  if (marker?.reason === 'rollback-interrupted')
    return {
      message: `refusing to ${what}: a rollback did not finish and the data is half restored (${marker.detail ?? 'see the marker'})`,
      hint: `rerun the rollback: ${rollbackCommand(product, marker)}`,
    };
  // backup by hand copies consistent (rolled-back) data; a stamp of the build it matches completes the rollback
  if (marker?.reason !== 'rolled-back' || what === 'backup' || (what === 'stamp' && restoredMatchesBuild))
    return undefined;
  return {
    message: `refusing to ${what}: the data was rolled back to ${marker.from ?? 'an older version'} and the installed build does not match it (${marker.detail ?? 'see the marker'})`,
    hint: `${marker.downgrade ?? 'downgrade the packages to the restored version'}; then start the product again`,
  };
}

/** `run --only`: steps by hand never run on half-restored or rolled-back data, and never start the apps (of a
 * build whose upgrade is pending) on data not yet upgraded. */
export function onlyRefusal(i: {
  product: string;
  decision: Decision;
  marker: (MarkerRead & { downgrade?: string }) | undefined;
  steps: { name: string; phase: string; appsUp: boolean }[];
}): { message: string; hint: string } | undefined {
  const d = i.decision;
  if (d.kind === 'refuse' && (d.reason === 'rollback-unfinished' || d.reason === 'state-lost'))
    return {
      message: `not running steps by hand: ${d.message}`,
      hint: `rerun the rollback: ${rollbackCommand(i.product, i.marker)}`,
    };
  if (d.kind === 'refuse' && d.reason === 'rolled-back')
    return {
      message: `not running steps by hand: ${d.message}`,
      hint: `${i.marker?.downgrade ?? 'downgrade the packages'}; the steps of the build rolled back from must not run on the restored data`,
    };
  const pending = d.kind === 'needed' || (d.kind === 'refuse' && (d.reason === 'downgrade' || d.reason === 'platform'));
  const online = i.steps.filter((s) => s.appsUp);
  if (!pending || online.length === 0) return undefined;
  return {
    message: `not running ${online.map((s) => `${s.name} (${s.phase} phase)`).join(', ')} by hand: ${online.length === 1 ? 'its phase starts' : 'their phases start'} the apps of this build, and ${d.message}; the apps must not run on data not yet upgraded`,
    hint: `run the upgrade, which runs the step with the apps up once the data is upgraded: upgrade-hook run ${i.product}; steps of the phases with the apps down may run by hand`,
  };
}

const installMatching = 'install the build matching the data, or see upgrade-hook run --help (--skip-version-check)';

type MarkerWithPrevious = MarkerRead & { downgrade?: string; previous?: { state: string } | undefined };

/** While a run holds the lock, the failure it is trying to get past: an upgrade's marker says "interrupted"
 * and keeps it as `previous`; a rollback's own marker is its failure until it finishes. */
export function failureBeingRetried<M extends MarkerWithPrevious>(marker: M | undefined): M | M['previous'] {
  return marker?.reason === 'interrupted' ? marker.previous : marker;
}

/** status's Next: the one command that is safe to run now, from the same decision the entry points act on.
 * `upgrade-hook run` only when an upgrade is needed and nothing overrides a refusal: never on half-restored
 * or rolled-back data, a downgrade or a lost state file. While a run holds the lock (`running`: its pid):
 * nothing, or, when it retries a failure, to wait for it and what to run should it fail again. */
export function nextStep(i: {
  product: string;
  decision: Decision;
  marker: MarkerWithPrevious | undefined;
  running: number | undefined;
}): string | undefined {
  const now = nextWhenIdle(i);
  if (i.running === undefined) return now;
  if (failureBeingRetried(i.marker)?.state !== 'failed') return undefined;
  return `wait for pid ${i.running}${now ? `; if it fails too: ${now}` : ''}`;
}

function nextWhenIdle(i: { product: string; decision: Decision; marker: MarkerWithPrevious | undefined }) {
  const d = i.decision;
  // a refusal overridden (--skip-version-check) still stands for a plain run: what lifts it is the packages
  if (d.kind === 'needed' && d.overridden !== undefined)
    return i.marker?.reason === 'rolled-back' ? (i.marker.downgrade ?? installMatching) : installMatching;
  if (d.kind === 'needed') return `upgrade-hook run ${i.product}`;
  if (d.kind !== 'refuse') return undefined;
  switch (d.reason) {
    case 'rollback-unfinished':
    case 'state-lost':
      return rollbackCommand(i.product, i.marker);
    case 'manual-fix':
      return `fix it as the check says, then: upgrade-hook check ${i.product}`;
    case 'rolled-back':
      return i.marker?.downgrade ?? installMatching;
    case 'platform':
    case 'downgrade':
      return installMatching;
  }
}

/** %posttrans stopped by an error (it still exits 0): the marker it leaves so that the gate does not start
 * new code on old data, `onlyIfNone` when written without the lock; undefined when the marker that stands is
 * the run's own (a failed, refused or interrupted upgrade wrote it; another process holds the lock now). */
export function posttransErrorMarker(
  code: string | undefined,
  message: string,
): { marker: { state: 'deferred' | 'failed'; reason: string; detail: string }; onlyIfNone: boolean } | undefined {
  switch (code) {
    case 'LOCK_BUSY':
      // without the lock: a running upgrade's marker (interrupted, failed, …) is its own and stands
      return { marker: { state: 'deferred', reason: 'lock-busy', detail: message }, onlyIfNone: true };
    case 'UPGRADE_FAILED':
    case 'REFUSED':
    case 'BACKUP_NO_SPACE':
    case 'INTERRUPTED':
    case 'LOCK_LOST':
      return undefined;
    default:
      return { marker: { state: 'failed', reason: 'posttrans-error', detail: message }, onlyIfNone: false };
  }
}

/** The bridge runs only what %posttrans deferred to it; everything else waits for its own entry point. */
export function bridgeRunsIt(marker: { state: string; reason: string } | undefined): boolean {
  return marker?.state === 'deferred' && marker.reason === 'bridge';
}

// The pending-upgrade marker: written whenever an upgrade did not complete, removed only by a successful one.
import { linkSync, readFileSync, unlinkSync } from 'node:fs';
import { UpgradeHookError, describeSystemError } from '../errors.js';
import { writeFileAtomic } from '../state/atomic-file.js';

export type MarkerState = 'deferred' | 'failed' | 'refused';

export interface Marker {
  state: MarkerState;
  /** A short word: chroot, no-systemd, bridge, auto-upgrade-off, lock-busy, script-failed, downgrade, … */
  reason: string;
  detail: string;
  since: string;
  from: string | undefined;
  to: string | undefined;
  /** The failed script, when state is failed. */
  script?: string;
  /** The last lines the failed script printed. */
  lastOutput?: string[];
  /** The failed script's checksum: the gate retries only once the script (or the build) changed. */
  scriptSum?: string;
  scriptPath?: string;
  /** While a run is in progress: the failure or deferral it is trying to get past, for `status`. */
  previous?: { state: MarkerState; reason: string; detail: string; since: string; script?: string };
  /** After `rollback`: the command that puts the packages back in line with the restored data. */
  downgrade?: string;
  /** After `rollback`: the backup restored. */
  backup?: string;
  /** Units whose restart marks %posttrans took over for the dnf bridge: restarted after the upgrade. */
  restartAfter?: string[];
  /** `deferred (bridge)`: the dnf process whose bridge runs it (the gate waits for it while it lives). */
  bridge?: { pid: number; start: string | undefined };
}

/** The one way a marker is made: what happened (state, reason, detail), when, and between which versions. */
export function newMarker(
  what: { state: MarkerState; reason: string; detail: string },
  versions: { from: string | undefined; to: string | undefined },
  extra: Partial<Marker> = {},
): Marker {
  return {
    state: what.state,
    reason: what.reason,
    detail: what.detail,
    since: new Date().toISOString(),
    from: versions.from,
    to: versions.to,
    ...extra,
  };
}

/** What a marker keeps of the one it replaced: that one's own `previous` when it had one (the first
 * failure or deferral a retry is trying to get past, which `status` shows while it runs). */
export function previousOf(m: Marker): NonNullable<Marker['previous']> {
  return (
    m.previous ?? {
      state: m.state,
      reason: m.reason,
      detail: m.detail,
      since: m.since,
      ...(m.script ? { script: m.script } : {}),
    }
  );
}

export function readMarker(path: string): Marker | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    if ((e as NodeJS.ErrnoException).code === 'EISDIR') {
      throw new UpgradeHookError('UNSAFE_PATH', `marker ${path} is a directory, not the tool's marker file`, {
        hint: `look at what it holds, move it aside (mv ${path} ${path}.aside), then rerun`,
      });
    }
    throw new UpgradeHookError('IO', `cannot read marker ${path}: ${describeSystemError(e)}`, { cause: e });
  }
  try {
    const m = JSON.parse(text) as Marker;
    if (typeof m.state === 'string' && typeof m.reason === 'string') return withLinesChecked(m, path);
  } catch {
    /* fall through: a marker we cannot read still means "pending" */
  }
  const detail = `marker ${path} is unreadable; treating the upgrade as pending`;
  return newMarker(
    { state: 'failed', reason: 'unreadable-marker', detail },
    { from: undefined, to: undefined },
    { since: '' },
  );
}

// A hand-edited or foreign marker: fields that must be lists of lines are checked, not trusted.
function withLinesChecked(m: Marker, path: string): Marker {
  const lines = m.lastOutput as unknown;
  if (lines === undefined || (Array.isArray(lines) && lines.every((l) => typeof l === 'string'))) return m;
  return { ...m, lastOutput: [`(lastOutput in ${path} is not a list of lines; not shown)`] };
}

/** Writes the marker only when there is none (a running upgrade's stands): false when one exists. */
export function writeMarkerIfAbsent(path: string, marker: Marker): boolean {
  const tmp = `${path}.new.${process.pid}`;
  writeFileAtomic(tmp, `${JSON.stringify(marker, null, 2)}\n`, { mode: 0o644 });
  try {
    linkSync(tmp, path);
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw new UpgradeHookError('IO', `cannot write marker ${path}: ${describeSystemError(e)}`, { cause: e });
  } finally {
    try {
      unlinkSync(tmp);
    } catch {
      /* gone */
    }
  }
}

export function writeMarker(path: string, marker: Marker): void {
  writeFileAtomic(path, `${JSON.stringify(marker, null, 2)}\n`, { mode: 0o644 });
}

export function removeMarker(path: string): void {
  try {
    unlinkSync(path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') {
      throw new UpgradeHookError('IO', `cannot remove marker ${path}: ${describeSystemError(e)}`, { cause: e });
    }
  }
}

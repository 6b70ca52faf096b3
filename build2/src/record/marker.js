// The pending-upgrade marker: written whenever an upgrade did not complete, removed only by a successful one.
import { linkSync, readFileSync, unlinkSync } from 'node:fs';
import { UpgradeHookError, describeSystemError } from '../errors.js';
import { writeFileAtomic } from '../state/atomic-file.js';
/** The one way a marker is made: what happened (state, reason, detail), when, and between which versions. */
export function newMarker(what, versions, extra = {}) {
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
export function readMarker(path) {
    let text;
    try {
        text = readFileSync(path, 'utf8');
    }
    catch (e) {
        if (e.code === 'ENOENT')
            return undefined;
        if (e.code === 'EISDIR') {
            throw new UpgradeHookError('UNSAFE_PATH', `marker ${path} is a directory, not the tool's marker file`, {
                hint: `look at what it holds, move it aside (mv ${path} ${path}.aside), then rerun`,
            });
        }
        throw new UpgradeHookError('IO', `cannot read marker ${path}: ${describeSystemError(e)}`, { cause: e });
    }
    try {
        const m = JSON.parse(text);
        if (typeof m.state === 'string' && typeof m.reason === 'string')
            return withLinesChecked(m, path);
    }
    catch {
        /* fall through: a marker we cannot read still means "pending" */
    }
    return {
        state: 'failed',
        reason: 'unreadable-marker',
        detail: `marker ${path} is unreadable; treating the upgrade as pending`,
        since: '',
        from: undefined,
        to: undefined,
    };
}
// A hand-edited or foreign marker: fields that must be lists of lines are checked, not trusted.
function withLinesChecked(m, path) {
    const lines = m.lastOutput;
    if (lines === undefined || (Array.isArray(lines) && lines.every((l) => typeof l === 'string')))
        return m;
    return { ...m, lastOutput: [`(lastOutput in ${path} is not a list of lines; not shown)`] };
}
/** Writes the marker only when there is none (a running upgrade's stands): false when one exists. */
export function writeMarkerIfAbsent(path, marker) {
    const tmp = `${path}.new.${process.pid}`;
    writeFileAtomic(tmp, `${JSON.stringify(marker, null, 2)}\n`, { mode: 0o644 });
    try {
        linkSync(tmp, path);
        return true;
    }
    catch (e) {
        if (e.code === 'EEXIST')
            return false;
        throw new UpgradeHookError('IO', `cannot write marker ${path}: ${describeSystemError(e)}`, { cause: e });
    }
    finally {
        try {
            unlinkSync(tmp);
        }
        catch {
            /* gone */
        }
    }
}
export function writeMarker(path, marker) {
    writeFileAtomic(path, `${JSON.stringify(marker, null, 2)}\n`, { mode: 0o644 });
}
export function removeMarker(path) {
    try {
        unlinkSync(path);
    }
    catch (e) {
        if (e.code !== 'ENOENT') {
            throw new UpgradeHookError('IO', `cannot remove marker ${path}: ${describeSystemError(e)}`, { cause: e });
        }
    }
}

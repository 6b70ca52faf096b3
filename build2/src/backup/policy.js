/**
 * A backup is taken only of data no script of the pending upgrade has touched: once a script started
 * (since the last successful run or stamp), the data may be half-upgraded and the run is a resume.
 */
export function backupDue(spec, records, scriptsToRun) {
    if (!spec)
        return { take: false, why: 'the descriptor has no [backup] section' };
    if (scriptsToRun === 0)
        return { take: false, why: 'no script runs' };
    const touched = scriptsStartedSinceLastSuccess(records);
    if (touched)
        return {
            take: false,
            why: `resuming: ${touched} already ran on this data (a backup is never taken of half-upgraded data)`,
        };
    return { take: true, why: spec.required ? 'required before every upgrade' : 'taken when possible (required = no)' };
}
/**
 * The first script that started since the last successful upgrade run (or stamp), or undefined. Steps run by
 * hand (`run --only`) never make the data consistent again: their end does not count as a success, and while
 * an upgrade was pending (from ≠ to) their scripts touched the data like the upgrade's own.
 */
export function scriptsStartedSinceLastSuccess(records) {
    let first;
    // runs by hand: true when an upgrade was pending then
    const byHand = new Map();
    for (const r of records) {
        if (r.t === 'run-start' && r.by === 'only')
            byHand.set(r.run, r.from !== r.to);
        else if (r.t === 'script-start') {
            if (byHand.get(r.run) !== false)
                first ??= `${r.kind}/${r.script}`;
        }
        else if ((r.t === 'run-end' && r.result === 'ok' && !byHand.has(r.run)) || r.t === 'baseline')
            first = undefined;
    }
    return first;
}
/** `1.1-1-20261127T153000Z`: the from-version (only safe characters) and the time, sortable. */
export function backupName(fromVersion, at) {
    const safe = fromVersion.replace(/[^A-Za-z0-9._+~^-]/g, '_') || 'unknown';
    return `${safe}-${at
        .toISOString()
        .replace(/[-:]/g, '')
        .replace(/\.\d+Z$/, 'Z')}`;
}
/**
 * The backups beyond `keep`, oldest first (by sequence, then time, then name). The newest one, and the one
 * `justTaken` (an upgrade's, whatever its sequence says), always stay.
 */
export function backupsToPrune(backups, keep, justTaken) {
    const newestFirst = [...backups].sort(olderFirst).reverse();
    const kept = new Set(newestFirst.slice(0, Math.max(keep, 1)).map((b) => b.name));
    if (justTaken !== undefined)
        kept.add(justTaken);
    return newestFirst.filter((b) => !kept.has(b.name)).reverse();
}
/** Sequence first (a clock stepped back does not reorder backups), then time, then name. */
export function olderFirst(a, b) {
    const sa = a.manifest.seq ?? 0;
    const sb = b.manifest.seq ?? 0;
    if (sa !== sb)
        return sa - sb;
    if (a.createdAt !== b.createdAt)
        return a.createdAt.localeCompare(b.createdAt);
    return a.name.localeCompare(b.name);
}
/** A word about one [backup] path: a warning when it does not exist (a typo, a glob), a note when it is a link. */
export function dataPathNote(path, fact) {
    switch (fact.kind) {
        case 'plain':
            return undefined;
        case 'link':
            return {
                warning: false,
                line: `[backup] paths: ${path} is a symbolic link to ${fact.to}: the content of ${fact.to} is backed up, and a rollback restores it there (the link stays)`,
            };
        case 'dangling':
            return {
                warning: true,
                line: `[backup] paths: ${path} is a symbolic link that leads nowhere: only the link is backed up; point it at the data or fix the path in [backup] paths`,
            };
        case 'missing':
            return {
                warning: true,
                line: /[*?[\]]/.test(path)
                    ? `[backup] paths: ${path} does not exist (paths are not patterns: list each path); it is recorded as absent, and a rollback to this backup moves aside whatever is there by then`
                    : `[backup] paths: ${path} does not exist (a typo?); it is recorded as absent, and a rollback to this backup moves aside whatever is there by then`,
            };
    }
}
/** Space for a backup: what the copy may take (reflinks may take less), 64 MiB of headroom for the filesystem. */
export const HEADROOM_BYTES = 64 * 1024 * 1024;
export function spaceProblem(neededBytes, availableBytes, dir) {
    const need = neededBytes + HEADROOM_BYTES;
    if (availableBytes >= need)
        return undefined;
    return `not enough space for the backup in ${dir}: it needs ${formatBytes(need)} (${formatBytes(neededBytes)} of data + ${formatBytes(HEADROOM_BYTES)} headroom), the filesystem has ${formatBytes(availableBytes)} free; free ${formatBytes(need - availableBytes)} there, or set [backup] dir to a filesystem with room`;
}
export function formatBytes(n) {
    const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
    let v = n;
    let i = 0;
    while (Math.abs(v) >= 1024 && i < units.length - 1) {
        v /= 1024;
        i++;
    }
    return i === 0 ? `${v} B` : `${v.toFixed(v >= 100 ? 0 : 1)} ${units[i]}`;
}
/** The one command that puts the packages back in line with the restored data. */
export function downgradeCommand(f) {
    if (f.transaction !== undefined)
        return `dnf history undo ${f.transaction}`;
    const pkg = f.buildSource.kind === 'rpm' ? f.buildSource.package : f.owningPackage;
    if (pkg)
        return `dnf downgrade ${pkg}-${f.restoredVersion.replace(/^0:/, '')}`;
    return `dnf downgrade PACKAGE-${f.restoredVersion} (the product's packages back to ${f.restoredVersion})`;
}

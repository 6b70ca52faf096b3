// Whether a rollback fits, decided before anything stops: per filesystem, the bytes it will write there
// (the backup's copies restored onto it; a mount point's content copied aside onto its parent's) less
// what it frees first (an interrupted attempt's partial restore, discarded), plus a headroom.
import { formatBytes } from './policy.js';
/**
 * Headroom beyond the bytes restored: 1 MiB plus 1/64 of them (directory blocks, the marker and the lists
 * written meanwhile). Smaller than a backup's 64 MiB: the restored bytes were measured exactly when the
 * backup was taken, and the data they replace stays where it is (renamed), so nothing else grows.
 */
export function rollbackHeadroom(bytes) {
    return 1024 * 1024 + Math.ceil(bytes / 64);
}
export function rollbackSpaceProblem(writes) {
    const byDev = new Map();
    for (const w of writes) {
        const fs = byDev.get(w.dev) ?? { on: [], free: w.free, bytes: 0, freed: 0 };
        if (!fs.on.includes(w.on))
            fs.on.push(w.on);
        fs.bytes += w.bytes;
        fs.freed += w.freed;
        byDev.set(w.dev, fs);
    }
    const short = [];
    for (const fs of byDev.values()) {
        if (fs.bytes === 0)
            continue;
        const headroom = rollbackHeadroom(fs.bytes);
        const need = fs.bytes + headroom;
        const have = fs.free + fs.freed;
        if (have >= need)
            continue;
        short.push(`the filesystem of ${fs.on.join(', ')} needs ${formatBytes(need)} (${formatBytes(fs.bytes)} restored + ${formatBytes(headroom)} headroom) and has ${formatBytes(have)} free${fs.freed > 0 ? ` (counting ${formatBytes(fs.freed)} of an interrupted attempt's partial restore, discarded first)` : ''}; free ${formatBytes(need - have)} there`);
    }
    return short.length > 0
        ? `not enough space to roll back (the data replaced is kept aside): ${short.join('; ')}`
        : undefined;
}

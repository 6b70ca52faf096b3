// The backups on disk: DIR/NAME/ with manifest.json, files/N/ (one per data path), state, history.jsonl
// and dump. A backup being built is DIR/.partial-NAME: it counts only once renamed, so one cut short by
// a kill or a full disk is never listed nor restored, and the next backup discards it.
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { olderFirst } from './policy.js';
export const MANIFEST = 'manifest.json';
export const PARTIAL_PREFIX = '.partial-';
/**
 * The product's complete backups, oldest first (by sequence; those without one, older, by time).
 * Unreadable directories are skipped (they are not ours to judge), and so are other products' backups:
 * a directory two products share never lets one list, prune or restore the other's.
 */
export function listBackups(dir, product) {
    if (!existsSync(dir))
        return [];
    const out = [];
    for (const name of readdirSync(dir)) {
        if (name.startsWith('.'))
            continue;
        const path = join(dir, name);
        try {
            const manifest = JSON.parse(readFileSync(join(path, MANIFEST), 'utf8'));
            if (manifest.schema !== 1 || manifest.product !== product)
                continue;
            out.push({ name, path, manifest, createdAt: manifest.createdAt });
        }
        catch {
            /* not a backup */
        }
    }
    return out.sort(olderFirst);
}
/** The sequence number the next backup of the product gets. */
export function nextSeq(backups) {
    return backups.reduce((max, b) => Math.max(max, b.manifest.seq ?? 0), 0) + 1;
}
export function latestBackup(dir, product) {
    return listBackups(dir, product).at(-1);
}
/** Removes what a killed or failed backup left; returns the names it removed. */
export function discardPartials(dir) {
    if (!existsSync(dir))
        return [];
    const gone = readdirSync(dir).filter((n) => n.startsWith(PARTIAL_PREFIX));
    for (const n of gone)
        rmSync(join(dir, n), { recursive: true, force: true });
    return gone;
}

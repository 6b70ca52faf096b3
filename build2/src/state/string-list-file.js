// A small JSON list of strings kept in the product's var dir (the units an upgrade stopped, the data a
// rollback set aside): read leniently (a missing or damaged file is an empty list), written atomically.
import { readFileSync } from 'node:fs';
import { writeFileAtomic } from './atomic-file.js';
export function readStringList(path) {
    try {
        const v = JSON.parse(readFileSync(path, 'utf8'));
        return Array.isArray(v) ? v.filter((x) => typeof x === 'string') : [];
    }
    catch {
        return [];
    }
}
/** Replaces the list with `items`, atomically. */
export function writeStringList(path, items, mode) {
    writeFileAtomic(path, `${JSON.stringify(items)}\n`, { mode });
}
/** Adds `items` (once each) and returns the whole list; nothing is written when it stays empty. */
export function addToStringList(path, items, mode) {
    const all = [...new Set([...readStringList(path), ...items])];
    if (all.length > 0)
        writeFileAtomic(path, `${JSON.stringify(all)}\n`, { mode });
    return all;
}

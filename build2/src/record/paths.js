// Where a product's history and marker live, and the checks that make it safe to write there.
import { join } from 'node:path';
import { ensureSafeDirectory } from '../lock/lock-dir.js';
export function productPaths(d) {
    return { varDir: d.varDir, history: join(d.varDir, 'history.jsonl'), marker: join(d.varDir, 'marker') };
}
export function ensureVarDir(dir, euid) {
    ensureSafeDirectory(dir, euid, 0o755, 'state directory');
}

// The builds a rollback took this product's data back from (VAR_DIR/rolled-back.json), kept after the
// rollback marker is gone (the downgrade completes it): preflight refuses to install such a build again, so
// that dnf update or dnf-automatic cannot start the same failing upgrade unattended. A newer build is not
// listed and passes; a waiver lifts it by hand. Read leniently: a damaged file lists nothing.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../state/atomic-file.js';
export const rolledBackPath = (varDir) => join(varDir, 'rolled-back.json');
export function readRolledBack(varDir) {
    try {
        const v = JSON.parse(readFileSync(rolledBackPath(varDir), 'utf8'));
        if (!Array.isArray(v))
            return [];
        return v.filter((x) => typeof x === 'object' && x !== null && typeof x.build === 'string' && typeof x.at === 'string');
    }
    catch {
        return [];
    }
}
/** Adds the build (the newest entry of a build wins); keeps the last 20. */
export function addRolledBack(varDir, entry) {
    const all = [...readRolledBack(varDir).filter((x) => x.build !== entry.build), entry].slice(-20);
    writeFileAtomic(rolledBackPath(varDir), `${JSON.stringify(all, null, 2)}\n`, { mode: 0o644 });
}

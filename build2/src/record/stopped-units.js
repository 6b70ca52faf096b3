// The units an upgrade stopped and must start again, kept in the product's var dir: a run killed between
// its stop and its start, a failed run, or a gate that hands the online phase to upgrade-hook-finish@
// leaves them here for the run that completes the upgrade.
import { unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { addToStringList, readStringList, writeStringList } from '../state/string-list-file.js';
export const stoppedUnitsPath = (varDir) => join(varDir, 'stopped-units');
export const readStoppedUnits = (varDir) => readStringList(stoppedUnitsPath(varDir));
export const addStoppedUnits = (varDir, units) => addToStringList(stoppedUnitsPath(varDir), units, 0o644);
/** Keeps every unit but these; the file goes when none is left. */
export function removeStoppedUnits(varDir, units) {
    const left = readStoppedUnits(varDir).filter((u) => !units.includes(u));
    if (left.length === 0)
        forgetStoppedUnits(varDir);
    else
        writeStringList(stoppedUnitsPath(varDir), left, 0o644);
}
export function forgetStoppedUnits(varDir) {
    try {
        unlinkSync(stoppedUnitsPath(varDir));
    }
    catch {
        /* none */
    }
}

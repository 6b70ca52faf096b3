// What the state file says about the product: its data version and platform, and the stamp that records them.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { UpgradeHookError } from '../errors.js';
import { readStateFile, updateStateFile } from '../state/state-file.js';
import { validateVersion } from '../version/index.js';
import { withStateFileLock } from '../lock/state-lock.js';
import { DATA_VERSION_KEY, PLATFORM_KEY } from './descriptor.js';
export function readStoredState(d) {
    const doc = readStateFile(d.stateFile);
    const stored = doc?.get(d.stateSection, DATA_VERSION_KEY);
    const platform = doc?.get(d.stateSection, PLATFORM_KEY);
    if (stored !== undefined && stored !== '') {
        validateVersion(d.versionScheme, stored, `${DATA_VERSION_KEY} in ${d.stateFile} [${d.stateSection}]`);
        return { dataVersion: stored, platform: platform || undefined, adopted: false };
    }
    const test = d.configuredIf;
    const configured = test?.kind === 'file'
        ? existsSync(test.path)
        : test?.kind === 'state'
            ? doc?.get(test.section, test.key) === test.value
            : false;
    if (!configured && doc !== undefined && doc.sections().length === 0) {
        // a state file that exists but holds nothing was truncated (or emptied by hand): "not configured"
        // would let the gate start new code on data of unknown version
        throw new UpgradeHookError('STATE_CORRUPT', `${d.stateFile} exists but is empty: the data version of ${d.name} is unknown (a truncated file?)`, {
            hint: `restore it from a backup; if ${d.name} was never configured, remove the empty file; or say how to recognise a configured product with configured_if in the descriptor`,
        });
    }
    const history = join(d.varDir, 'history.jsonl');
    if (!configured && doc !== undefined && existsSync(history)) {
        // the product was stamped or upgraded (only those write its history), yet its section is gone from a file
        // that still holds others: "not configured" would let the gate start new code on data of unknown version
        throw new UpgradeHookError('STATE_CORRUPT', `${d.stateFile} has no ${DATA_VERSION_KEY} in section [${d.stateSection}], yet ${d.name} was set up before (its history ${history} exists): the data version of ${d.name} is unknown`, {
            hint: `restore the section from a backup (upgrade-hook backup list ${d.name}), or, knowing the version, set it: upgrade-hook state set ${d.name} ${d.stateSection} ${DATA_VERSION_KEY} VERSION; if ${d.name} is to be set up anew, move ${history} aside`,
        });
    }
    return {
        dataVersion: configured ? d.assumeDataVersion : undefined,
        platform: platform || undefined,
        adopted: configured,
    };
}
/** The last step of a successful upgrade (and what an installer calls): record data version and platform. */
export function writeStamp(d, version, platform, lock) {
    // under the state file's lock: a script's `state set` still running must not overwrite the stamp
    withStateFileLock(lock, d.stateFile, () => updateStateFile(d.stateFile, (doc) => {
        doc.set(d.stateSection, DATA_VERSION_KEY, version);
        if (platform !== undefined)
            doc.set(d.stateSection, PLATFORM_KEY, platform);
    }));
}

// lint's [backup] rules: a backup directory another product of the build root also names (one's keep
// would prune the other's backups, a rollback could restore the other's), and data paths the build root
// lacks (a typo, a shell pattern: backed up as absent without a word at run time).
import { lstatSync } from 'node:fs';
import { dataPathNote } from '../backup/policy.js';
import { productsSharingBackupDir, sharedBackupDirProblem } from '../backup/backup-dir.js';
import { underRoot } from './finding.js';
export function lintBackup(d, descriptorFile, root, configPath, trustedUids, out) {
    if (!d.backup)
        return;
    const shared = sharedBackupDirProblem(d, productsSharingBackupDir(d, { UPGRADE_HOOK_CONFIG_PATH: configPath }, trustedUids));
    if (shared)
        out.error(descriptorFile, shared);
    for (const p of d.backup.paths) {
        const note = dataPathNote(p, factInRoot(underRoot(root, p)));
        if (note?.warning)
            out.warn(descriptorFile, `${note.line.replace(/; it is recorded as absent.*$/, '')} in the build root: a backup would record it as absent; fix the path, or ship it (%dir ${p}) if the product makes it only at run time`);
    }
}
// In a build root a link's target is the installed system's, not the root's: only absence is judged.
function factInRoot(path) {
    try {
        lstatSync(path);
        return { kind: 'plain' };
    }
    catch {
        return { kind: 'missing' };
    }
}

// What a rollback moved aside: each path's work directory `PATH.before-rollback-ID` (root's, 0700, next to
// the path; restore-path.ts), listed in VAR_DIR/rollback-set-aside.json and kept until the next successful
// upgrade, which removes it. While a rollback is unfinished, VAR_DIR/rollback-unfinished.json lists the
// work directories of that attempt, so that its rerun reuses them instead of setting aside one more copy.
import { rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { addToStringList, readStringList } from '../state/string-list-file.js';
import { HeldDir } from './held-dir.js';
import { removeEntry } from './remove-tree.js';
export const SET_ASIDE_INFIX = '.before-rollback-';
export const setAsidePath = (varDir) => join(varDir, 'rollback-set-aside.json');
export const unfinishedPath = (varDir) => join(varDir, 'rollback-unfinished.json');
export const readSetAside = (varDir) => readStringList(setAsidePath(varDir));
export const readUnfinished = (varDir) => readStringList(unfinishedPath(varDir));
/** Records a work directory in both lists (durably: atomic writes) before anything is moved into it. */
export function addSetAside(varDir, paths) {
    addToStringList(setAsidePath(varDir), paths, 0o600);
    addToStringList(unfinishedPath(varDir), paths, 0o600);
}
/** The rollback finished (or a new one starts afresh): its work directories are no longer to reuse. */
export function forgetUnfinished(varDir) {
    rmSync(unfinishedPath(varDir), { force: true });
}
/**
 * Removes every listed set-aside path. The directory holding each is reached from `/` without following a
 * link another user could change, and the tree is removed through descriptors (remove-tree.ts): a name
 * swapped for a link costs only the link.
 */
export function discardSetAside(varDir, log) {
    for (const p of readSetAside(varDir)) {
        // only what a rollback named so: never a path the file was made to list by mistake
        if (!basename(p).includes(SET_ASIDE_INFIX))
            continue;
        let parent;
        try {
            parent = HeldDir.openPath(dirname(p));
        }
        catch (e) {
            log(`left ${p} alone: ${e.message}`);
            continue;
        }
        try {
            const st = parent.lstatIn(basename(p));
            if (!st)
                continue;
            if (st.isSymbolicLink()) {
                log(`left ${p} alone: it is now a symbolic link, not the directory the rollback made`);
                continue;
            }
            removeEntry(parent, basename(p));
            log(`removed ${p}, the data a rollback had set aside`);
        }
        catch (e) {
            log(`could not remove ${p}: ${e.message}`);
        }
        finally {
            parent.close();
        }
    }
    rmSync(setAsidePath(varDir), { force: true });
    forgetUnfinished(varDir);
}

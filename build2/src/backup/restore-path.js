// Puts one path (a data directory or file, the state file, the history) back from a backup. Everything
// root writes goes first into a work directory it makes next to the path, `NAME.before-rollback-ID`
// (mkdir 0700, root's, checked by its descriptor): another user owning the parent can rename that
// directory but not write in it. The backup is copied into WORK/.restore, the current data is moved (a
// file: hard-linked) into WORK/NAME, and WORK/.restore is renamed into place; every name is reached through
// held descriptors (held-dir.ts), so a link planted meanwhile is moved aside, never written through. A file
// is replaced by one rename: there is no moment without it (the state file). WORK/NAME is what the
// rollback set aside; it stays until the next successful upgrade. See docs/SECURITY.md "Rollback".
import { fchmodSync, fchownSync, fsyncSync, futimesSync, linkSync, mkdirSync, readdirSync, renameSync, } from 'node:fs';
import { basename, dirname } from 'node:path';
import { UpgradeHookError } from '../errors.js';
import { HeldDir } from './held-dir.js';
import { removeContents, removeEntry } from './remove-tree.js';
import { SET_ASIDE_INFIX } from './set-aside.js';
/** The backup's copy being placed (inside the work directory, or inside a mount point's staging). */
const RESTORE = '.restore';
/** A mount point's content being copied aside: renamed to the target's name once complete. */
const ASIDE_PARTIAL = '.aside-partial';
export async function restorePath(step, c) {
    const name = basename(step.target);
    mkdirSync(dirname(step.target), { recursive: true });
    const parent = HeldDir.openPath(dirname(step.target));
    let work;
    try {
        work = workDirFor(parent, name, c);
        removeEntry(work, RESTORE);
        removeEntry(work, ASIDE_PARTIAL);
        // an interrupted attempt already set the data aside: what stands at the target now is its own partial
        // restore (the gate refused every start since), not data anyone wrote
        const asideBefore = work.lstatIn(name) !== undefined;
        const current = parent.lstatIn(name);
        const mountPoint = current?.isDirectory() === true && current.dev !== parent.stat().dev;
        if (mountPoint)
            await refillMountPoint(parent, name, work, step.copy, asideBefore, c);
        else {
            if (asideBefore && current?.isDirectory()) {
                removeEntry(parent, name);
                c.say(`discarded ${step.target}, the partial restore of the interrupted attempt`);
            }
            c.check();
            if (step.copy !== null)
                await c.copy(step.copy, work.at(RESTORE));
            c.check();
            const now = parent.lstatIn(name);
            let inPlace = false;
            if (now && !asideBefore)
                inPlace = !setAside(parent, name, work, step.copy !== null && !now.isDirectory());
            else if (now && step.copy === null)
                removeEntry(parent, name);
            if (inPlace) {
                // a directory that cannot be renamed (EXDEV on an overlayfs lower layer, EBUSY): refilled in place
                removeEntry(work, RESTORE);
                await refillMountPoint(parent, name, work, step.copy, false, c);
            }
            else if (step.copy !== null)
                placeInto(parent, name, work, RESTORE, work);
            syncDir(parent);
        }
        syncDir(work);
        const setAsideAt = work.lstatIn(name) ? `${work.path}/${name}` : undefined;
        return { workDir: work.path, setAside: setAsideAt };
    }
    finally {
        work?.close();
        parent.close();
    }
}
/** fsync of a directory (makes renames in it durable); a filesystem that cannot says EINVAL. */
function syncDir(dir) {
    try {
        fsyncSync(dir.fd);
    }
    catch (e) {
        if (e.code !== 'EINVAL')
            throw e;
    }
}
/** This attempt's work directory for `name`: reused from the interrupted attempt, or made (0700, O_EXCL). */
function workDirFor(parent, name, c) {
    const prefix = `${parent.path.replace(/\/$/, '')}/${name}${SET_ASIDE_INFIX}`;
    // the newest first; one recorded but never made (killed between the record and the mkdir) is skipped
    const earlier = c.resume.filter((p) => p.startsWith(prefix) && !p.slice(prefix.length).includes('/')).reverse();
    for (const p of earlier) {
        const held = openOwnWorkDir(parent, basename(p), c.euid);
        if (held)
            return held;
    }
    for (let n = 1;; n++) {
        const dirName = `${name}${SET_ASIDE_INFIX}${c.id}${n > 1 ? `.${n}` : ''}`;
        // recorded first: a kill right after the mkdir must not leave a directory no rerun knows of
        c.recordWorkDir(`${parent.path.replace(/\/$/, '')}/${dirName}`);
        try {
            mkdirSync(parent.at(dirName), { mode: 0o700 });
        }
        catch (e) {
            if (e.code === 'EEXIST' && n < 100)
                continue;
            throw e;
        }
        const held = openOwnWorkDir(parent, dirName, c.euid);
        if (held)
            return held;
        throw new UpgradeHookError('ROLLBACK_FAILED', `${parent.path}/${dirName}, the directory the rollback just made, was replaced by something else (the directory is another user's to rename in); nothing was moved`, { hint: `find out who changes ${parent.path}, then rerun` });
    }
}
/** Opens a work directory and checks it is still one only root can enter; undefined when it is not. */
function openOwnWorkDir(parent, dirName, euid) {
    let held;
    try {
        held = HeldDir.openIn(parent, dirName);
    }
    catch {
        return undefined;
    }
    const st = held.stat();
    if (st.uid === euid && (st.mode & 0o077) === 0)
        return held;
    held.close();
    return undefined;
}
/**
 * Moves (or, for a file being replaced by one, hard-links) `name` into the work directory; false when a
 * directory cannot be moved (EXDEV, EBUSY) and must be refilled in place.
 */
function setAside(parent, name, work, linkFirst) {
    if (linkFirst) {
        try {
            // the file stays at its name until the rename over it: never a moment without it
            linkSync(parent.at(name), work.at(name));
            return true;
        }
        catch {
            /* not linkable here: moved instead */
        }
    }
    try {
        renameSync(parent.at(name), work.at(name));
        return true;
    }
    catch (e) {
        const code = e.code;
        if ((code === 'EXDEV' || code === 'EBUSY') && parent.lstatIn(name)?.isDirectory())
            return false;
        throw e;
    }
}
/**
 * Renames FROM (in `from`) to NAME (in `to`). Something planted at NAME meanwhile (another user's
 * directory, a link) is moved into `trash` and the rename tried again: rename(2) never follows a link.
 */
function placeInto(to, name, from, fromName, trash) {
    for (let n = 1;; n++) {
        try {
            renameSync(from.at(fromName), to.at(name));
            return;
        }
        catch (e) {
            const code = e.code;
            if (!['EEXIST', 'ENOTEMPTY', 'ENOTDIR', 'EISDIR'].includes(code ?? '') || n > 5)
                throw new UpgradeHookError('ROLLBACK_FAILED', `${to.path}/${name}: something keeps appearing in its place while the rollback puts it back (${code}); the backup's copy is kept in ${from.path}/${fromName}`, { hint: `stop whatever writes into ${to.path}, then rerun`, cause: e });
            renameSync(to.at(name), trash.at(`.planted-${Date.now()}-${n}`));
        }
    }
}
/**
 * A mount point cannot be renamed (EBUSY; nor a directory of an overlayfs lower layer, EXDEV): its content is copied aside into WORK/NAME, emptied through its
 * descriptor, and refilled from a root-only staging directory inside it (the same filesystem, so each
 * entry is renamed in); its own owner, mode and times become the backup's.
 */
async function refillMountPoint(parent, name, work, copy, asideBefore, c) {
    const mount = HeldDir.openIn(parent, name);
    const stageName = `.rollback-restore-${c.id}`;
    try {
        if (!asideBefore) {
            c.check();
            await c.copy(`${mount.self()}/.`, work.at(ASIDE_PARTIAL));
            renameSync(work.at(ASIDE_PARTIAL), work.at(name));
        }
        // from here on the content is either a copy of WORK/NAME or an interrupted attempt's partial restore
        removeContents(mount);
        if (copy === null)
            return;
        mkdirSync(mount.at(stageName), { mode: 0o700 });
        const stage = HeldDir.openIn(mount, stageName);
        try {
            const st = stage.stat();
            if (st.uid !== c.euid || (st.mode & 0o077) !== 0)
                throw new UpgradeHookError('ROLLBACK_FAILED', `${mount.path}/${stageName} was replaced while the rollback made it`);
            c.check();
            await c.copy(copy, stage.at(RESTORE));
            c.check();
            const content = HeldDir.openIn(stage, RESTORE);
            try {
                for (const entry of readdirSync(content.self()))
                    placeInto(mount, entry, content, entry, stage);
                copyOwnAttributes(content.stat(), mount);
            }
            finally {
                content.close();
            }
        }
        finally {
            stage.close();
        }
        removeEntry(mount, stageName);
        syncDir(mount);
    }
    finally {
        mount.close();
    }
}
function copyOwnAttributes(from, to) {
    fchownSync(to.fd, from.uid, from.gid);
    fchmodSync(to.fd, from.mode & 0o7777);
    futimesSync(to.fd, from.atime, from.mtime);
}

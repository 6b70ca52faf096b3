// Removes a tree below a held directory without ever following a link: each directory is opened by its
// parent's descriptor (O_NOFOLLOW) and emptied through that descriptor, so a subdirectory swapped for a
// link to /etc midway costs only the link. Used wherever root removes what lies in a directory another
// user can write (the data a rollback set aside, a partial restore).
import { readdirSync, rmdirSync, unlinkSync } from 'node:fs';
import { HeldDir } from './held-dir.js';
/** Removes `name` inside `dir` (a file, a link, or a whole directory); nothing there is fine. */
export function removeEntry(dir, name) {
    for (let attempt = 0;; attempt++) {
        const st = dir.lstatIn(name);
        if (!st)
            return;
        if (!st.isDirectory()) {
            ignoreGone(() => unlinkSync(dir.at(name)));
            return;
        }
        let sub;
        try {
            sub = HeldDir.openIn(dir, name);
        }
        catch (e) {
            const code = e.code;
            if (code === 'ENOENT')
                return;
            // swapped for a link or a file since the lstat: go round again and remove that instead
            if ((code === 'ELOOP' || code === 'ENOTDIR') && attempt < 5)
                continue;
            throw e;
        }
        try {
            removeContents(sub);
        }
        finally {
            sub.close();
        }
        try {
            rmdirSync(dir.at(name));
            return;
        }
        catch (e) {
            const code = e.code;
            if (code === 'ENOENT')
                return;
            // something was added or swapped in meanwhile: empty it again (bounded: someone may keep adding)
            if ((code === 'ENOTEMPTY' || code === 'EEXIST' || code === 'ENOTDIR') && attempt < 5)
                continue;
            throw e;
        }
    }
}
/** Removes everything inside `dir`, except the names `keep` says to keep. */
export function removeContents(dir, keep = () => false) {
    for (const name of readdirSync(dir.self()))
        if (!keep(name))
            removeEntry(dir, name);
}
function ignoreGone(f) {
    try {
        f();
    }
    catch (e) {
        if (e.code !== 'ENOENT')
            throw e;
    }
}

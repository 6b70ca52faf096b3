// Whether root may trust a path: every directory from / down to it owned by root (or a trusted uid) and
// writable by nobody else, as sudo and OpenSSH's safe_path check. A directory writable by its group or by
// anyone is accepted only with the sticky bit (/tmp): there others cannot rename or remove what they do
// not own, and the entry below it is checked in turn. The path must be a real path (realpath: no
// symlinks), so what is checked is exactly what a later open or exec walks through.
import { lstatSync } from 'node:fs';
import { dirname } from 'node:path';
const STICKY = 0o1000;
/** What is wrong with one directory on the way, or undefined. */
export function directoryProblem(st, trustedUids) {
    if (!st.isDirectory())
        return 'is not a directory';
    if (st.uid !== 0 && !trustedUids.includes(st.uid))
        return `is owned by uid ${st.uid}, not root, so that user can replace what root runs below it: chown root it`;
    if (st.mode & 0o022 && !(st.mode & STICKY))
        return `is writable by ${st.mode & 0o002 ? 'anyone' : 'its group'}, who can replace what root runs below it: chmod go-w it`;
    return undefined;
}
/**
 * The first directory from `/` down to `realDir` (inclusive) that another user could change, or undefined.
 * `cache` (per discovery) remembers directories already found safe.
 */
export function unsafeAncestor(realDir, trustedUids, cache, lstat = lstatSync) {
    const chain = [];
    for (let d = realDir;; d = dirname(d)) {
        if (cache?.has(d))
            break;
        chain.push(d);
        if (d === '/' || d === '.')
            break;
    }
    for (const d of chain.reverse()) {
        let st;
        try {
            st = lstat(d);
        }
        catch (e) {
            return { path: d, why: `cannot be checked (${e.code})` };
        }
        const why = st.isSymbolicLink() ? 'became a symbolic link after it was checked' : directoryProblem(st, trustedUids);
        if (why)
            return { path: d, why };
        cache?.add(d);
    }
    return undefined;
}

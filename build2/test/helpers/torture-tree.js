// A fingerprint of a whole directory tree (names, types, modes, owners, contents, link targets), to prove
// that a refused command changed nothing on disk, and to list what it did change when it did.
import { createHash } from 'node:crypto';
import { lstatSync, readFileSync, readdirSync, readlinkSync } from 'node:fs';
import { join, relative } from 'node:path';
export function treeListing(root, skip = () => false) {
    const out = new Map();
    const walk = (dir) => {
        for (const name of readdirSync(dir).sort()) {
            const path = join(dir, name);
            const rel = relative(root, path);
            if (skip(rel))
                continue;
            const st = lstatSync(path);
            const meta = `${(st.mode & 0o170000).toString(8)} ${(st.mode & 0o7777).toString(8)} ${st.uid}:${st.gid}`;
            if (st.isSymbolicLink())
                out.set(rel, `${meta} -> ${readlinkSync(path)}`);
            else if (st.isDirectory()) {
                out.set(rel, `${meta} dir`);
                walk(path);
            }
            else if (st.isFile())
                out.set(rel, `${meta} ${createHash('sha256').update(readFileSync(path)).digest('hex')}`);
            else
                out.set(rel, `${meta} special`);
        }
    };
    walk(root);
    return out;
}
/** What differs between two listings, one line per path ("" when nothing). */
export function treeDiff(before, after) {
    const lines = [];
    for (const [k, v] of before)
        if (!after.has(k))
            lines.push(`removed ${k}`);
        else if (after.get(k) !== v)
            lines.push(`changed ${k}`);
    for (const k of after.keys())
        if (!before.has(k))
            lines.push(`added ${k}`);
    return lines.join('\n');
}

// The product's state file (FreeIPA's sysupgrade.state): read it, or change a few keys in it atomically
// while keeping every byte the tool does not own. Callers serialise writers with the state file's lock
// (lock/state-lock.ts).
import fs from 'node:fs';
import path from 'node:path';
import { parseIni, parseIniBuffer } from './ini-document.js';
import { ioError, readFileIfExists, writeFileAtomic } from './atomic-file.js';
/** The parsed state file, or undefined when it does not exist. A corrupt file is an error (STATE_CORRUPT). */
export function readStateFile(file) {
    const buf = readFileIfExists(file, 'STATE_IO');
    return buf === undefined ? undefined : parseIniBuffer(buf, file, 'STATE_CORRUPT');
}
/**
 * Reads the state file (an empty one when missing), lets `mutate` edit it, and writes it atomically
 * when the text changed. Returns the document and whether it was written.
 */
export function updateStateFile(file, mutate, opts = {}) {
    const doc = readStateFile(file) ?? parseIni('', file, 'STATE_CORRUPT');
    const before = doc.toString();
    mutate(doc);
    const after = doc.toString();
    if (after === before)
        return { doc, changed: false };
    const dir = path.dirname(file);
    try {
        fs.mkdirSync(dir, { recursive: true, mode: opts.dirMode ?? 0o755 });
    }
    catch (e) {
        throw ioError('STATE_IO', 'create the directory of', file, e);
    }
    // an admin's ACL or a policy's SELinux label (FreeIPA's /var/lib/ipa) must survive the rewrite; root writes
    // it below no directory another account could swap (the path rule)
    writeFileAtomic(file, after, {
        mode: opts.mode ?? 0o600,
        code: 'STATE_IO',
        keepAttributes: true,
        trustedDirectory: true,
    });
    return { doc, changed: true };
}

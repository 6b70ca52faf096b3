// A script's identity for the history: sha256 of its content.
import { crypto } from '../lazy-builtin.js';
import { readFileSync } from 'node:fs';
/** The checksum of a file that may have been removed or made unreadable since (a failed script): undefined then. */
export function checksumIfReadable(path) {
    if (path === undefined)
        return undefined;
    try {
        return fileChecksum(path);
    }
    catch {
        return undefined;
    }
}
export function fileChecksum(path) {
    return `sha256:${crypto().createHash('sha256').update(readFileSync(path)).digest('hex')}`;
}

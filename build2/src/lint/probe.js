// What lint asks of a build root. A missing or unreadable path is simply not there; a unit file or script
// that is no regular file (a FIFO would hang the read, a link to /dev/zero would be read until memory runs
// out) or is far larger than any is refused with an error naming it.
import { closeSync, constants, fstatSync, openSync, readSync, readdirSync, statSync } from 'node:fs';
import { UpgradeHookError } from '../errors.js';
/** The most lint reads of one file: unit files and scripts are a few KB. */
export const MAX_TEXT_BYTES = 1024 * 1024;
export function isFile(p) {
    try {
        return statSync(p).isFile();
    }
    catch {
        return false;
    }
}
export function isDir(p) {
    try {
        return statSync(p).isDirectory();
    }
    catch {
        return false;
    }
}
function kindOf(st) {
    if (st.isFIFO())
        return 'a FIFO';
    if (st.isCharacterDevice())
        return 'a character device';
    if (st.isBlockDevice())
        return 'a block device';
    if (st.isSocket())
        return 'a socket';
    return 'not a regular file';
}
function refuse(p, why) {
    return new UpgradeHookError('UNSAFE_PATH', `refusing to read ${p}: ${why}`, {
        hint: `ship a regular file there (or remove it from the build root), then rerun lint`,
    });
}
let devNullRdev;
function devNull() {
    devNullRdev ??= statSync('/dev/null').rdev;
    return devNullRdev;
}
/** The file's text, or '' when it cannot be read (or is a directory). Opened without blocking, read up to a bound. */
export function readText(p) {
    let fd;
    try {
        // O_NONBLOCK: a FIFO in a file's place must not hang the open
        fd = openSync(p, constants.O_RDONLY | constants.O_NONBLOCK);
    }
    catch {
        return '';
    }
    try {
        const st = fstatSync(fd);
        if (st.isDirectory())
            return '';
        // a unit linked to /dev/null is masked (systemctl mask): empty, as systemd reads it
        if (st.isCharacterDevice() && st.rdev === devNull())
            return '';
        if (!st.isFile())
            throw refuse(p, `it is ${kindOf(st)}, not a regular file`);
        const buf = Buffer.alloc(Math.min(st.size, MAX_TEXT_BYTES) + 1);
        let got = 0;
        for (let n = -1; n !== 0 && got < buf.length; got += n) {
            try {
                n = readSync(fd, buf, got, buf.length - got, null);
            }
            catch {
                return '';
            }
        }
        if (got > MAX_TEXT_BYTES)
            throw refuse(p, `it is larger than ${MAX_TEXT_BYTES} bytes, which no unit file or script is`);
        return buf.toString('utf8', 0, got);
    }
    finally {
        closeSync(fd);
    }
}
/** The directory's entries, or none when it cannot be read. */
export function listDir(dir) {
    try {
        return readdirSync(dir);
    }
    catch {
        return [];
    }
}

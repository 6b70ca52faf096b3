// The product's log file: JSON lines through pino, appended synchronously (nothing is lost when a short
// process exits or is killed), mode 0600, never through a symbolic link. Opened only when something
// worth logging happens. A log that cannot be written (full disk) never hides the real error: the tool
// says so once and goes on with the terminal only.
import { closeSync, constants, fchmodSync, fstatSync, mkdirSync, openSync, renameSync } from 'node:fs';
import { dirname } from 'node:path';
import { describeSystemError } from '../errors.js';
export const nullProductLog = { info() { }, warn() { }, error() { }, debug() { }, path: undefined };
/** Opens a log file for appending the way every log of the tool is opened: created 0600, never through a link. */
export const openLog = (path) => openSync(path, constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT | constants.O_NOFOLLOW | constants.O_NONBLOCK, 0o600);
// The documented log is 0600 and the tool's own: a file someone else owns, or linked elsewhere, is not.
export function foreignOwnership(fd) {
    const st = fstatSync(fd);
    // (a non-root caller logs where it can: tests, a packager trying a product)
    if ((process.geteuid?.() ?? 0) !== 0)
        return undefined;
    if (st.uid !== 0)
        return `was owned by uid ${st.uid}`;
    if (st.nlink > 1)
        return `had ${st.nlink} hard links`;
    return undefined;
}
export async function openProductLog(path, product, onError) {
    let fd;
    try {
        mkdirSync(dirname(path), { recursive: true, mode: 0o755 });
        fd = openLog(path);
        if (!fstatSync(fd).isFile()) {
            closeSync(fd);
            throw Object.assign(new Error('not a regular file'), { code: 'EINVAL' });
        }
        const foreign = foreignOwnership(fd);
        if (foreign) {
            // another account could read every script's output from it: that file gets nothing more
            closeSync(fd);
            const aside = `${path}.untrusted-${new Date().toISOString().replace(/[-:.]/g, '')}`;
            renameSync(path, aside);
            fd = openSync(path, constants.O_WRONLY |
                constants.O_APPEND |
                constants.O_CREAT |
                constants.O_EXCL |
                constants.O_NOFOLLOW |
                constants.O_NONBLOCK, 0o600);
            onError(`log file ${path} ${foreign}: moved aside to ${aside}; a new log readable only by root is used`);
        }
        else if (fstatSync(fd).uid === (process.geteuid?.() ?? 0)) {
            fchmodSync(fd, 0o600);
        }
    }
    catch (e) {
        const why = e.code === 'ELOOP' ? 'it is a symbolic link (refused)' : describeSystemError(e);
        onError(`cannot open log file ${path}: ${why}; logging to the terminal only`);
        return nullProductLog;
    }
    const { default: pino } = await import('pino');
    const logger = pino({ base: { product, pid: process.pid }, level: 'debug', timestamp: pino.stdTimeFunctions.isoTime }, pino.destination({ fd, sync: true }));
    let broken = false;
    const guarded = (write) => (msg, f) => {
        if (broken)
            return;
        try {
            write(msg, f ?? {});
        }
        catch (e) {
            broken = true;
            onError(`cannot write log file ${path}: ${describeSystemError(e)}; logging to the terminal only`);
        }
    };
    return {
        info: guarded((m, f) => logger.info(f, m)),
        warn: guarded((m, f) => logger.warn(f, m)),
        error: guarded((m, f) => logger.error(f, m)),
        debug: guarded((m, f) => logger.debug(f, m)),
        path,
    };
}

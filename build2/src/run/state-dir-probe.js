// The stamp writes the state file last, after every script ran: a directory it cannot write (read-only
// mount, full, wrong mode) must be found before anything is stopped, not then. A probe file is created
// and removed where the atomic writer puts its temporary file (the state file's directory).
import { closeSync, constants, openSync, unlinkSync } from 'node:fs';
import { dirname } from 'node:path';
import { UpgradeHookError, describeSystemError } from '../errors.js';
export function assertStateDirWritable(stateFile) {
    const dir = dirname(stateFile);
    const probe = `${dir}/.upgrade-hook-probe.${process.pid}`;
    try {
        closeSync(openSync(probe, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, 0o600));
        unlinkSync(probe);
    }
    catch (e) {
        throw new UpgradeHookError('STATE_IO', `cannot write the state file's directory ${dir}: ${describeSystemError(e)}; nothing was stopped or run`, {
            hint: 'the upgrade ends by writing the state file: make the directory writable (remount it read-write, free space), then rerun',
            cause: e,
        });
    }
}

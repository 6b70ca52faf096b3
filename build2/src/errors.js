// Typed errors: every failure the tool reports carries a code (stable, for scripts and tests),
// the exit status DESIGN.md assigns to it, and a one-line message that names the culprit and the fix.
export const EXIT = {
    ok: 0,
    failed: 1,
    usage: 2,
    refused: 3,
    needed: 4,
    deferred: 5,
    notConfigured: 6,
    lockBusy: 75,
    config: 78,
};
/** What each exit status means: `--help`, the man page and the README show this one table (tests compare them). */
export const EXIT_MEANING = {
    [EXIT.ok]: 'success; up to date',
    [EXIT.failed]: 'the upgrade failed (the marker says which script; rerun to resume)',
    [EXIT.usage]: 'usage error; a command that changes the system run by another user than root (without UPGRADE_HOOK_LOCK_DIR)',
    [EXIT.refused]: 'refused: downgrade or platform change; a check needs a manual fix; preflight: the new build is inhibited',
    [EXIT.needed]: 'upgrade needed (check), or not run because auto_upgrade = no (gate)',
    [EXIT.deferred]: 'upgrade needed and deferred to the dnf bridge or the next service start (check)',
    [EXIT.notConfigured]: 'not configured yet (no data version); state get: key not set',
    [EXIT.lockBusy]: 'the product lock is busy',
    [EXIT.config]: 'descriptor, state file, script or check error; lint found an error',
};
const exitFor = {
    USAGE: EXIT.usage,
    DESCRIPTOR_NOT_FOUND: EXIT.config,
    DESCRIPTOR_INVALID: EXIT.config,
    SCRIPT_INVALID: EXIT.config,
    STATE_CORRUPT: EXIT.config,
    STATE_IO: EXIT.failed,
    HISTORY_CORRUPT: EXIT.config,
    VERSION_INVALID: EXIT.config,
    BUILD_VERSION_UNAVAILABLE: EXIT.config,
    UNSAFE_PATH: EXIT.config,
    LOCK_BUSY: EXIT.lockBusy,
    LOCK_IO: EXIT.failed,
    REFUSED: EXIT.refused,
    UPGRADE_FAILED: EXIT.failed,
    STALE_SCRIPT_RUNNING: EXIT.lockBusy,
    LOCK_LOST: EXIT.failed,
    NOT_ROOT: EXIT.usage,
    INTERRUPTED: EXIT.failed,
    IO: EXIT.failed,
    BACKUP_NO_SPACE: EXIT.failed,
    BACKUP_FAILED: EXIT.failed,
    ROLLBACK_FAILED: EXIT.failed,
};
export class UpgradeHookError extends Error {
    code;
    exitStatus;
    /** What the admin should do next, printed after the message ("run: upgrade-hook run acme"). */
    hint;
    constructor(code, message, options = {}) {
        super(message, options.cause === undefined ? undefined : { cause: options.cause });
        this.name = 'UpgradeHookError';
        this.code = code;
        this.exitStatus = exitFor[code];
        this.hint = options.hint;
    }
}
export function isUpgradeHookError(e) {
    return e instanceof UpgradeHookError;
}
/** The short reason of a node system error ("ENOSPC: no space left on device") without the stack. */
export function describeSystemError(e) {
    if (e && typeof e === 'object' && 'code' in e) {
        const err = e;
        const plain = {
            ENOSPC: 'no space left on device',
            EDQUOT: 'disk quota exceeded',
            EACCES: 'permission denied',
            EPERM: 'operation not permitted',
            EROFS: 'read-only file system',
            ENOENT: 'no such file or directory',
            ELOOP: 'is a symbolic link (refused)',
            EISDIR: 'is a directory',
            ENOTDIR: 'a parent is not a directory',
            EIO: 'input/output error',
        };
        return `${err.code}: ${plain[err.code ?? ''] ?? err.message}`;
    }
    return e instanceof Error ? e.message : String(e);
}

export function gateAction(i) {
    const rerun = `upgrade-hook run ${i.product}`;
    const d = i.decision;
    if (d.kind === 'up-to-date' && i.marker?.reason === 'rolled-back')
        return { kind: 'pass', message: d.message, clearRollback: true };
    if (d.kind === 'up-to-date' || d.kind === 'not-configured')
        return { kind: 'pass', message: d.message };
    if (d.kind === 'refuse' && d.reason === 'manual-fix') {
        return {
            kind: 'refuse',
            code: 'REFUSED',
            message: `not starting: ${d.message}`,
            hint: `fix it as the check says, confirm with: upgrade-hook check ${i.product}; then start the service again${retryHint(d, i.product)}`,
        };
    }
    if (d.kind === 'refuse' && d.reason === 'rolled-back') {
        // new code must not start on the restored old data: the packages go back first
        return {
            kind: 'refuse',
            code: 'REFUSED',
            message: `not starting: ${d.message}`,
            hint: `${i.marker?.downgrade ?? 'downgrade the packages'}; then start the service again`,
        };
    }
    if (d.kind === 'refuse') {
        return {
            kind: 'refuse',
            code: 'REFUSED',
            message: `not starting: ${d.message}`,
            hint: `install the matching build, or override at your own risk: upgrade-hook run --skip-version-check ${i.product}`,
        };
    }
    if (i.holder?.phase === 'online') {
        return {
            kind: 'pass',
            message: `the upgrade running as pid ${i.holder.pid} has reached the phase with the apps up`,
        };
    }
    const m = i.marker;
    const sameBuild = m?.to === i.buildVersion;
    if (m?.state === 'deferred' && m.reason === 'online-pending' && sameBuild) {
        return { kind: 'pass-and-finish', message: `only the online phase is left (${m.detail})` };
    }
    if (m?.state === 'failed' && sameBuild && failureStands(m, i.failedScriptSumNow)) {
        return {
            kind: 'refuse',
            code: 'UPGRADE_FAILED',
            message: `not starting: the upgrade to ${i.buildVersion} failed and is not retried unattended: ${m.detail}; log: ${i.logFile}`,
            // (a rollback cut short never gets here: decide() refuses it, entry-policy.ts names the rollback)
            hint: `fix the cause, then run: ${rerun}`,
        };
    }
    if (!i.autoUpgrade)
        return { kind: 'needs-admin', message: `not starting: ${d.message}, and auto_upgrade = no` };
    return { kind: 'upgrade', message: `${d.message}; upgrading before the service starts` };
}
// Retried only when something changed that may fix it: the script (an admin's fix) or the build (the new
// package), checked by the caller. A run killed midway (a power cut) is not a failure: the gate resumes it.
function failureStands(m, sumNow) {
    if (m.reason === 'interrupted')
        return false;
    if (m.script && m.scriptSum !== undefined)
        return sumNow === m.scriptSum;
    return true;
}
/** For checks an upgrade already ran for: how to run it once more after fixing the scripts. */
export function retryHint(d, product) {
    return d.unmetChecks
        ? `; or, once a fixed script is installed, run the upgrade again: upgrade-hook run --force ${product}`
        : '';
}

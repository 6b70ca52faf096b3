// DESIGN.md §5 as a pure function: compare what is on disk with the installed build.
import { EXIT } from '../errors.js';
import { compareVersions } from '../version/index.js';
import { describeChecks } from '../checks/verdict.js';
export function decide(i) {
    const deferred = i.marker?.state === 'deferred';
    // a rollback cut short (power cut, full disk) left the data half restored: only the rollback itself may
    // touch it again, whatever the versions say, and no override lifts that
    if (i.marker?.reason === 'rollback-interrupted') {
        return {
            kind: 'refuse',
            reason: 'rollback-unfinished',
            message: `a rollback${i.marker.backup ? ` to backup ${i.marker.backup}` : ''} did not finish: the data is half restored; nothing may run on it until the rollback is rerun`,
        };
    }
    if (i.dataVersion === undefined) {
        // the rollback restored the state file with the data: without it the data version is unknown, not absent
        if (i.marker?.reason === 'rolled-back')
            return {
                kind: 'refuse',
                reason: 'state-lost',
                message: `data was rolled back (${i.marker.detail ?? 'see the marker'}), but no data version is stored: the state file is missing or lost its section; restore it from the backup`,
            };
        return { kind: 'not-configured', message: 'not configured yet (no data version stored): nothing to upgrade' };
    }
    let refusal;
    if (i.buildPlatform !== undefined && i.dataPlatform !== undefined && i.dataPlatform !== i.buildPlatform) {
        refusal = {
            reason: 'platform',
            message: `platform changed: data was upgraded on "${i.dataPlatform}", this build is for "${i.buildPlatform}"; moving data between platforms is not supported`,
        };
    }
    const order = compareVersions(i.scheme, i.dataVersion, i.buildVersion);
    if (!refusal && order > 0) {
        refusal = {
            reason: 'downgrade',
            message: `data version ${i.dataVersion} is newer than the installed build ${i.buildVersion} (a downgrade); install ${i.dataVersion} or newer`,
        };
    }
    if (refusal && !i.skipVersionCheck)
        return { kind: 'refuse', ...refusal };
    // a check that asks for a manual fix wins over any upgrade: running one on a broken setup makes it worse
    const fix = i.checks?.manualFix ?? [];
    if (fix.length > 0)
        return { kind: 'refuse', reason: 'manual-fix', message: `needs a manual fix: ${describeChecks(fix)}` };
    if (refusal) {
        return {
            kind: 'needed',
            message: `upgrade forced by --skip-version-check although ${refusal.message}`,
            overridden: refusal.message,
            deferred,
        };
    }
    // `upgrade-hook rollback` restored older data under the build it rolled back from (backup/rollback.ts)
    const rolledBack = i.marker?.reason === 'rolled-back' ? i.marker : undefined;
    if (rolledBack && order < 0 && rolledBack.to === i.buildVersion) {
        const message = `data was rolled back to ${i.dataVersion}; build ${i.buildVersion} is the one it was rolled back from: downgrade the packages${rolledBack.downgrade ? `: ${rolledBack.downgrade}` : ` to ${i.dataVersion}`}`;
        if (!i.skipVersionCheck)
            return { kind: 'refuse', reason: 'rolled-back', message };
        return {
            kind: 'needed',
            message: `upgrade forced by --skip-version-check although ${message}`,
            overridden: message,
            deferred,
        };
    }
    if (rolledBack && order === 0)
        return {
            kind: 'up-to-date',
            message: `up to date (${i.buildVersion}): rolled back, and the packages match the restored data`,
        };
    if (order < 0) {
        const from = i.adopted
            ? `assumed data version ${i.dataVersion} (installed before upgrade-hook)`
            : `data version ${i.dataVersion}`;
        return {
            kind: 'needed',
            message: `upgrade needed: ${from} is older than build ${i.buildVersion}${deferred ? `; deferred (${i.marker.reason}), it runs at the next start of the service` : ''}`,
            overridden: undefined,
            deferred,
        };
    }
    if (i.marker) {
        return {
            kind: 'needed',
            message: `upgrade needed: an earlier upgrade is pending (${i.marker.state}: ${i.marker.reason})`,
            overridden: undefined,
            deferred,
        };
    }
    if (i.buildPlatform !== undefined && i.dataPlatform === undefined) {
        return {
            kind: 'needed',
            message: `upgrade needed: no platform recorded yet (it will be recorded as ${i.buildPlatform})`,
            overridden: undefined,
            deferred,
        };
    }
    const due = i.checks?.needsUpgrade ?? [];
    if (due.length > 0) {
        const names = due.map((c) => c.name);
        // an upgrade this build already ran for the same checks ended ok, and they still ask: running it on
        // every start would loop (stop, scripts, start) without ever satisfying them
        const last = i.lastRun;
        const unmet = last?.result === 'ok' && last.to === i.buildVersion ? names.filter((n) => last.dueToChecks?.includes(n)) : [];
        if (unmet.length > 0)
            return {
                kind: 'refuse',
                reason: 'manual-fix',
                message: `needs a manual fix: upgrade run ${last.run} to ${i.buildVersion} ran for it and ended ok, yet ${describeChecks(due.filter((c) => unmet.includes(c.name)))}; the upgrade scripts do not fix what it finds`,
                unmetChecks: unmet,
            };
        return {
            kind: 'needed',
            message: `upgrade needed: ${describeChecks(due)} (data version ${i.dataVersion} is the build's)`,
            overridden: undefined,
            deferred,
            dueToChecks: names,
        };
    }
    return { kind: 'up-to-date', message: `up to date (${i.buildVersion})` };
}
/** The decision's input from what a command or the runner read: descriptor, build, state file, marker. */
export function decisionInputFor(v, skipVersionCheck) {
    return {
        checks: v.checks,
        lastRun: v.lastRun,
        scheme: v.descriptor.versionScheme,
        dataVersion: v.stored.dataVersion,
        dataPlatform: v.stored.platform,
        buildVersion: v.build.version,
        buildPlatform: v.build.platform,
        marker: v.marker,
        skipVersionCheck,
        adopted: v.stored.adopted,
    };
}
export function exitStatusOf(d) {
    switch (d.kind) {
        case 'not-configured':
            return EXIT.notConfigured;
        case 'refuse':
            return EXIT.refused;
        case 'needed':
            // Deferred is "needed" with a promise: the next start of the service runs it.
            return d.deferred ? EXIT.deferred : EXIT.needed;
        case 'up-to-date':
            return EXIT.ok;
    }
}

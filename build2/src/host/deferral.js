const NEXT_START = 'the next start of the service will run it';
export function deferralReason(facts, needs) {
    if (facts.chroot) {
        return { reason: 'chroot', detail: `running in a chroot (${facts.chrootEvidence}); ${NEXT_START}` };
    }
    if (facts.offlineUpgradeBoot) {
        return { reason: 'offline-upgrade', detail: `running in an offline system upgrade boot; ${NEXT_START}` };
    }
    if (facts.systemdOffline) {
        return {
            reason: 'systemd-offline',
            detail: `SYSTEMD_OFFLINE=1 is set, services cannot be controlled; ${NEXT_START}`,
        };
    }
    if (needs.systemdUnits && !facts.systemdRunning) {
        const where = facts.container ? ` (container: ${facts.container})` : '';
        return {
            reason: 'no-systemd',
            detail: `systemd is not running as PID 1${where}, its units cannot be controlled; ${NEXT_START}`,
        };
    }
    // The bridge runs in dnf's own process after the transaction, outside rpm's network-less scriptlet
    // namespace: it fixes "no network", and only that, so it comes right before it.
    if (facts.bridge !== undefined) {
        return { reason: 'bridge', detail: `${facts.bridge} will run the upgrade right after this transaction` };
    }
    if (needs.network && facts.networkIsolated) {
        return {
            reason: 'no-network',
            detail: `the package scriptlet has no network (only lo), the services' readiness cannot be checked; ${NEXT_START}`,
        };
    }
    return undefined;
}
// Whether this host can start and stop the product's systemd units at all (run, the bridge, the gate, under
// the lock). In a chroot `systemctl start` prints "Running in chroot, ignoring command" and exits 0, and
// without systemd as PID 1 it fails: an upgrade would run its offline scripts and then wait out every
// ready_timeout for services that never start.
export function whyUnitsCannotBeControlled(d, facts) {
    const units = d.services.filter((s) => s.unit !== undefined).map((s) => s.unit);
    if (units.length === 0)
        return undefined;
    const what = `the services ${units.join(', ')} are systemd units`;
    if (facts.chroot)
        return {
            reason: 'chroot',
            detail: `running in a chroot (${facts.chrootEvidence}), where systemctl ignores start and stop, and ${what}`,
        };
    if (facts.systemdOffline)
        return { reason: 'systemd-offline', detail: `SYSTEMD_OFFLINE=1 is set and ${what}` };
    if (!facts.systemdRunning)
        return { reason: 'no-systemd', detail: `systemd is not running as PID 1 and ${what}` };
    return undefined;
}

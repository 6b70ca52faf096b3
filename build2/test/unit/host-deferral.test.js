// deferralReason: which fact defers an upgrade, in which order, and only when the product needs what is missing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { deferralReason } from '../../src/host/deferral.js';
const realHost = {
    chroot: false,
    chrootEvidence: '/ is the root of PID 1',
    systemdRunning: true,
    systemdOffline: false,
    offlineUpgradeBoot: false,
    networkIsolated: false,
    container: undefined,
    bridge: undefined,
};
const both = { systemdUnits: true, network: true };
const neither = { systemdUnits: false, network: false };
const cases = [
    ['a real host runs it now', {}, both, undefined],
    ['chroot', { chroot: true }, neither, 'chroot'],
    [
        'chroot wins over everything',
        {
            chroot: true,
            offlineUpgradeBoot: true,
            systemdOffline: true,
            systemdRunning: false,
            networkIsolated: true,
            bridge: 'dnf4',
        },
        both,
        'chroot',
    ],
    ['offline upgrade boot', { offlineUpgradeBoot: true }, neither, 'offline-upgrade'],
    [
        'offline upgrade before SYSTEMD_OFFLINE',
        { offlineUpgradeBoot: true, systemdOffline: true },
        both,
        'offline-upgrade',
    ],
    ['SYSTEMD_OFFLINE=1 even without units', { systemdOffline: true }, neither, 'systemd-offline'],
    ['SYSTEMD_OFFLINE before no-systemd', { systemdOffline: true, systemdRunning: false }, both, 'systemd-offline'],
    ['no systemd, product has units', { systemdRunning: false }, both, 'no-systemd'],
    ['no systemd, product uses start/stop commands', { systemdRunning: false }, neither, undefined],
    ['no systemd before no network', { systemdRunning: false, networkIsolated: true }, both, 'no-systemd'],
    ['isolated network, TCP readiness', { networkIsolated: true }, both, 'no-network'],
    ['isolated network, no TCP readiness', { networkIsolated: true }, { systemdUnits: true, network: false }, undefined],
    ['the bridge, which has the network, before no network', { networkIsolated: true, bridge: 'dnf5' }, both, 'bridge'],
    [
        'no systemd before the bridge (the bridge cannot start units either)',
        { systemdRunning: false, bridge: 'dnf4' },
        both,
        'no-systemd',
    ],
    ['dnf4 bridge', { bridge: 'dnf4' }, both, 'bridge'],
    ['dnf5 bridge, nothing needed', { bridge: 'dnf5' }, neither, 'bridge'],
    ['a container with systemd runs it now', { container: 'systemd-nspawn' }, both, undefined],
];
for (const [name, facts, needs, expected] of cases) {
    test(`deferralReason: ${name}`, () => {
        const result = deferralReason({ ...realHost, ...facts }, needs);
        assert.equal(result?.reason, expected);
    });
}
test('deferralReason: the detail is one sentence naming the evidence and what happens next', () => {
    const chroot = deferralReason({ ...realHost, chroot: true, chrootEvidence: '/ differs from /proc/1/root' }, neither);
    assert.equal(chroot?.detail, 'running in a chroot (/ differs from /proc/1/root); the next start of the service will run it');
    const container = deferralReason({ ...realHost, systemdRunning: false, container: 'docker' }, both);
    assert.match(container?.detail ?? '', /^systemd is not running as PID 1 \(container: docker\)/);
    const bridge = deferralReason({ ...realHost, bridge: 'dnf5' }, both);
    assert.equal(bridge?.detail, 'dnf5 will run the upgrade right after this transaction');
    for (const d of [chroot, container, bridge])
        assert.doesNotMatch(d?.detail ?? '', /\n/);
});

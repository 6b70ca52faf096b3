// The gate's policy as a table: what every start of a product's unit does, for each state on disk.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { gateAction } from '../../src/plan/gate-policy.js';
const needed = {
    kind: 'needed',
    message: 'upgrade needed: data version 1.0-1 is older than build 1.1-1',
    overridden: undefined,
    deferred: false,
};
const base = {
    product: 'acme',
    logFile: '/var/log/acme/upgrade.log',
    decision: needed,
    marker: undefined,
    buildVersion: '1.1-1',
    autoUpgrade: true,
    holder: undefined,
    failedScriptSumNow: undefined,
};
const failed = (extra) => ({
    state: 'failed',
    reason: 'script-failed',
    detail: '3100_x exited with status 1',
    to: '1.1-1',
    script: '3100_x',
    scriptSum: 'aaa',
    ...extra,
});
const rows = [
    ['up to date', { decision: { kind: 'up-to-date', message: 'up to date (1.1-1)' } }, 'pass'],
    ['not configured', { decision: { kind: 'not-configured', message: 'not configured yet' } }, 'pass'],
    [
        'downgrade',
        { decision: { kind: 'refuse', reason: 'downgrade', message: 'data version 2.0-1 is newer' } },
        'refuse',
    ],
    [
        'a check needs a manual fix',
        { decision: { kind: 'refuse', reason: 'manual-fix', message: 'needs a manual fix: check certs: expired' } },
        'refuse',
    ],
    [
        'a check needs a manual fix, auto_upgrade = no',
        { autoUpgrade: false, decision: { kind: 'refuse', reason: 'manual-fix', message: 'm' } },
        'refuse',
    ],
    [
        'a check needs a manual fix while a holder starts the apps: refuse',
        { holder: { phase: 'online', pid: 7 }, decision: { kind: 'refuse', reason: 'manual-fix', message: 'm' } },
        'refuse',
    ],
    ['needed, nobody runs it', {}, 'upgrade'],
    ['needed, auto_upgrade = no', { autoUpgrade: false }, 'needs-admin'],
    [
        'a holder in the offline phase: wait for it (upgrade after it)',
        { holder: { phase: 'offline', pid: 7 } },
        'upgrade',
    ],
    ['a holder in the backend phase', { holder: { phase: 'backend', pid: 7 } }, 'upgrade'],
    ['a holder starting the apps', { holder: { phase: 'online', pid: 7 } }, 'pass'],
    [
        'only the online phase left',
        { marker: { state: 'deferred', reason: 'online-pending', detail: 'd', to: '1.1-1' } },
        'pass-and-finish',
    ],
    [
        'online phase left for another build',
        { marker: { state: 'deferred', reason: 'online-pending', detail: 'd', to: '1.0-9' } },
        'upgrade',
    ],
    ['failed script unchanged', { marker: failed({}), failedScriptSumNow: 'aaa' }, 'refuse'],
    ['failed script fixed by the admin', { marker: failed({}), failedScriptSumNow: 'bbb' }, 'upgrade'],
    ['failed script removed', { marker: failed({}), failedScriptSumNow: undefined }, 'upgrade'],
    [
        'failed for an older build: the new package may fix it',
        { marker: failed({ to: '1.0-9' }), failedScriptSumNow: 'aaa' },
        'upgrade',
    ],
    [
        'a service failed, same build',
        { marker: { state: 'failed', reason: 'service-failed', detail: 'db did not become ready', to: '1.1-1' } },
        'refuse',
    ],
    [
        'killed midway (a power cut): resume',
        { marker: { state: 'failed', reason: 'interrupted', detail: 'd', to: '1.1-1' } },
        'upgrade',
    ],
    [
        'deferred to the next start',
        { marker: { state: 'deferred', reason: 'chroot', detail: 'd', to: '1.1-1' } },
        'upgrade',
    ],
    [
        'a standing failure still refuses with auto_upgrade = no',
        { autoUpgrade: false, marker: failed({}), failedScriptSumNow: 'aaa' },
        'refuse',
    ],
];
for (const [name, change, kind] of rows) {
    test(`gate: ${name}`, () => {
        assert.equal(gateAction({ ...base, ...change }).kind, kind);
    });
}
test('a refused standing failure names the failure, the log and the command to run', () => {
    const a = gateAction({ ...base, marker: failed({}), failedScriptSumNow: 'aaa' });
    assert.equal(a.kind, 'refuse');
    if (a.kind !== 'refuse')
        return;
    assert.equal(a.code, 'UPGRADE_FAILED');
    assert.match(a.message, /not retried unattended: 3100_x exited with status 1; log: \/var\/log\/acme\/upgrade\.log/);
    assert.match(a.hint, /upgrade-hook run acme/);
});
test("gate: a manual fix refuses with the check's message and how to confirm the fix", () => {
    const a = gateAction({
        ...base,
        decision: { kind: 'refuse', reason: 'manual-fix', message: 'needs a manual fix: check certs: CA expired' },
    });
    assert.equal(a.kind, 'refuse');
    if (a.kind !== 'refuse')
        return;
    assert.equal(a.code, 'REFUSED');
    assert.equal(a.message, 'not starting: needs a manual fix: check certs: CA expired');
    assert.equal(a.hint, 'fix it as the check says, confirm with: upgrade-hook check acme; then start the service again');
});
// After `upgrade-hook rollback` (src/backup/rollback.ts): decide() refuses the build rolled back from on
// the restored data; once the packages are downgraded the data matches the build and the marker goes.
const rolledBack = {
    state: 'refused',
    reason: 'rolled-back',
    detail: 'data rolled back to 1.0-1',
    to: '1.1-1',
    downgrade: 'dnf downgrade acme-server-1.0-1',
};
test('gate: rolled back, packages not downgraded yet: refuse with the downgrade command', () => {
    const a = gateAction({
        ...base,
        marker: rolledBack,
        decision: { kind: 'refuse', reason: 'rolled-back', message: 'data was rolled back to 1.0-1' },
    });
    assert.equal(a.kind, 'refuse');
    if (a.kind !== 'refuse')
        return;
    assert.equal(a.code, 'REFUSED');
    assert.match(a.hint, /^dnf downgrade acme-server-1\.0-1; then start the service again$/);
});
test('gate: rolled back and the packages downgraded: pass and clear the rollback marker', () => {
    const a = gateAction({
        ...base,
        buildVersion: '1.0-1',
        marker: rolledBack,
        decision: { kind: 'up-to-date', message: 'up to date (1.0-1)' },
    });
    assert.deepEqual(a, { kind: 'pass', message: 'up to date (1.0-1)', clearRollback: true });
});
test('gate: an up-to-date start with another marker clears nothing', () => {
    const a = gateAction({ ...base, decision: { kind: 'up-to-date', message: 'up to date (1.1-1)' } });
    assert.deepEqual(a, { kind: 'pass', message: 'up to date (1.1-1)' });
});

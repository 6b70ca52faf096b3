// DESIGN §5 as a table: every row of the decision matrix, with its exit status.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decide, exitStatusOf } from '../../src/plan/decide.js';
import { combineChecks } from '../../src/checks/verdict.js';
const base = {
    scheme: 'rpm',
    dataVersion: '1.0-1',
    dataPlatform: 'el9',
    buildVersion: '1.0-1',
    buildPlatform: 'el9',
    marker: undefined,
    skipVersionCheck: false,
    adopted: false,
};
const said = (verdict) => ({
    name: `c-${verdict}`,
    path: `/c/${verdict}`,
    verdict,
    message: `says ${verdict}`,
    output: [],
});
const checks = (...vs) => combineChecks(vs.map(said));
const rows = [
    ['no data version: not configured', { dataVersion: undefined }, 'not-configured', 6],
    [
        'no data version, even with a marker',
        { dataVersion: undefined, marker: { state: 'deferred', reason: 'x' } },
        'not-configured',
        6,
    ],
    ['platform differs', { dataPlatform: 'el8' }, 'refuse', 3],
    // a rollback cut short outranks everything: the versions, an override, "not configured"
    ...[
        ['a rollback cut short, data older', { dataVersion: '0.9-1' }],
        ['a rollback cut short, the packages already downgraded', {}],
        ['a rollback cut short, skip-version-check', { dataVersion: '0.9-1', skipVersionCheck: true }],
        ['a rollback cut short, the state file gone', { dataVersion: undefined }],
    ].map(([name, change]) => [
        name,
        { ...change, marker: { state: 'failed', reason: 'rollback-interrupted', backup: 'B' } },
        'refuse',
        3,
    ]),
    [
        'rolled back, the state file gone: refused, never "not configured"',
        { dataVersion: undefined, marker: { state: 'refused', reason: 'rolled-back', to: '1.1-1' } },
        'refuse',
        3,
    ],
    ['platform differs and data older: still refused', { dataPlatform: 'el8', dataVersion: '0.9-1' }, 'refuse', 3],
    ['data newer than build', { dataVersion: '1.0-2' }, 'refuse', 3],
    ['data newer, skip-version-check', { dataVersion: '1.0-2', skipVersionCheck: true }, 'needed', 4],
    ['platform differs, skip-version-check', { dataPlatform: 'el8', skipVersionCheck: true }, 'needed', 4],
    ['data older', { dataVersion: '0.9-1' }, 'needed', 4],
    ['data older by tilde', { dataVersion: '1.0~rc1-1', buildVersion: '1.0-1' }, 'needed', 4],
    ['equal with a failed marker', { marker: { state: 'failed', reason: 'script-failed' } }, 'needed', 4],
    ['equal with a deferred marker', { marker: { state: 'deferred', reason: 'chroot' } }, 'needed', 5],
    ['data older, deferred', { dataVersion: '0.9-1', marker: { state: 'deferred', reason: 'bridge' } }, 'needed', 5],
    ['no platform stored', { dataPlatform: undefined }, 'needed', 4],
    ['no platform in the build either', { dataPlatform: undefined, buildPlatform: undefined }, 'up-to-date', 0],
    ['equal, no marker', {}, 'up-to-date', 0],
    ['semver older', { scheme: 'semver', dataVersion: '1.2.3', buildVersion: '1.10.0' }, 'needed', 4],
    ['checks all ok, equal', { checks: checks('ok', 'ok') }, 'up-to-date', 0],
    ['a check needs an upgrade, equal versions', { checks: checks('ok', 'needs-upgrade') }, 'needed', 4],
    [
        'a check needs an upgrade, deferred marker',
        { checks: checks('needs-upgrade'), marker: { state: 'deferred', reason: 'chroot' } },
        'needed',
        5,
    ],
    ['a check needs a manual fix, equal', { checks: checks('manual-fix') }, 'refuse', 3],
    [
        'a check still needs an upgrade after a run for it to this build ended ok: manual fix, no loop',
        {
            checks: checks('needs-upgrade'),
            lastRun: { run: 'r1', to: '1.0-1', result: 'ok', dueToChecks: ['c-needs-upgrade'] },
        },
        'refuse',
        3,
    ],
    [
        'the run for the check failed: the upgrade is due again',
        {
            checks: checks('needs-upgrade'),
            lastRun: { run: 'r1', to: '1.0-1', result: 'failed', dueToChecks: ['c-needs-upgrade'] },
        },
        'needed',
        4,
    ],
    [
        'the last ok run was for another build: due',
        {
            checks: checks('needs-upgrade'),
            lastRun: { run: 'r1', to: '0.9-1', result: 'ok', dueToChecks: ['c-needs-upgrade'] },
        },
        'needed',
        4,
    ],
    [
        'the last ok run was due to versions, not this check: due',
        { checks: checks('needs-upgrade'), lastRun: { run: 'r1', to: '1.0-1', result: 'ok', dueToChecks: undefined } },
        'needed',
        4,
    ],
    [
        'a manual fix wins over an upgrade due',
        { checks: checks('needs-upgrade', 'manual-fix'), dataVersion: '0.9-1' },
        'refuse',
        3,
    ],
    [
        'a manual fix wins over a pending marker',
        { checks: checks('manual-fix'), marker: { state: 'failed', reason: 'script-failed' } },
        'refuse',
        3,
    ],
    [
        'a manual fix is not overridden by skip-version-check',
        { checks: checks('manual-fix'), dataVersion: '1.0-2', skipVersionCheck: true },
        'refuse',
        3,
    ],
    [
        'not configured: checks do not matter',
        { dataVersion: undefined, checks: checks('manual-fix') },
        'not-configured',
        6,
    ],
    ['downgrade refused before any check', { dataVersion: '1.0-2', checks: checks('manual-fix') }, 'refuse', 3],
    ['semver prerelease is older', { scheme: 'semver', dataVersion: '2.0.0-rc.1', buildVersion: '2.0.0' }, 'needed', 4],
];
for (const [name, change, kind, exit] of rows) {
    test(`decide: ${name}`, () => {
        const d = decide({ ...base, ...change });
        assert.equal(d.kind, kind, d.message);
        assert.equal(exitStatusOf(d), exit);
    });
}
test('a forced refusal says what it overrides', () => {
    const d = decide({ ...base, dataVersion: '2.0-1', skipVersionCheck: true });
    assert.equal(d.kind, 'needed');
    assert.match(d.message, /forced by --skip-version-check although data version 2\.0-1 is newer/);
});
test("a check's verdict is quoted with its name", () => {
    const fix = decide({ ...base, checks: checks('manual-fix') });
    assert.equal(fix.kind === 'refuse' && fix.reason, 'manual-fix');
    assert.equal(fix.message, 'needs a manual fix: check c-manual-fix: says manual-fix');
    const due = decide({ ...base, checks: checks('needs-upgrade') });
    assert.equal(due.message, "upgrade needed: check c-needs-upgrade: says needs-upgrade (data version 1.0-1 is the build's)");
    const down = decide({ ...base, dataVersion: '1.0-2', checks: checks('manual-fix') });
    assert.equal(down.kind === 'refuse' && down.reason, 'downgrade');
});
test('a check an upgrade did not satisfy is named, with the run, and may be retried with run --force', () => {
    const d = decide({
        ...base,
        checks: checks('needs-upgrade', 'ok'),
        lastRun: { run: '20261127T1-1', to: '1.0-1', result: 'ok', dueToChecks: ['c-needs-upgrade'] },
    });
    assert.equal(d.kind === 'refuse' && d.reason, 'manual-fix');
    assert.deepEqual(d.kind === 'refuse' && d.unmetChecks, ['c-needs-upgrade']);
    assert.equal(d.message, 'needs a manual fix: upgrade run 20261127T1-1 to 1.0-1 ran for it and ended ok, yet check c-needs-upgrade: says needs-upgrade; the upgrade scripts do not fix what it finds');
    const due = decide({ ...base, checks: checks('needs-upgrade') });
    assert.deepEqual(due.kind === 'needed' && due.dueToChecks, ['c-needs-upgrade']);
});

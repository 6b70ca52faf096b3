// Preflight's decisions as a table (src/plan/preflight-policy.ts): which facts inhibit, which only warn, and
// what a waiver does (holds until its last day, then inhibits again).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyWaivers, inhibited, preflightFindings } from '../../src/plan/preflight-policy.js';
const base = {
    product: 'acme',
    scheme: 'rpm',
    dataVersion: '1.1',
    dataPlatform: 'el9',
    newVersion: '1.2',
    newPlatform: 'el9',
    minDataVersion: undefined,
    marker: undefined,
    rolledBackBuilds: [],
    backupProblem: undefined,
    manualFixChecks: [],
    changedOnceScripts: [],
    scriptProblems: [],
    autoUpgrade: true,
};
const keys = (x) => preflightFindings({ ...base, ...x }).map((f) => `${f.inhibitor ? '!' : '~'}${f.key}`);
const table = [
    ['a plain upgrade', {}, []],
    [
        'not configured: nothing to judge',
        { dataVersion: undefined, marker: { state: 'failed', reason: 'x' } },
        ['~not-configured'],
    ],
    ['the same build again (reinstall)', { newVersion: '1.1' }, []],
    ['older than the data', { newVersion: '1.0' }, ['!downgrade']],
    ['another platform', { newPlatform: 'el10' }, ['!platform']],
    ['data older than min_data_version', { minDataVersion: '1.1.5' }, ['!min-data-version']],
    ['data exactly min_data_version', { minDataVersion: '1.1' }, []],
    ['a failed upgrade', { marker: { state: 'failed', reason: 'script-failed', to: '1.2' } }, ['!failed-upgrade']],
    ['a rollback cut short', { marker: { state: 'failed', reason: 'rollback-interrupted' } }, ['!rollback-unfinished']],
    ['a refusal', { marker: { state: 'refused', reason: 'manual-fix' } }, ['!refused']],
    ['a deferred upgrade', { marker: { state: 'deferred', reason: 'bridge' } }, ['~deferred']],
    [
        'the build a rollback left (record)',
        { rolledBackBuilds: [{ build: '1.2', at: '2026-12-01T00:00:00Z', backup: 'b' }] },
        ['!rolled-back'],
    ],
    [
        'a newer build than the rolled-back one',
        { newVersion: '1.3', rolledBackBuilds: [{ build: '1.2', at: '2026-12-01T00:00:00Z', backup: 'b' }] },
        [],
    ],
    [
        'the build a rollback left (marker)',
        { marker: { state: 'refused', reason: 'rolled-back', to: '1.2' } },
        ['!rolled-back'],
    ],
    [
        'the downgrade that completes a rollback',
        { newVersion: '1.1', marker: { state: 'refused', reason: 'rolled-back', to: '1.2' } },
        ['~rollback-pending'],
    ],
    ['no room for the backup', { backupProblem: 'not enough space' }, ['!backup-space']],
    ['a check needs a manual fix', { manualFixChecks: [{ name: 'db', message: 'broken' }] }, ['!check:db']],
    ['a once-script changed', { changedOnceScripts: ['0010_a'] }, ['!once-changed:0010_a']],
    ['scripts break the rules', { scriptProblems: [{ path: '/x', why: 'y' }] }, ['!scripts']],
    ['auto_upgrade = no', { autoUpgrade: false }, ['~auto-upgrade-off']],
];
for (const [name, facts, want] of table)
    test(`preflight: ${name}`, () => assert.deepEqual(keys(facts), want));
test('a waiver holds through its last day, then inhibits again; check:* waives every check', () => {
    const findings = preflightFindings({
        ...base,
        minDataVersion: '1.1.5',
        manualFixChecks: [
            { name: 'a', message: 'x' },
            { name: 'b', message: 'y' },
        ],
    });
    const waivers = [
        { key: 'min-data-version', reason: 'tested', expires: '2026-12-07', file: 'w.conf' },
        { key: 'check:*', reason: 'known', expires: null, file: 'w.conf' },
    ];
    const onTheDay = applyWaivers(findings, waivers, '2026-12-07');
    assert.equal(inhibited(onTheDay), false);
    assert.ok(onTheDay.every((f) => f.waiver && !f.waiver.expired));
    const after = applyWaivers(findings, waivers, '2026-12-08');
    assert.equal(inhibited(after), true);
    assert.deepEqual(after.filter((f) => f.inhibitor).map((f) => [f.key, f.waiver?.expired]), [['min-data-version', true]]);
});
test('a waiver of another key changes nothing', () => {
    const findings = preflightFindings({ ...base, newVersion: '1.0' });
    const out = applyWaivers(findings, [{ key: 'min-data-version', reason: 'r', expires: null, file: 'w' }], '2026-12-07');
    assert.deepEqual(out, findings);
});

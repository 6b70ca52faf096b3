// The checks' exit protocol as a table: what each way a check can end means for the start.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { combineChecks, interpretCheck } from '../../src/checks/verdict.js';
const end = (e) => ({
    exitCode: 0,
    signal: null,
    timedOut: false,
    timeoutSec: 60,
    spawnError: undefined,
    stdout: [],
    stderr: [],
    ...e,
});
const rows = [
    ['0: ok, its line', { stdout: ['schema current'] }, 'ok', 'schema current'],
    ['0 without output', {}, 'ok', 'ok'],
    [
        '4: needs upgrade, first line of stdout',
        { exitCode: 4, stdout: ['', '  index too old  ', 'more'] },
        'needs-upgrade',
        'index too old',
    ],
    [
        '4: message from stderr when stdout is empty',
        { exitCode: 4, stderr: ['from stderr'] },
        'needs-upgrade',
        'from stderr',
    ],
    ['4 without output', { exitCode: 4 }, 'needs-upgrade', 'needs an upgrade'],
    ['3: manual fix', { exitCode: 3, stdout: ['CA expired: renew it'] }, 'manual-fix', 'CA expired: renew it'],
    ['3 without output', { exitCode: 3 }, 'manual-fix', 'needs a manual fix (the check said no more)'],
    [
        '1: the check failed',
        { exitCode: 1, stdout: ['Traceback'] },
        'manual-fix',
        'the check failed with exit status 1: Traceback',
    ],
    ['2: the check failed, no output', { exitCode: 2 }, 'manual-fix', 'the check failed with exit status 2'],
    [
        '5 (deferred, from upgrade-hook check) is not a verdict',
        { exitCode: 5 },
        'manual-fix',
        'the check failed with exit status 5',
    ],
    ['killed by a signal', { exitCode: null, signal: 'SIGKILL' }, 'manual-fix', 'the check was killed by SIGKILL'],
    [
        'timed out (even if it printed ok first)',
        { exitCode: null, signal: 'SIGTERM', timedOut: true, timeoutSec: 7, stdout: ['ok so far'] },
        'manual-fix',
        'the check did not answer within 7 s (killed)',
    ],
    [
        'could not start',
        { exitCode: null, spawnError: 'spawn EACCES' },
        'manual-fix',
        'the check could not be started: spawn EACCES',
    ],
];
for (const [name, e, verdict, message] of rows) {
    test(`check verdict: ${name}`, () => {
        const r = interpretCheck('c', '/checks/c', end(e));
        assert.equal(r.verdict, verdict);
        assert.equal(r.message, message);
    });
}
test('a failed check keeps the lines after its first for the admin', () => {
    const r = interpretCheck('c', '/checks/c', end({ exitCode: 1, stdout: ['Traceback', '  File x'], stderr: ['KeyError: db'] }));
    assert.deepEqual(r.output, ['File x', 'KeyError: db']);
});
test('combined: which checks ask for an upgrade, which for a fix', () => {
    const v = combineChecks([
        interpretCheck('a', '/a', end({})),
        interpretCheck('b', '/b', end({ exitCode: 4 })),
        interpretCheck('c', '/c', end({ exitCode: 3 })),
    ]);
    assert.deepEqual(v.needsUpgrade.map((r) => r.name), ['b']);
    assert.deepEqual(v.manualFix.map((r) => r.name), ['c']);
    assert.equal(v.results.length, 3);
});

// Which records `history` accepts, as a table: a known kind with each field the view reads present and of its
// type passes (optional ones may be missing); anything else is named (the command adds the file and line).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { recordProblem } from '../../src/run/history-view.js';
const at = '2026-12-07T09:00:00.000Z';
const start = { t: 'run-start', run: 'r1', at, from: '1.0', to: '2.0', pid: 1 };
const end = {
    t: 'script-end',
    run: 'r1',
    at,
    script: '0010_a',
    kind: 'once',
    phase: 'offline',
    sum: 's',
    result: 'ok',
    exit: 0,
    signal: null,
    ms: 5,
};
const table = [
    ['a run-start as written', start, undefined],
    ['a run-start of an old history (no by, user, only)', { ...start }, undefined],
    ['a run-start with by and only', { ...start, by: 'only', only: ['0010_a'], user: 'root' }, undefined],
    ['a run-start without from (tolerated)', { ...start, from: undefined }, undefined],
    ['a run-start with at a number', { ...start, at: 5 }, 'its "run-start" record\'s "at" is 5, not a string'],
    ['a run-start without run', { ...start, run: undefined }, 'its "run-start" record has no "run"'],
    [
        'a run-start with only not a list of names',
        { ...start, only: [1] },
        'its "run-start" record\'s "only" is [1], not a string[]',
    ],
    ['a script-end as written', end, undefined],
    ['a script-end killed by a signal', { ...end, exit: null, signal: 'SIGKILL' }, undefined],
    ['a script-end with ms a string', { ...end, ms: 'fast' }, 'its "script-end" record\'s "ms" is "fast", not a number'],
    [
        'a run-end with reason an object',
        { t: 'run-end', run: 'r1', at, result: 'failed', reason: { a: 1 } },
        'its "run-end" record\'s "reason" is {"a":1}, not a string',
    ],
    [
        'a baseline without version',
        { t: 'baseline', run: 'r1', at, script: 's', sum: 's' },
        'its "baseline" record has no "version"',
    ],
];
for (const [what, record, problem] of table)
    test(`history record: ${what}`, () => {
        const r = JSON.parse(JSON.stringify(record));
        assert.equal(recordProblem(r), problem);
    });

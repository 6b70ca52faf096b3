// Resuming (runner in memory, runner-world.ts): a rerun after a failure or a kill skips the once-scripts
// done and the always-scripts this attempt finished, and starts at the step that did not finish.
import assert from 'node:assert/strict';
import { afterEach, test } from 'node:test';
import { descriptor, script, service, World } from './runner-world.js';
let w;
afterEach(() => w.cleanup());
const product = () => descriptor([service('db', 'backend'), service('web', 'app')]);
const steps = () => [
    script('once', '1000_schema'),
    script('always', '1100_fixperms'),
    script('once', '1200_data'),
    script('once', '3000_reindex'),
];
test('a rerun after a failed script starts at it, skipping what the failed attempt finished', async () => {
    w = new World(product());
    w.scripts.set('1200_data', { exit: 1 });
    const first = await w.execute(w.plan(steps()), 'run-1');
    assert.equal(first.kind, 'failed');
    w.scripts.delete('1200_data');
    w.calls.length = 0;
    const plan = w.plan(steps());
    assert.deepEqual(plan.steps.map((s) => `${s.script.name} ${s.action}`), ['1000_schema skip', '1100_fixperms skip', '1200_data run', '3000_reindex run']);
    assert.deepEqual(await w.execute(plan, 'run-2'), { kind: 'done' });
    assert.deepEqual(w.calls.filter((c) => c.startsWith('run ')), ['run 1200_data [offline] up=-', 'run 3000_reindex [backend] up=db']);
});
test('a rerun after a run killed during a script runs that script again', async () => {
    w = new World(product());
    // the records a run killed while 1100_fixperms ran leaves: a start record and no end
    w.records.history.list.push({ t: 'run-start', run: 'run-1', at: 'then', from: '1.0', to: '2.0', pid: 42 }, {
        t: 'script-start',
        run: 'run-1',
        at: 'then',
        script: '1000_schema',
        kind: 'once',
        phase: 'offline',
        sum: 'sum:/s/once/1000_schema',
    }, {
        t: 'script-end',
        run: 'run-1',
        at: 'then',
        script: '1000_schema',
        kind: 'once',
        phase: 'offline',
        sum: 'sum:/s/once/1000_schema',
        result: 'ok',
        exit: 0,
        signal: null,
        ms: 5,
    }, {
        t: 'script-start',
        run: 'run-1',
        at: 'then',
        script: '1100_fixperms',
        kind: 'always',
        phase: 'offline',
        sum: 'sum:/s/always/1100_fixperms',
    });
    assert.equal(w.records.history.summary().interrupted?.script, '1100_fixperms');
    await w.execute(w.plan(steps()), 'run-2');
    assert.deepEqual(w.calls.filter((c) => c.startsWith('run ')), ['run 1100_fixperms [offline] up=-', 'run 1200_data [offline] up=-', 'run 3000_reindex [backend] up=db']);
});
test('after a successful run, once-scripts are done and only always-scripts run for the next build', async () => {
    w = new World(product());
    assert.deepEqual(await w.execute(w.plan(steps()), 'run-1'), { kind: 'done' });
    const next = w.records.history.summary();
    assert.deepEqual([...next.onceDone.keys()].sort(), ['1000_schema', '1200_data', '3000_reindex']);
    assert.equal(next.lastRun?.result, 'ok');
});

// After a failure (runner in memory, runner-world.ts): what runs, what the cleanups are told, which
// services stay down, what the outcome and the history say.
import assert from 'node:assert/strict';
import { afterEach, test } from 'node:test';
import { descriptor, script, service, World } from './runner-world.js';
let w;
afterEach(() => w.cleanup());
const product = () => descriptor([service('db', 'backend'), service('web', 'app')]);
const steps = () => [
    script('once', '1000_schema'),
    script('once', '1100_data'),
    script('once', '3000_reindex'),
    script('cleanup', '0001_restore_ds'),
];
test('a failed offline script stops the run; the cleanups run with RESULT=failed and the services stay down', async () => {
    w = new World(product());
    w.scripts.set('1000_schema', { exit: 3, print: ['ALTER TABLE failed', 'rolling back'] });
    const outcome = await w.execute(w.plan(steps()));
    assert.equal(outcome.kind, 'failed');
    assert.ok(outcome.kind === 'failed');
    assert.deepEqual(outcome.failure, {
        step: '1000_schema',
        reason: 'exited with status 3',
        resumable: true,
        hint: undefined,
        lastOutput: ['ALTER TABLE failed', 'rolling back'],
    });
    assert.deepEqual(w.calls, [
        'stop web',
        'stop db',
        'run 1000_schema [offline] up=-',
        'run 0001_restore_ds [cleanup] up=-',
    ]);
    assert.equal(w.envs.get('0001_restore_ds').UPGRADE_HOOK_RESULT, 'failed');
    assert.equal(w.up.size, 0, 'new code must not start on old data: the gate keeps the apps back');
    assert.deepEqual(w.ends(), ['1000_schema failed', '0001_restore_ds ok']);
});
test('after a successful run the cleanups run with RESULT=success, before the services start again', async () => {
    w = new World(product());
    const outcome = await w.execute(w.plan([script('once', '1000_schema'), script('cleanup', '0001_restore_ds')]));
    assert.deepEqual(outcome, { kind: 'done' });
    assert.deepEqual(w.calls, [
        'stop web',
        'stop db',
        'run 1000_schema [offline] up=-',
        'run 0001_restore_ds [cleanup] up=-',
        'start db',
        'start web',
    ]);
    assert.equal(w.envs.get('0001_restore_ds').UPGRADE_HOOK_RESULT, 'success');
});
test('a failing cleanup fails a run that had succeeded', async () => {
    w = new World(product());
    w.scripts.set('0001_restore_ds', { exit: 1 });
    const outcome = await w.execute(w.plan([script('once', '1000_schema'), script('cleanup', '0001_restore_ds')]));
    assert.ok(outcome.kind === 'failed');
    assert.equal(outcome.failure.step, '0001_restore_ds');
    assert.ok(!w.calls.includes('start db'), 'a failed run starts nothing');
});
test('the first failure is reported, not a later cleanup failure', async () => {
    w = new World(product());
    w.scripts.set('1100_data', { exit: 2 });
    w.scripts.set('0001_restore_ds', { exit: 1 });
    const outcome = await w.execute(w.plan(steps()));
    assert.ok(outcome.kind === 'failed');
    assert.equal(outcome.failure.step, '1100_data');
    assert.deepEqual(w.ends(), ['1000_schema ok', '1100_data failed', '0001_restore_ds failed']);
});
test('a backend that does not start fails the run as a service failure (not resumable); cleanups still run', async () => {
    w = new World(product());
    w.failingStart.add('db');
    const outcome = await w.execute(w.plan(steps()));
    assert.ok(outcome.kind === 'failed');
    assert.equal(outcome.failure.step, 'services');
    assert.equal(outcome.failure.resumable, false);
    assert.match(outcome.failure.reason, /cannot start db \(start command "start db"\): exited 1: db: cannot bind/);
    assert.ok(!w.calls.some((c) => c.startsWith('run 3000')), 'the backend phase did not run');
    assert.equal(w.envs.get('0001_restore_ds').UPGRADE_HOOK_RESULT, 'failed');
});
test('a backend that never becomes ready fails after its ready_timeout, on the fake clock', async () => {
    w = new World(descriptor([service('db', 'backend', 120), service('web', 'app')]));
    w.neverReady.add('db');
    const started = Date.now();
    const outcome = await w.execute(w.plan([script('once', '3000_reindex')]));
    assert.ok(outcome.kind === 'failed');
    assert.match(outcome.failure.reason, /db did not become ready \(command "probe db"\) within 120 s/);
    assert.ok(w.clock >= 120_000 && w.clock < 121_000, `waited the timeout on the fake clock (${w.clock} ms)`);
    assert.ok(Date.now() - started < 1000, 'and not really');
});
test('a service started behind the runner fails the offline phase before the next offline script', async () => {
    w = new World(product());
    w.scripts.set('1000_schema', { also: (world) => world.up.add('db') });
    const outcome = await w.execute(w.plan(steps()));
    assert.ok(outcome.kind === 'failed');
    assert.match(outcome.failure.reason, /the offline phase is not offline: db \(answers command "probe db"\)/);
    assert.ok(!w.calls.some((c) => c.startsWith('run 1100')), '1100 did not run');
});
test('a stop command that returns before the daemon is gone: the offline scripts wait until it stops answering', async () => {
    w = new World(product());
    w.stopTakesMs.set('db', 1500);
    let ranAt = -1;
    w.scripts.set('1000_schema', {
        also: (world) => {
            ranAt = world.clock;
        },
    });
    assert.deepEqual(await w.execute(w.plan([script('once', '1000_schema')])), { kind: 'done' });
    assert.ok(w.calls.includes('run 1000_schema [offline] up=-'), w.calls.join('; '));
    assert.ok(ranAt >= 1500, `the script ran once db was gone (at ${ranAt} ms)`);
});
test('a daemon still answering ready_timeout after its stop command fails the run before any script', async () => {
    w = new World(descriptor([service('db', 'backend', 60), service('web', 'app')]));
    w.stopTakesMs.set('db', 3_600_000);
    const outcome = await w.execute(w.plan([script('once', '1000_schema')]));
    assert.ok(outcome.kind === 'failed');
    assert.match(outcome.failure.reason, /db still answers \(command "probe db"\) 60 s after its stop command/);
    assert.ok(!w.calls.some((c) => c.startsWith('run ')), w.calls.join('; '));
});

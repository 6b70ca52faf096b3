// The runner in memory (runner-world.ts): which services are up while each phase's scripts run, in which
// order services stop and start, and what a run leaves in the history. Milliseconds, no process.
import assert from 'node:assert/strict';
import { afterEach, test } from 'node:test';
import { descriptor, script, service, World } from './runner-world.js';
let w;
afterEach(() => w.cleanup());
const product = () => descriptor([service('db', 'backend'), service('cache', 'backend'), service('web', 'app'), service('worker', 'app')]);
test('each phase runs with its services: offline with all down, backend with the backends, online with all', async () => {
    w = new World(product());
    const outcome = await w.execute(w.plan([script('once', '1000_schema'), script('always', '3000_reindex'), script('once', '6000_warm')]));
    assert.deepEqual(outcome, { kind: 'done' });
    assert.deepEqual(w.calls, [
        'stop worker',
        'stop web',
        'stop cache',
        'stop db',
        'run 1000_schema [offline] up=-',
        'start db',
        'start cache',
        'run 3000_reindex [backend] up=cache,db',
        'start web',
        'start worker',
        'run 6000_warm [online] up=cache,db,web,worker',
    ]);
    assert.deepEqual(w.published.filter((p, i, all) => p !== all[i - 1]), ['offline', 'backend', 'online']);
});
test('services stop apps first, each role in reverse order, and start backends first, in order', async () => {
    w = new World(product());
    await w.execute(w.plan([script('once', '1000_schema')]));
    const service = w.calls.filter((c) => !c.startsWith('run '));
    assert.deepEqual(service, [
        'stop worker',
        'stop web',
        'stop cache',
        'stop db',
        'start db',
        'start cache',
        'start web',
        'start worker',
    ]);
    assert.deepEqual([...w.up].sort(), ['cache', 'db', 'web', 'worker'], 'everything runs again after the upgrade');
});
test('a service already down is not stopped again (its probe says so), and is started after the upgrade', async () => {
    w = new World(product(), ['db', 'cache', 'web']);
    await w.execute(w.plan([script('once', '1000_schema')]));
    assert.ok(!w.calls.includes('stop worker'), w.calls.join('; '));
    assert.ok(w.calls.includes('start worker'));
});
test('a plan starting in the backend phase stops only the apps', async () => {
    w = new World(product());
    await w.execute(w.plan([script('once', '3000_reindex')]));
    assert.deepEqual(w.calls.slice(0, 3), ['stop worker', 'stop web', 'run 3000_reindex [backend] up=cache,db']);
});
test('online scripts only: nothing is stopped', async () => {
    w = new World(product());
    await w.execute(w.plan([script('once', '6000_warm')]));
    assert.deepEqual(w.calls, ['run 6000_warm [online] up=cache,db,web,worker']);
});
test('nothing to run: the services are left as they are, even those an admin stopped', async () => {
    w = new World(product(), ['db']);
    w.records.history.list.push({
        t: 'baseline',
        run: 'b',
        at: 'then',
        script: '1000_schema',
        sum: 'sum:/s/once/1000_schema',
        version: '1.0',
    });
    const plan = w.plan([script('once', '1000_schema')]);
    assert.equal(plan.steps[0]?.action, 'skip');
    assert.deepEqual(await w.execute(plan), { kind: 'done' });
    assert.deepEqual(w.calls, []);
});
test('each script has a start and an end record with its run, phase and checksum', async () => {
    w = new World(product());
    await w.execute(w.plan([script('once', '1000_schema'), script('always', '3000_reindex')]), 'run-7');
    const mine = w.records.history.list.filter((r) => r.t === 'script-start' || r.t === 'script-end');
    assert.deepEqual(mine.map((r) => `${r.t} ${'script' in r ? r.script : ''}`), ['script-start 1000_schema', 'script-end 1000_schema', 'script-start 3000_reindex', 'script-end 3000_reindex']);
    const end = mine[1];
    assert.ok(end.t === 'script-end');
    assert.deepEqual({ run: end.run, phase: end.phase, sum: end.sum, result: end.result, exit: end.exit, kind: end.kind }, { run: 'run-7', phase: 'offline', sum: 'sum:/s/once/1000_schema', result: 'ok', exit: 0, kind: 'once' });
});
test('a script gets the environment of its step: phase, kind, versions, run', async () => {
    w = new World(product());
    await w.execute(w.plan([script('once', '1000_schema'), script('always', '6000_warm')]), 'run-9');
    const env = w.envs.get('6000_warm');
    assert.deepEqual([
        env.UPGRADE_HOOK_PHASE,
        env.UPGRADE_HOOK_KIND,
        env.UPGRADE_HOOK_SCRIPT,
        env.UPGRADE_HOOK_FROM_VERSION,
        env.UPGRADE_HOOK_TO_VERSION,
        env.UPGRADE_HOOK_RUN,
        env.UPGRADE_HOOK_RESULT,
    ], ['online', 'always', 'always/6000_warm', '1.0', '2.0', 'run-9', undefined]);
});

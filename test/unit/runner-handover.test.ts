// The gate's share of an upgrade (runner in memory, runner-world.ts): it runs the phases that need the
// apps down, brings the backends up and hands the rest to upgrade-hook-finish@; `run --only` starts nothing after.
import assert from 'node:assert/strict';
import { afterEach, test } from 'node:test';
import { descriptor, script, service, World } from './runner-world.js';

let w: World;
afterEach(() => w.cleanup());

const product = () => descriptor([service('db', 'backend'), service('web', 'app')]);

test('the gate runs the offline and backend phases, starts the backends, and hands over the online phase', async () => {
  w = new World(product());
  const outcome = await w.execute(
    w.plan([script('once', '1000_schema'), script('once', '3000_reindex'), script('once', '6000_warm')]),
    'run-1',
    { stopBeforeApps: true },
  );
  assert.deepEqual(outcome, { kind: 'handed-over', why: 'the online phase needs the apps up' });
  assert.deepEqual(w.calls, [
    'stop web',
    'stop db',
    'run 1000_schema [offline] up=-',
    'start db',
    'run 3000_reindex [backend] up=db',
  ]);
  assert.deepEqual([...w.up], ['db'], 'the apps start after the gate exits, not from it');
  const end = w.records.history.list.at(-1);
  assert.deepEqual(end, {
    t: 'run-end',
    run: 'run-1',
    at: 'now',
    result: 'handed-over',
    reason: 'the online phase needs the apps up',
  });
});

test('the gate hands over the cleanups: they run with the apps up', async () => {
  w = new World(product());
  const outcome = await w.execute(
    w.plan([script('once', '1000_schema'), script('cleanup', '0001_restore_ds')]),
    'run-1',
    { stopBeforeApps: true },
  );
  assert.deepEqual(outcome, { kind: 'handed-over', why: 'the cleanup scripts run with the apps up' });
  assert.ok(!w.calls.some((c) => c.startsWith('run 0001')), 'the cleanup did not run in the gate');
  assert.deepEqual(w.calls.at(-1), 'start db');
});

test('the gate with offline scripts only and nothing to hand over starts the backends and is done', async () => {
  w = new World(product());
  const outcome = await w.execute(w.plan([script('once', '1000_schema')]), 'run-1', { stopBeforeApps: true });
  assert.deepEqual(outcome, { kind: 'done' });
  assert.deepEqual(w.calls, ['stop web', 'stop db', 'run 1000_schema [offline] up=-', 'start db']);
});

test('steps run by hand while an upgrade is pending start nothing afterwards', async () => {
  w = new World(product());
  const outcome = await w.execute(w.plan([script('once', '1000_schema')]), 'run-1', { only: { pending: true } });
  assert.deepEqual(outcome, { kind: 'done' });
  assert.deepEqual(w.calls, ['stop web', 'stop db', 'run 1000_schema [offline] up=-']);
});

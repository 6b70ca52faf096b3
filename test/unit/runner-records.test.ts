// What a run leaves for the next one, in memory (runner-world.ts runs the frame runUpgrade and runOnly use,
// run-frame.ts): the run-start record, the marker while it runs, the outcome's run-end record and marker,
// the stamp. These records are what the gate, status, resolve and the rerun read: a renamed reason or a
// missing field here breaks them, so each outcome's records are spelled out whole.
import assert from 'node:assert/strict';
import { afterEach, test } from 'node:test';
import type { Marker } from '../../src/record/marker.js';
import { descriptor, script, service, World } from './runner-world.js';

let w: World;
afterEach(() => w.cleanup());

const product = () => descriptor([service('db', 'backend'), service('web', 'app')]);

/** A marker with its time left out (newMarker's `since` is the wall clock's when the frame does not give one). */
const withoutTimes = (m: Marker | undefined) => {
  if (!m) return m;
  const { since: _s, previous, ...rest } = m;
  if (!previous) return rest;
  const { since: _p, ...was } = previous;
  return { ...rest, previous: was };
};

const deferredByPosttrans: Marker = {
  state: 'deferred',
  reason: 'chroot',
  detail: 'in a chroot',
  since: 'before',
  from: '1.0',
  to: '2.0',
};

test('a run that completes: run-start, the steps, run-end ok, the stamp before it, and the marker gone', async () => {
  w = new World(product());
  w.records.marker.write(deferredByPosttrans);
  let whileRunning: Marker | undefined;
  w.scripts.set('1000_schema', {
    also: (world) => {
      whileRunning = world.records.marker.read();
    },
  });
  assert.deepEqual(await w.execute(w.plan([script('once', '1000_schema')])), { kind: 'done' });
  assert.deepEqual(withoutTimes(whileRunning), {
    state: 'failed',
    reason: 'interrupted',
    detail: 'the upgrade started at now did not finish',
    from: '1.0',
    to: '2.0',
    previous: { state: 'deferred', reason: 'chroot', detail: 'in a chroot' },
  });
  const list = w.records.history.list;
  assert.deepEqual(list[0], {
    t: 'run-start',
    run: 'run-1',
    at: 'now',
    from: '1.0',
    to: '2.0',
    pid: 1,
    by: 'run',
    user: 'root',
  });
  assert.deepEqual(
    list.map((r) => r.t),
    ['run-start', 'script-start', 'script-end', 'run-end'],
  );
  assert.deepEqual(list.at(-1), { t: 'run-end', run: 'run-1', at: 'now', result: 'ok' });
  assert.deepEqual(w.stamps, ['2.0']);
  assert.equal(w.records.marker.current, undefined, 'the marker goes once the data is stamped');
});

test('the gate hands over: run-end handed-over and the marker deferred (online-pending) the gate and the finish unit look for', async () => {
  w = new World(product());
  const outcome = await w.execute(w.plan([script('once', '1000_schema'), script('once', '6000_warm')]), 'run-1', {
    stopBeforeApps: true,
  });
  assert.deepEqual(outcome, { kind: 'handed-over', why: 'the online phase needs the apps up' });
  assert.deepEqual(w.records.history.list.at(-1), {
    t: 'run-end',
    run: 'run-1',
    at: 'now',
    result: 'handed-over',
    reason: 'the online phase needs the apps up',
  });
  assert.deepEqual(w.records.marker.current, {
    state: 'deferred',
    reason: 'online-pending',
    detail:
      'the phases that need the apps down are done; the online phase needs the apps up: upgrade-hook-finish@acme.service finishes the upgrade once the apps have started',
    since: 'now',
    from: '1.0',
    to: '2.0',
  });
  assert.deepEqual(w.stamps, [], 'not stamped: the online phase is still to run');
});

test('a failed script: run-end failed, the marker failed (script-failed) with the script, its checksum and last output', async () => {
  w = new World(product());
  w.scripts.set('1000_schema', { exit: 3, print: ['ERROR: relation exists'] });
  const outcome = await w.execute(w.plan([script('once', '1000_schema')]));
  assert.equal(outcome.kind, 'failed');
  assert.deepEqual(w.records.history.list.at(-1), {
    t: 'run-end',
    run: 'run-1',
    at: 'now',
    result: 'failed',
    failed: '1000_schema',
    reason: 'exited with status 3',
  });
  assert.deepEqual(w.records.marker.current, {
    state: 'failed',
    reason: 'script-failed',
    detail: '1000_schema exited with status 3',
    since: 'now',
    from: '1.0',
    to: '2.0',
    script: '1000_schema',
    lastOutput: ['ERROR: relation exists'],
    scriptPath: '/s/once/1000_schema',
    scriptSum: 'sum:/s/once/1000_schema',
  });
  assert.deepEqual(w.stamps, []);
});

test('a service that does not start: the marker failed (service-failed), no script named, nothing to resume at', async () => {
  w = new World(product());
  w.neverReady.add('db');
  const outcome = await w.execute(w.plan([script('once', '3000_reindex')]));
  assert.equal(outcome.kind, 'failed');
  const m = w.records.marker.current;
  assert.equal(m?.state, 'failed');
  assert.equal(m?.reason, 'service-failed');
  assert.equal(m?.script, undefined);
  assert.equal(w.records.history.list.at(-1)?.t, 'run-end');
});

test('steps by hand: run-start by "only" naming them, run-end ok, the marker left as it was, nothing stamped', async () => {
  w = new World(product());
  w.records.marker.write(deferredByPosttrans);
  const plan = w.plan([script('once', '1000_schema')]);
  assert.deepEqual(await w.execute(plan, 'run-2', { only: { pending: true } }), { kind: 'done' });
  assert.deepEqual(w.records.history.list[0], {
    t: 'run-start',
    run: 'run-2',
    at: 'now',
    from: '1.0',
    to: '2.0',
    pid: 1,
    by: 'only',
    user: 'root',
    only: ['once/1000_schema'],
  });
  assert.deepEqual(w.records.history.list.at(-1), { t: 'run-end', run: 'run-2', at: 'now', result: 'ok' });
  assert.deepEqual(w.records.marker.current, deferredByPosttrans);
  assert.deepEqual(w.stamps, []);
});

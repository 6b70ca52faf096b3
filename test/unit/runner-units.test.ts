// A product of systemd units (runner in memory, runner-world.ts, with a fake `systemctl`): the units
// behind the gate stop before the backends, each stop is recorded before it happens, and every unit the
// upgrade stopped runs again after it — or stays listed for the next run when the upgrade failed.
import assert from 'node:assert/strict';
import { afterEach, test } from 'node:test';
import { descriptor, script, unitService, World } from './runner-world.js';

let w: World;
afterEach(() => w.cleanup());

const GATE = 'upgrade-hook@acme.service';

// web is listed; worker is not, but it requires the gate, so it is the product's too
function product(): World {
  const world = new World(descriptor([unitService('db', 'backend'), unitService('web', 'app')]), []);
  world.units.set(GATE, { active: true });
  world.units.set('db.service', { active: true });
  world.units.set('web.service', { active: true, requires: [GATE, 'db.service'] });
  world.units.set('worker.service', { active: true, requires: [GATE] });
  return world;
}

const changes = (w: World) => w.calls.filter((c) => / (stop|start|restart) /.test(c) || c.startsWith('run '));

test('the units behind the gate stop first, then the backends; the backends start first; the unlisted worker comes back', async () => {
  w = product();
  assert.deepEqual(await w.execute(w.plan([script('once', '1000_schema')])), { kind: 'done' });
  assert.deepEqual(changes(w), [
    'systemctl stop --job-mode=ignore-requirements web.service worker.service',
    'systemctl stop --job-mode=ignore-requirements db.service',
    'run 1000_schema [offline] up=-',
    'systemctl start db.service',
    'systemctl start web.service',
    'systemctl start worker.service',
  ]);
  assert.deepEqual(
    [...w.units].filter(([, u]) => !u.active).map(([n]) => n),
    [],
  );
  assert.deepEqual(w.records.stopped.all(), [], 'forgotten once everything runs again');
});

test('a failed upgrade leaves the units it stopped down, and listed for the run that completes it', async () => {
  w = product();
  w.scripts.set('1000_schema', { exit: 1 });
  const outcome = await w.execute(w.plan([script('once', '1000_schema')]));
  assert.equal(outcome.kind, 'failed');
  assert.ok(!changes(w).some((c) => c.includes(' start ')), changes(w).join('; '));
  assert.deepEqual(w.records.stopped.all(), ['web.service', 'worker.service', 'db.service']);
});

test('the gate hands over with the backends up and the apps still down, listed to start later', async () => {
  w = product();
  const outcome = await w.execute(w.plan([script('once', '1000_schema')]), 'run-1', { stopBeforeApps: true });
  assert.deepEqual(outcome, { kind: 'handed-over', why: 'units it stopped start after the apps' });
  assert.equal(w.units.get('db.service')!.active, true);
  assert.equal(w.units.get('web.service')!.active, false);
  assert.deepEqual(w.records.stopped.all(), ['web.service', 'worker.service', 'db.service']);
});

// Issue 21 item 3: a timer- or path-started oneshot job running when the upgrade stops the product.
test('a oneshot job stopped with its path unit is left to the path unit: the upgrade completes, nothing left listed', async () => {
  w = product();
  w.units.set('import.service', {
    active: true,
    requires: [GATE],
    runsToCompletion: true,
    props: { TriggeredBy: 'import.path' },
  });
  w.units.set('import.path', { active: true, props: { Triggers: 'import.service' } });
  // the gate's RequiredBy= lists the job, the path unit triggers it
  w.units.get(GATE)!.props = { RequiredBy: 'web.service worker.service import.service' };
  w.units.get('import.service')!.props!.TriggeredBy = 'import.path';
  assert.deepEqual(await w.execute(w.plan([script('once', '1000_schema')])), { kind: 'done' });
  assert.ok(
    changes(w).some((c) => /^systemctl stop .*import\.path.*import\.service|^systemctl stop .*import\.service/.test(c)),
    changes(w).join('\n'),
  );
  const starts = changes(w).filter((c) => c.startsWith('systemctl start'));
  assert.ok(
    starts.some((c) => c.includes('import.path')) && !starts.some((c) => c.includes('import.service')),
    `the path unit starts again, not the job:\n${starts.join('\n')}`,
  );
  assert.deepEqual(w.records.stopped.all(), []);
});

// Issue 21 item 6: RefuseManualStop=yes on a unit the upgrade must stop.
test('a worker with RefuseManualStop=yes fails the upgrade before anything stops, naming it and the fix', async () => {
  w = product();
  w.units.get('worker.service')!.props = { RefuseManualStop: 'yes' };
  const outcome = await w.execute(w.plan([script('once', '1000_schema')]));
  assert.equal(outcome.kind, 'failed');
  assert.deepEqual(changes(w), [], 'nothing stopped, no script ran');
  const failure = JSON.stringify(outcome);
  assert.match(failure, /worker\.service has RefuseManualStop=yes/);
  assert.match(failure, /remove RefuseManualStop= from worker\.service/);
});

// Issue 21 item 7: the gate hands over at boot; the socket it stopped listens before the app's queued start runs.
test('the gate that hands over starts the socket it stopped; the finish does not start a socket whose service runs', async () => {
  w = new World(descriptor([unitService('db', 'backend'), unitService('web', 'app')]), []);
  w.units.set(GATE, { active: true, props: { RequiredBy: 'web.service' } });
  w.units.set('db.service', { active: true });
  w.units.set('web.service', { active: false, requires: [GATE, 'web.socket'], props: { TriggeredBy: 'web.socket' } });
  w.units.set('web.socket', { active: true, socketOf: 'web.service' });
  const plan = w.plan([script('once', '1000_schema'), script('once', '7000_online')]);
  const handed = await w.execute(plan, 'run-1', { stopBeforeApps: true });
  assert.equal(handed.kind, 'handed-over');
  assert.equal(w.units.get('web.socket')!.active, true, `${changes(w).join('\n')}`);
  // systemd starts the app's queued job once the gate exits; then the finish unit runs the rest
  w.units.get('web.service')!.active = true;
  w.units.get('web.socket')!.active = false; // as in the red team's boot: the socket down, its service up
  w.calls.length = 0;
  assert.deepEqual(await w.execute(w.plan([script('once', '7000_online')]), 'run-2'), { kind: 'done' });
  assert.ok(!changes(w).some((c) => c.includes('start') && c.includes('web.socket')), changes(w).join('\n'));
});

// Issue 20, seed 40072: `systemctl start worker` of a running worker, queued behind the gate after the
// tool read the topology (a daemon-reload for the hold lies between): a stop would replace that job and the
// admin's systemctl would fail "Job for worker.service canceled"; the jobs are read again right before the stop.
test('an admin start queued after the topology read is merged into a restart, not cancelled by the stop', async () => {
  w = product();
  let queued = false;
  w.afterSystemctl = (args) => {
    if (queued || args[0] !== 'show' || !args.includes('worker.service')) return;
    queued = true;
    w.units.get('worker.service')!.job = 'start';
  };
  assert.deepEqual(await w.execute(w.plan([script('once', '1000_schema')])), { kind: 'done' });
  assert.deepEqual(w.cancelledJobs, [], 'no admin job cancelled');
  assert.ok(changes(w).includes('systemctl restart --no-block worker.service'), changes(w).join('; '));
  assert.ok(
    changes(w).includes('systemctl stop --job-mode=ignore-requirements web.service'),
    'the rest stops as before',
  );
  const ran = changes(w).indexOf('run 1000_schema [offline] up=-');
  assert.ok(ran > 0, `the offline script ran with everything down: ${changes(w).join('; ')}`);
  assert.equal(w.units.get('worker.service')!.active, true, 'the worker is up at the end');
});

// Seed 200024: an admin's restart of another product's app on the shared database ran its stop part; its
// start waits at that product's gate, which waits for this run's lock. The run waited for that start (it
// cannot end), then stopped the app: the stop only cancelled the admin's start ("Job canceled").
test("another product's app whose start waits elsewhere is not stopped: its start is not cancelled", async () => {
  w = product();
  w.units.set('upgrade-hook@other.service', { active: true });
  w.units.set('other.service', { active: true, requires: ['upgrade-hook@other.service', 'db.service'] });
  let restarted = false;
  w.afterSystemctl = (args) => {
    if (restarted || args[0] !== 'show' || !args.includes('other.service')) return;
    restarted = true;
    // the admin's `systemctl restart other`: stopped now, its start queued behind its own gate for good
    Object.assign(w.units.get('other.service')!, { active: false, job: 'start' });
  };
  assert.deepEqual(await w.execute(w.plan([script('once', '1000_schema')])), { kind: 'done' });
  assert.deepEqual(w.cancelledJobs, [], `no admin job cancelled: ${changes(w).join('; ')}`);
  assert.ok(
    !changes(w).some((c) => c.startsWith('systemctl stop') && c.includes('other.service')),
    `never stopped: ${changes(w).join('; ')}`,
  );
  // after the run: started again with the units of other products (a start merges into its waiting job)
  assert.equal(w.units.get('other.service')!.active, true, 'it runs at the end');
  assert.ok(
    changes(w).includes('systemctl stop --job-mode=ignore-requirements db.service'),
    `the shared backend still stops: ${changes(w).join('; ')}`,
  );
  assert.ok(
    changes(w).some(
      (c) =>
        c.startsWith('run 1000_schema [offline] up=') &&
        !c
          .split('up=')[1]!
          .split(',')
          .some((u) => u === 'db.service' || u === 'other.service'),
    ),
    'the offline script ran with the backend and the app down',
  );
});

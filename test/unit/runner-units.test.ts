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

// Two products on one backend (issue 21 items 2 and 4), runner in memory (runner-world.ts, fake systemctl):
// the product upgraded here (acme, "depot") shares db.service with portal, another product whose app
// Requires= the db, whose worker only Wants= it (Restart=on-failure in real life), and whose timer starts a
// job that Wants= it. The offline phase takes all of them down, records them, and checks after each offline
// script that nothing started again; portal comes back whatever the outcome of acme's upgrade.
import assert from 'node:assert/strict';
import { afterEach, test } from 'node:test';
import { descriptor, script, unitService, World } from './runner-world.js';
let w;
afterEach(() => w.cleanup());
const GATE = 'upgrade-hook@acme.service';
const PORTAL_GATE = 'upgrade-hook@portal.service';
const PORTAL = ['portal-app.service', 'portal-worker.service', 'portal-job.timer'];
function stack() {
    const world = new World(descriptor([unitService('db', 'backend'), unitService('web', 'app')]), []);
    world.units.set(GATE, { active: true });
    world.units.set(PORTAL_GATE, { active: true });
    world.units.set('db.service', { active: true });
    world.units.set('web.service', { active: true, requires: [GATE, 'db.service'] });
    world.units.set('portal-app.service', { active: true, requires: [PORTAL_GATE, 'db.service'] });
    world.units.set('portal-worker.service', { active: true, requires: [PORTAL_GATE], wants: ['db.service'] });
    world.units.set('portal-job.service', { active: false, requires: [PORTAL_GATE], wants: ['db.service'] });
    world.units.set('portal-job.timer', { active: true, triggers: ['portal-job.service'] });
    world.units.set('multi-user.target', { active: true, wants: ['db.service', 'web.service'] });
    return world;
}
// what ran in each offline script: `run NAME [offline] up=...` lists every active unit but acme's gate
const offlineRuns = (w) => w.calls.filter((c) => c.startsWith('run ') && c.includes('[offline]'));
const active = (w, u) => w.units.get(u).active;
test("the offline phase takes down every running dependent of the shared backend, the other product's too, and its timer; all come back", async () => {
    w = stack();
    assert.deepEqual(await w.execute(w.plan([script('once', '1000_schema')])), { kind: 'done' });
    assert.deepEqual(offlineRuns(w), [
        `run 1000_schema [offline] up=${['multi-user.target', PORTAL_GATE].sort().join(',')}`,
    ]);
    for (const u of [...PORTAL, 'db.service', 'web.service'])
        assert.equal(active(w, u), true, `${u} runs again`);
    assert.equal(active(w, 'multi-user.target'), true, 'a target that wants the backend is never stopped');
    assert.deepEqual(w.records.stopped.all(), []);
});
test('something that starts the backend during the last offline script fails the run instead of passing', async () => {
    w = stack();
    w.scripts.set('1000_schema', {
        also: (x) => {
            x.units.get('db.service').active = true; // an admin's `systemctl restart portal.target`
        },
    });
    const outcome = await w.execute(w.plan([script('once', '1000_schema'), script('once', '4000_data')]));
    assert.equal(outcome.kind, 'failed');
    assert.match(outcome.kind === 'failed' ? outcome.failure.reason : '', /the offline phase is not offline: db\.service \(active\).*found right after 1000_schema ended/);
    assert.ok(!w.calls.some((c) => c.startsWith('run 4000_data')), 'no script runs after it');
});
test("a failed upgrade of one product leaves its own apps down and brings the other product's units back", async () => {
    w = stack();
    w.scripts.set('1000_schema', { exit: 1 });
    const outcome = await w.execute(w.plan([script('once', '1000_schema')]));
    assert.equal(outcome.kind, 'failed');
    for (const u of [...PORTAL, 'db.service'])
        assert.equal(active(w, u), true, `${u} runs again: ${w.calls.join('; ')}`);
    assert.equal(active(w, 'web.service'), false, "acme's own app stays behind its gate");
    assert.deepEqual(w.records.stopped.all(), ['web.service', 'db.service'], 'only its own units stay listed');
    assert.ok(w.calls.some((c) => c.startsWith('systemctl start --no-block portal-')), "the other product's units start without waiting for their gate");
});
test("a gate that hands over starts the other product's units again before it exits", async () => {
    w = stack();
    const outcome = await w.execute(w.plan([script('once', '1000_schema')]), 'run-1', { stopBeforeApps: true });
    assert.equal(outcome.kind, 'handed-over');
    for (const u of PORTAL)
        assert.equal(active(w, u), true, `${u} runs again`);
    assert.deepEqual(w.records.stopped.all(), ['web.service', 'db.service']);
});

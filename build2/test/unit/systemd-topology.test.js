// What the upgrade stops and restores, from `systemctl show` output as systemd 252 prints it.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseShow } from '../../src/systemd/unit-properties.js';
import { mustBeDownOffline, pulledInUngated, unitsToStop, unlistedGated, } from '../../src/systemd/topology.js';
function unit(id, props) {
    return [`Id=${id}`, 'LoadState=loaded', ...Object.entries(props).map(([k, v]) => `${k}=${v}`)].join('\n');
}
// topo: app (gated, BindsTo db), api (gated, socket-activated, Requires db), worker@1 (gated, PartOf app),
// sidekick@1 (gated, bound to nothing), db (backend, Requires storage), other.service (Requires db, not ours)
const show = [
    unit('upgrade-hook@topo.service', {
        ActiveState: 'inactive',
        RequiredBy: 'topo-app.service topo-api.service topo-worker@1.service topo-sidekick@1.service',
    }),
    unit('topo-db.service', {
        ActiveState: 'active',
        Job: '',
        RequiredBy: 'topo-api.service other.service',
        BoundBy: 'topo-app.service',
        Requires: 'topo-storage.service',
    }),
    unit('topo-app.service', {
        ActiveState: 'active',
        ConsistsOf: 'topo-worker@1.service',
        BindsTo: 'topo-db.service',
        Requires: 'upgrade-hook@topo.service',
        Wants: 'redis.service',
    }),
    unit('topo-api.service', {
        ActiveState: 'inactive',
        TriggeredBy: 'topo-api.socket',
        Requires: 'topo-db.service upgrade-hook@topo.service',
    }),
    unit('topo-api.socket', { ActiveState: 'active', Triggers: 'topo-api.service' }),
    unit('topo-worker@1.service', {
        ActiveState: 'active',
        Requires: 'upgrade-hook@topo.service',
        Wants: '"system-topo\\\\x2dworker.slice"',
    }),
    unit('topo-sidekick@1.service', { ActiveState: 'active', Job: '123 start', Requires: 'upgrade-hook@topo.service' }),
    unit('other.service', { ActiveState: 'active' }),
].join('\n\n');
function topology() {
    const units = new Map(parseShow(show).map((u) => [u.id, u]));
    return {
        gate: 'upgrade-hook@topo.service',
        backends: ['topo-db.service'],
        apps: ['topo-app.service', 'topo-api.service'],
        gated: ['topo-app.service', 'topo-api.service', 'topo-worker@1.service', 'topo-sidekick@1.service'],
        triggers: ['topo-api.socket'],
        dependents: [],
        dependentTriggers: [],
        units,
    };
}
test('show output: lists, jobs, dependents that stop with a unit', () => {
    const u = new Map(parseShow(show).map((x) => [x.id, x]));
    assert.deepEqual(u.get('topo-db.service').stopsWithIt, ['topo-api.service', 'other.service', 'topo-app.service']);
    assert.equal(u.get('topo-db.service').job, undefined);
    assert.equal(u.get('topo-sidekick@1.service').job, 'start');
    assert.deepEqual(u.get('topo-app.service').pullsIn, [
        'upgrade-hook@topo.service',
        'redis.service',
        'topo-db.service',
    ]);
});
test('the offline phase stops running gated units, their triggers and what stops with them, then the backends and their dependents', () => {
    const s = unitsToStop(topology());
    assert.deepEqual(s.first.sort(), [
        'topo-api.socket',
        'topo-app.service',
        'topo-sidekick@1.service',
        'topo-worker@1.service',
    ]);
    assert.deepEqual(s.backends.sort(), ['other.service', 'topo-db.service'], 'a unit outside the product that requires the backend stops too, and is started again');
});
test('each unit is listed after the units that stop with it: systemctl queues the jobs in that order', () => {
    const s = unitsToStop(topology());
    assert.ok(s.first.indexOf('topo-worker@1.service') < s.first.indexOf('topo-app.service'), s.first.join(' '));
    assert.ok(s.backends.indexOf('other.service') < s.backends.indexOf('topo-db.service'), s.backends.join(' '));
});
test('units not running are not stopped: their pending start jobs are kept', () => {
    assert.ok(!unitsToStop(topology()).first.includes('topo-api.service'));
});
test('what must be down before an offline script, unlisted gated units, and un-gated units a start pulls in', () => {
    const t = topology();
    assert.deepEqual(mustBeDownOffline(t).sort(), [
        'topo-api.service',
        'topo-api.socket',
        'topo-app.service',
        'topo-db.service',
        'topo-sidekick@1.service',
        'topo-worker@1.service',
    ]);
    assert.deepEqual(unlistedGated(t), ['topo-worker@1.service', 'topo-sidekick@1.service']);
    assert.deepEqual(pulledInUngated(t), [
        { unit: 'redis.service', by: ['topo-app.service'] },
        { unit: 'topo-db.service', by: ['topo-app.service', 'topo-api.service'] },
    ]);
});
test('a quoted name (systemctl escapes backslashes) is read as the unit name; slices are not reported', () => {
    const t = topology();
    assert.deepEqual(t.units.get('topo-worker@1.service').pullsIn, [
        'upgrade-hook@topo.service',
        'system-topo\\x2dworker.slice',
    ]);
    assert.ok(!pulledInUngated(t).some((p) => p.unit.includes('slice')));
});
test('the tool never stops its own units', () => {
    const t = topology();
    t.units.get('topo-app.service').stopsWithIt.push('upgrade-hook-finish@topo.service');
    t.units.set('upgrade-hook-finish@topo.service', {
        ...t.units.get('other.service'),
        id: 'upgrade-hook-finish@topo.service',
        activeState: 'activating',
    });
    assert.ok(!unitsToStop(t).first.includes('upgrade-hook-finish@topo.service'));
});

// Issue 21 items 3, 6, 7, 8: which units a start of the product asks systemd for (plan/unit-starts.ts), and
// which unit shapes an upgrade refuses before it stops anything (systemd/topology.ts), from `systemctl show`
// output as systemd 252 prints it.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { notBackUp, startsWaitingForTheGate, whatToStart } from '../../src/plan/unit-starts.js';
import { uncontrollableUnits, wantsOnlyTargets, type Topology } from '../../src/systemd/topology.js';
import { parseShow, type UnitInfo } from '../../src/systemd/unit-properties.js';

function shown(units: Record<string, Record<string, string>>): Map<string, UnitInfo> {
  const text = Object.entries(units)
    .map(([id, p]) => [`Id=${id}`, 'LoadState=loaded', ...Object.entries(p).map(([k, v]) => `${k}=${v}`)].join('\n'))
    .join('\n\n');
  return new Map(parseShow(text).map((u) => [u.id, u]));
}

const IMPORT_RUNS = { ActiveState: 'activating', Type: 'oneshot', RemainAfterExit: 'no', Result: 'success' };
const IMPORT_DONE = { ...IMPORT_RUNS, ActiveState: 'inactive' };
const IMPORT_FAILED = { ...IMPORT_DONE, ActiveState: 'failed', Result: 'exit-code' };

const table: Array<{
  why: string;
  units: string[];
  stopped: string[];
  now: Record<string, Record<string, string>>;
  start: string[];
  leftToTrigger?: string[];
  socketServiceRuns?: Array<{ socket: string; service: string }>;
  pulledInBy?: Array<{ unit: string; by: string }>;
  cannotStart?: string[];
}> = [
  {
    why: 'a socket-activated service whose socket is down starts with its socket, socket first (issue 20, seed 5010)',
    units: ['depot-api.service'],
    stopped: ['depot-api.service'],
    now: {
      'depot-api.service': { ActiveState: 'inactive', TriggeredBy: 'depot-api.socket' },
      'depot-api.socket': { ActiveState: 'inactive', Triggers: 'depot-api.service' },
    },
    start: ['depot-api.socket', 'depot-api.service'],
  },
  {
    why: 'a RefuseManualStart worker starts through the app being started anyway (issue 20, seed 3)',
    units: ['depot-web.service', 'depot-tasks@1.service'],
    stopped: ['depot-web.service', 'depot-tasks@1.service'],
    now: {
      'depot-web.service': { ActiveState: 'inactive', Wants: 'depot-tasks@1.service' },
      'depot-tasks@1.service': {
        ActiveState: 'inactive',
        RefuseManualStart: 'yes',
        WantedBy: 'multi-user.target depot.target depot-web.service',
      },
      'depot.target': { ActiveState: 'active' },
    },
    start: ['depot-web.service'],
    pulledInBy: [{ unit: 'depot-tasks@1.service', by: 'depot-web.service' }],
  },
  {
    why: "a RefuseManualStart worker whose app runs starts through the product's target (never multi-user.target)",
    units: ['depot-tasks@1.service'],
    stopped: ['depot-tasks@1.service'],
    now: {
      'depot-web.service': { ActiveState: 'active', TriggeredBy: 'depot-web.socket' },
      'depot-tasks@1.service': {
        ActiveState: 'inactive',
        RefuseManualStart: 'yes',
        WantedBy: 'multi-user.target depot-web.service depot.target',
      },
      'depot.target': { ActiveState: 'active' },
    },
    start: ['depot.target'],
    pulledInBy: [{ unit: 'depot-tasks@1.service', by: 'depot.target' }],
  },
  {
    why: 'a RefuseManualStart unit that only multi-user.target or another refusing unit pulls in cannot be started',
    units: ['depot-tasks@1.service'],
    stopped: ['depot-tasks@1.service'],
    now: {
      'depot-tasks@1.service': {
        ActiveState: 'inactive',
        RefuseManualStart: 'yes',
        WantedBy: 'multi-user.target depot-other.service',
      },
      'depot-other.service': { ActiveState: 'active', RefuseManualStart: 'yes' },
    },
    start: [],
    cannotStart: ['depot-tasks@1.service'],
  },
  {
    why: 'a oneshot job stopped with its path unit is left to the path unit, which starts again',
    units: ['portal-import.service', 'portal-import.path'],
    stopped: ['portal-import.service', 'portal-import.path'],
    now: {
      'portal-import.service': { ...IMPORT_DONE, TriggeredBy: 'portal-import.path portal-import.timer' },
      'portal-import.path': { ActiveState: 'inactive', Triggers: 'portal-import.service' },
    },
    start: ['portal-import.path'],
    leftToTrigger: ['portal-import.service'],
  },
  {
    why: 'a oneshot job whose trigger was not running (an admin started it) is started again',
    units: ['portal-import.service'],
    stopped: ['portal-import.service'],
    now: { 'portal-import.service': { ...IMPORT_DONE, TriggeredBy: 'portal-import.timer' } },
    start: ['portal-import.service'],
  },
  {
    why: 'a oneshot with RemainAfterExit=yes is a service like any other',
    units: ['portal-setup.service'],
    stopped: ['portal-setup.service', 'portal-setup.timer'],
    now: {
      'portal-setup.service': { ...IMPORT_DONE, RemainAfterExit: 'yes', TriggeredBy: 'portal-setup.timer' },
    },
    start: ['portal-setup.service'],
  },
  {
    why: "Katello at boot: the app's queued start already ran; its socket is refused by systemd while it runs",
    units: ['app.socket', 'app.service'],
    stopped: ['app.socket'],
    now: {
      'app.socket': { ActiveState: 'inactive', Triggers: 'app.service' },
      'app.service': { ActiveState: 'active', TriggeredBy: 'app.socket' },
    },
    start: [],
    socketServiceRuns: [{ socket: 'app.socket', service: 'app.service' }],
  },
  {
    why: 'a socket whose service has only a queued start (dead until the gate exits) starts',
    units: ['app.socket', 'app.service'],
    stopped: ['app.socket'],
    now: {
      'app.socket': { ActiveState: 'inactive', Triggers: 'app.service' },
      'app.service': { ActiveState: 'inactive', Job: '42', TriggeredBy: 'app.socket' },
    },
    start: ['app.socket', 'app.service'],
  },
  {
    why: 'what runs or is on its way up is not asked again; an unknown unit is skipped',
    units: ['a.service', 'b.service', 'c.service', 'gone.service'],
    stopped: [],
    now: {
      'a.service': { ActiveState: 'active' },
      'b.service': { ActiveState: 'activating' },
      'c.service': { ActiveState: 'failed' },
      'gone.service': { LoadState: 'not-found', ActiveState: 'inactive' },
    },
    start: ['c.service'],
  },
];

for (const row of table) {
  test(`whatToStart: ${row.why}`, () => {
    assert.deepEqual(whatToStart(row.units, shown(row.now), row.stopped), {
      start: row.start,
      leftToTrigger: row.leftToTrigger ?? [],
      socketServiceRuns: row.socketServiceRuns ?? [],
      pulledInBy: row.pulledInBy ?? [],
      cannotStart: row.cannotStart ?? [],
    });
  });
}

test('notBackUp: a oneshot job that ran to success is back; one that failed, or a stopped daemon, is not', () => {
  const after = shown({
    'import.service': IMPORT_DONE,
    'broken-import.service': IMPORT_FAILED,
    'web.service': { ActiveState: 'inactive', Result: 'success' },
    'tasks.service': { ActiveState: 'active' },
  });
  assert.deepEqual(notBackUp(['import.service', 'broken-import.service', 'web.service', 'tasks.service'], after), [
    'broken-import.service',
    'web.service',
  ]);
});

function topo(units: Record<string, Record<string, string>>, gated: string[], backends: string[]): Topology {
  return {
    gate: 'upgrade-hook@depot.service',
    backends,
    apps: [],
    gated,
    triggers: [],
    dependents: [],
    dependentTriggers: [],
    units: shown(units),
  };
}

test('uncontrollableUnits: RefuseManualStop=yes on a unit to stop (a worker PartOf= the app) and a gated backend', () => {
  const t = topo(
    {
      'depot-web.service': { ActiveState: 'active', ConsistsOf: 'depot-tasks@1.service' },
      'depot-tasks@1.service': { ActiveState: 'active', RefuseManualStop: 'yes' },
      'depot-db.service': { ActiveState: 'active' },
    },
    ['depot-web.service', 'depot-db.service'],
    ['depot-db.service'],
  );
  assert.deepEqual(
    uncontrollableUnits(t).map((u) => u.unit),
    ['depot-tasks@1.service', 'depot-db.service'],
  );
  assert.match(uncontrollableUnits(t)[0]!.fix, /remove RefuseManualStop= from depot-tasks@1\.service/);
  assert.match(uncontrollableUnits(t)[1]!.why, /backend depot-db\.service is behind upgrade-hook@depot\.service/);
  assert.deepEqual(
    uncontrollableUnits(
      topo({ 'depot-web.service': { ActiveState: 'active' } }, ['depot-web.service'], ['postgresql.service']),
    ),
    [],
  );
});

test("wantsOnlyTargets: the product's target that only Wants= gated units; systemd's own targets are not named", () => {
  const t = topo(
    {
      'depot-web.service': { ActiveState: 'active', WantedBy: 'depot.target multi-user.target' },
      'depot-tasks@1.service': { ActiveState: 'active', WantedBy: 'depot.target', RequiredBy: 'strict.target' },
    },
    ['depot-web.service', 'depot-tasks@1.service'],
    [],
  );
  assert.deepEqual(wantsOnlyTargets(t), [
    { target: 'depot.target', units: ['depot-web.service', 'depot-tasks@1.service'] },
  ]);
});

test("startsWaitingForTheGate: the starts a refusing gate drops are the product's units queued behind it (issue 20)", () => {
  // a restart of the product target after rpm -U under SYSTEMD_OFFLINE=1: the gate runs the deferred upgrade
  // and fails; app, worker instance (not in the descriptor) and a oneshot report wait for it
  const t = topo(
    {
      'depot-web.service': { ActiveState: 'inactive', Job: '812', ConsistsOf: 'depot-tasks@1.service' },
      'depot-tasks@1.service': { ActiveState: 'inactive', Job: '815' },
      'depot-report.service': { ActiveState: 'inactive', Job: '816', Type: 'oneshot' },
      'depot-idle.service': { ActiveState: 'inactive', Job: '' },
      'depot-db.service': { ActiveState: 'active', Job: '820', RequiredBy: 'depot-web.service' },
      'upgrade-hook@depot.service': { ActiveState: 'activating', Job: '811' },
    },
    ['depot-web.service', 'depot-report.service', 'depot-idle.service'],
    ['depot-db.service'],
  );
  assert.deepEqual(startsWaitingForTheGate(t).sort(), [
    'depot-report.service',
    'depot-tasks@1.service',
    'depot-web.service',
  ]);
  // a start that already ran (no job left) or a stop job is not a start the gate refuses
  const quiet = topo(
    {
      'depot-web.service': { ActiveState: 'active', Job: '' },
      'depot-tasks@1.service': { ActiveState: 'deactivating', Job: '900' },
    },
    ['depot-web.service', 'depot-tasks@1.service'],
    [],
  );
  assert.deepEqual(startsWaitingForTheGate(quiet), []);
});

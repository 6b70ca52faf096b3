// Every entry point's policy as one table: what %posttrans, the dnf bridge, the gate and `run` do, before the
// lock and under it, for each state on disk and each host. The gate's own finer table is gate-policy.test.ts.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  bridgeRunsIt,
  entryAction,
  entryInput,
  nextStep,
  onlyRefusal,
  posttransErrorMarker,
  refusalWhileRolledBack,
  type EntryAction,
  type EntryInput,
  type EntryPoint,
} from '../../src/plan/entry-policy.js';
import type { Decision } from '../../src/plan/decide.js';
import { EXIT } from '../../src/errors.js';

const needed: Decision = {
  kind: 'needed',
  message: 'upgrade needed: data version 1.0-1 is older than build 1.1-1',
  overridden: undefined,
  deferred: false,
};
const upToDate: Decision = { kind: 'up-to-date', message: 'up to date (1.1-1)' };
const notConfigured: Decision = { kind: 'not-configured', message: 'not configured yet' };
const downgrade: Decision = {
  kind: 'refuse',
  reason: 'downgrade',
  message: 'data version 2.0-1 is newer than the installed build 1.1-1',
};
const manualFix: Decision = {
  kind: 'refuse',
  reason: 'manual-fix',
  message: 'needs a manual fix: check certs: CA expired',
};
const unmetCheck: Decision = { ...manualFix, unmetChecks: ['certs'] };
const rolledBack: Decision = {
  kind: 'refuse',
  reason: 'rolled-back',
  message: 'data was rolled back to 1.0-1; build 1.1-1 is the one it was rolled back from',
};
const rollbackMarker = {
  state: 'refused',
  reason: 'rolled-back',
  detail: 'data rolled back to 1.0-1',
  to: '1.1-1',
  downgrade: 'dnf downgrade acme-server-1.0-1',
};
const rollbackUnfinished: Decision = {
  kind: 'refuse',
  reason: 'rollback-unfinished',
  message: 'a rollback to backup 1.0-1-20261207T080000Z did not finish: the data is half restored',
};
const cutShortMarker = {
  state: 'failed',
  reason: 'rollback-interrupted',
  detail: 'the rollback to backup B did not finish; rerun it: upgrade-hook rollback acme 1.0-1-20261207T080000Z',
  to: '1.1-1',
  backup: '1.0-1-20261207T080000Z',
};
const stateLost: Decision = {
  kind: 'refuse',
  reason: 'state-lost',
  message: 'data was rolled back, but no data version is stored',
};
const forced: Decision = {
  kind: 'needed',
  message: 'upgrade forced by --skip-version-check although data version 2.0-1 is newer',
  overridden: 'newer',
  deferred: false,
};
const chroot = {
  reason: 'chroot' as const,
  detail: 'running in a chroot (/ differs from /proc/1/root); the next start of the service will run it',
};
const bridge = { reason: 'bridge' as const, detail: 'dnf5 will run the upgrade right after this transaction' };
const blocked = {
  reason: 'no-systemd',
  detail: 'systemd is not running as PID 1 and the services acme-web.service are systemd units',
};
const standingFailure = {
  state: 'failed',
  reason: 'script-failed',
  detail: '3100_x exited with status 1',
  to: '1.1-1',
  script: '3100_x',
  scriptSum: 'aaa',
};

const acme = { name: 'acme', logFile: '/var/log/acme/upgrade.log', autoUpgrade: true };

function input(entry: EntryPoint, underLock: boolean, change: Partial<EntryInput> = {}): EntryInput {
  return {
    ...entryInput(entry, { product: acme, decision: needed, marker: undefined, buildVersion: '1.1-1' }, { underLock }),
    ...change,
  };
}

test("entryInput: what an entry read, and only the facts it passes; the others' stay unset", () => {
  const seen = { product: acme, decision: needed, marker: standingFailure, buildVersion: '1.1-1' };
  assert.deepEqual(entryInput('posttrans', seen), {
    entry: 'posttrans',
    product: 'acme',
    logFile: '/var/log/acme/upgrade.log',
    autoUpgrade: true,
    decision: needed,
    marker: standingFailure,
    buildVersion: '1.1-1',
    underLock: false,
    holder: undefined,
    failedScriptSumNow: undefined,
    transactionDeferral: undefined,
    unitsBlocked: undefined,
    force: false,
  });
  const gate = entryInput(
    'gate',
    { ...seen, marker: undefined },
    { holder: { phase: 'online', pid: 7 }, failedScriptSumNow: 'aaa' },
  );
  assert.deepEqual([gate.holder, gate.failedScriptSumNow, gate.underLock], [{ phase: 'online', pid: 7 }, 'aaa', false]);
  // the holder it passed is what the policy reads: the start passes while that upgrade has its apps up
  const passed = entryAction(gate);
  assert.equal(passed.kind, 'nothing');
  assert.match((passed as { message: string }).message, /pid 7 has reached the phase with the apps up/);
});

// [entry, under the lock, situation, what it read, what it does, its exit status (undefined: it throws), the marker it leaves]
type Row = [
  EntryPoint,
  boolean,
  string,
  Partial<EntryInput>,
  EntryAction['kind'],
  number | undefined,
  string | undefined,
];
const rows: Row[] = [
  ['posttrans', false, 'up to date', { decision: upToDate }, 'nothing', EXIT.ok, undefined],
  ['posttrans', false, 'not configured', { decision: notConfigured }, 'nothing', EXIT.ok, undefined],
  [
    'posttrans',
    false,
    'a downgrade: never fails the transaction, leaves a refused marker',
    { decision: downgrade },
    'nothing',
    EXIT.ok,
    'refused downgrade',
  ],
  [
    'posttrans',
    false,
    'a check needs a manual fix: said loudly, exit 0, no marker (the checks run again at the start)',
    { decision: manualFix },
    'refuse',
    undefined,
    undefined,
  ],
  [
    'gate',
    false,
    'a check needs a manual fix: refused, no marker',
    { decision: manualFix },
    'refuse',
    undefined,
    undefined,
  ],
  [
    'run',
    true,
    'a check needs a manual fix: refused under the lock, no marker',
    { decision: manualFix },
    'refuse',
    undefined,
    undefined,
  ],
  [
    'gate',
    true,
    'a check needs a manual fix (under the lock): refused, no marker',
    { decision: manualFix },
    'refuse',
    undefined,
    undefined,
  ],
  [
    'run',
    true,
    'a check an upgrade did not satisfy, run --force: the upgrade runs once more',
    { decision: unmetCheck, force: true },
    'upgrade',
    undefined,
    undefined,
  ],
  [
    'run',
    true,
    'a check an upgrade did not satisfy, no --force: refused, no marker',
    { decision: unmetCheck },
    'refuse',
    undefined,
    undefined,
  ],
  [
    'gate',
    false,
    'a check an upgrade did not satisfy: the start is refused, no upgrade loop',
    { decision: unmetCheck },
    'refuse',
    undefined,
    undefined,
  ],
  [
    'run',
    true,
    'a plain manual fix, run --force: still refused',
    { decision: manualFix, force: true },
    'refuse',
    undefined,
    undefined,
  ],
  [
    'posttrans',
    false,
    'rolled back, packages not downgraded yet: the rollback marker stays',
    { decision: rolledBack, marker: rollbackMarker },
    'nothing',
    EXIT.ok,
    undefined,
  ],
  [
    'gate',
    false,
    'rolled back, packages not downgraded yet: refused',
    { decision: rolledBack, marker: rollbackMarker },
    'refuse',
    undefined,
    undefined,
  ],
  [
    'run',
    true,
    'rolled back: refused, the rollback marker stays',
    { decision: rolledBack, marker: rollbackMarker },
    'refuse',
    undefined,
    undefined,
  ],
  ...(['posttrans', 'gate', 'run', 'bridge'] as const).flatMap((entry) =>
    [false, true].map(
      (underLock): Row => [
        entry,
        underLock,
        'a rollback cut short: refused, the rollback marker stays',
        { decision: rollbackUnfinished, marker: cutShortMarker },
        'refuse',
        undefined,
        undefined,
      ],
    ),
  ),
  [
    'gate',
    false,
    'a rollback cut short, the packages downgraded meanwhile: still refused',
    { decision: rollbackUnfinished, marker: { ...cutShortMarker, to: '1.1-1' }, buildVersion: '1.0-1' },
    'refuse',
    undefined,
    undefined,
  ],
  [
    'run',
    true,
    'a rollback cut short, --force: refused all the same',
    { decision: rollbackUnfinished, marker: cutShortMarker, force: true },
    'refuse',
    undefined,
    undefined,
  ],
  [
    'gate',
    false,
    'rolled back, the state file lost: refused (never "not configured")',
    { decision: stateLost, marker: rollbackMarker },
    'refuse',
    undefined,
    undefined,
  ],
  ['posttrans', false, 'needed, nothing in the way', {}, 'upgrade', undefined, undefined],
  ['posttrans', false, 'needed in a chroot', { transactionDeferral: chroot }, 'defer', EXIT.ok, 'deferred chroot'],
  [
    'posttrans',
    false,
    'needed, a dnf bridge comes after the transaction',
    { transactionDeferral: bridge },
    'defer',
    EXIT.ok,
    'deferred bridge',
  ],
  [
    'posttrans',
    false,
    'needed, auto_upgrade = no',
    { autoUpgrade: false },
    'defer',
    EXIT.ok,
    'deferred auto-upgrade-off',
  ],
  [
    'posttrans',
    false,
    'the host reason outranks auto_upgrade = no',
    { autoUpgrade: false, transactionDeferral: chroot },
    'defer',
    EXIT.ok,
    'deferred chroot',
  ],
  ['gate', false, 'up to date: through, quietly', { decision: upToDate }, 'nothing', EXIT.ok, undefined],
  ['gate', false, 'a downgrade: refused, exit 3', { decision: downgrade }, 'refuse', undefined, undefined],
  ['gate', false, 'needed: upgrade before the start', {}, 'upgrade', undefined, undefined],
  [
    'gate',
    false,
    'needed, auto_upgrade = no: the admin runs it, exit 4',
    { autoUpgrade: false },
    'needs-admin',
    EXIT.needed,
    undefined,
  ],
  [
    'gate',
    false,
    'a failure that stands: refused at once',
    { marker: standingFailure, failedScriptSumNow: 'aaa' },
    'refuse',
    undefined,
    undefined,
  ],
  [
    'gate',
    false,
    'only the online phase left',
    { marker: { state: 'deferred', reason: 'online-pending', detail: 'd', to: '1.1-1' } },
    'pass-and-finish',
    undefined,
    undefined,
  ],
  ['gate', true, 'another run finished while the gate waited', { decision: upToDate }, 'nothing', EXIT.ok, undefined],
  [
    'gate',
    true,
    'another run failed while the gate waited: not retried',
    { marker: standingFailure, failedScriptSumNow: 'aaa' },
    'refuse',
    undefined,
    undefined,
  ],
  [
    'gate',
    true,
    'another run handed over while the gate waited',
    { marker: { state: 'deferred', reason: 'online-pending', detail: 'd', to: '1.1-1' } },
    'pass-and-finish',
    undefined,
    undefined,
  ],
  ['gate', true, 'still needed: upgrade', {}, 'upgrade', undefined, undefined],
  ['run', true, 'up to date', { decision: upToDate }, 'nothing', EXIT.ok, undefined],
  [
    'run',
    true,
    'up to date, --force: the always-scripts again',
    { decision: upToDate, force: true },
    'upgrade',
    undefined,
    undefined,
  ],
  ['run', true, 'not configured: exit 6', { decision: notConfigured }, 'nothing', EXIT.notConfigured, undefined],
  [
    'run',
    true,
    'a downgrade: refused with a marker',
    { decision: downgrade },
    'refuse',
    undefined,
    'refused downgrade',
  ],
  [
    'run',
    true,
    'needed, units cannot be controlled here: deferred, exit 5',
    { unitsBlocked: blocked },
    'defer',
    EXIT.deferred,
    'deferred no-systemd',
  ],
  [
    'run',
    true,
    'a standing failure: the admin run retries it',
    { marker: standingFailure, failedScriptSumNow: 'aaa' },
    'upgrade',
    undefined,
    undefined,
  ],
  ['run', true, 'auto_upgrade = no does not stop an admin', { autoUpgrade: false }, 'upgrade', undefined, undefined],
  ['bridge', true, 'needed: upgrade', {}, 'upgrade', undefined, undefined],
  ['bridge', true, 'up to date by now', { decision: upToDate }, 'nothing', EXIT.ok, undefined],
  [
    'posttrans',
    true,
    'under the lock, units blocked: deferred',
    { unitsBlocked: blocked },
    'defer',
    EXIT.deferred,
    'deferred no-systemd',
  ],
];

for (const [entry, underLock, name, change, kind, exit, marker] of rows) {
  test(`${entry}${underLock ? ' (under the lock)' : ''}: ${name}`, () => {
    const a = entryAction(input(entry, underLock, change));
    assert.equal(a.kind, kind);
    assert.equal('exit' in a ? a.exit : undefined, exit);
    const m = 'marker' in a ? a.marker : undefined;
    assert.equal(m ? `${m.state} ${m.reason}` : undefined, marker);
  });
}

test('posttrans deferral messages say how to run it now, except when the bridge will', () => {
  const chrooted = entryAction(input('posttrans', false, { transactionDeferral: chroot }));
  assert.match(chrooted.message, /^upgrade deferred \(chroot\): .*; to run it now: upgrade-hook run acme$/);
  const bridged = entryAction(input('posttrans', false, { transactionDeferral: bridge }));
  assert.equal(bridged.message, 'upgrade deferred (bridge): dnf5 will run the upgrade right after this transaction');
  assert.equal(
    bridged.kind === 'defer' && bridged.takeRestartMarks,
    true,
    'the bridge restarts the units: posttrans takes their restart marks',
  );
});

test('an overridden version check runs with the warning; a refusal names the override', () => {
  const a = entryAction(input('run', true, { decision: forced }));
  assert.equal(a.kind === 'upgrade' && a.warning, forced.message);
  const r = entryAction(input('run', true, { decision: downgrade }));
  assert.equal(
    r.kind === 'refuse' && r.hint,
    'to override at your own risk: upgrade-hook run --skip-version-check acme',
  );
});

test('after the downgrade the data matches the build: the gate and the runner clear the rollback marker', () => {
  const gate = entryAction(input('gate', false, { decision: upToDate, marker: rollbackMarker }));
  assert.equal(gate.kind === 'nothing' && gate.clearRollback, true);
  const run = entryAction(input('run', true, { decision: upToDate, marker: rollbackMarker }));
  assert.equal(run.kind === 'nothing' && run.clearRollback, true);
  assert.equal(
    entryAction(input('gate', false, { decision: upToDate })).kind === 'nothing' &&
      'clearRollback' in entryAction(input('gate', false, { decision: upToDate })),
    false,
  );
});

test('the bridge runs only what posttrans deferred to it', () => {
  assert.equal(bridgeRunsIt({ state: 'deferred', reason: 'bridge' }), true);
  for (const m of [undefined, { state: 'deferred', reason: 'chroot' }, { state: 'failed', reason: 'bridge' }])
    assert.equal(bridgeRunsIt(m), false);
});

test('a refusal for a check an upgrade did not satisfy says how to retry; a plain manual fix does not', () => {
  const gate = entryAction(input('gate', false, { decision: unmetCheck }));
  assert.match(gate.kind === 'refuse' ? gate.hint : '', /run the upgrade again: upgrade-hook run --force acme$/);
  const plain = entryAction(input('gate', false, { decision: manualFix }));
  assert.doesNotMatch(plain.kind === 'refuse' ? plain.hint : '', /--force/);
});

test('a rollback cut short: every refusal names the rollback of the same backup as the command to run', () => {
  for (const entry of ['posttrans', 'gate', 'run', 'bridge'] as const) {
    const a = entryAction(
      input(entry, entry !== 'posttrans', { decision: rollbackUnfinished, marker: cutShortMarker }),
    );
    assert.match(
      a.kind === 'refuse' ? a.hint : '',
      /rerun the rollback: upgrade-hook rollback acme 1\.0-1-20261207T080000Z$/,
    );
  }
  // a marker written before the backup had its own field: the name comes from the detail
  const old = { ...cutShortMarker, backup: undefined };
  const a = entryAction(input('gate', false, { decision: rollbackUnfinished, marker: old }));
  assert.match(a.kind === 'refuse' ? a.hint : '', /upgrade-hook rollback acme 1\.0-1-20261207T080000Z$/);
});

// status's Next, from the same decision: [situation, decision, marker, running, next]
const nextRows: Array<
  [
    string,
    Decision,
    Parameters<typeof nextStep>[0]['marker'],
    Parameters<typeof nextStep>[0]['running'],
    string | undefined,
  ]
> = [
  ['up to date', upToDate, undefined, undefined, undefined],
  ['not configured', notConfigured, undefined, undefined, undefined],
  ['needed', needed, undefined, undefined, 'upgrade-hook run acme'],
  ['a standing failure', needed, standingFailure, undefined, 'upgrade-hook run acme'],
  [
    'a rollback cut short',
    rollbackUnfinished,
    cutShortMarker,
    undefined,
    'upgrade-hook rollback acme 1.0-1-20261207T080000Z',
  ],
  [
    'rolled back, state file lost',
    stateLost,
    { ...rollbackMarker, backup: 'B1' },
    undefined,
    'upgrade-hook rollback acme B1',
  ],
  ['rolled back', rolledBack, rollbackMarker, undefined, 'dnf downgrade acme-server-1.0-1'],
  ['a manual fix', manualFix, undefined, undefined, 'fix it as the check says, then: upgrade-hook check acme'],
  [
    'a downgrade',
    downgrade,
    undefined,
    undefined,
    'install the build matching the data, or see upgrade-hook run --help (--skip-version-check)',
  ],
  [
    'running, retrying a failure',
    needed,
    standingFailure,
    42,
    'wait for pid 42; if it fails too: upgrade-hook run acme',
  ],
  [
    'running, retrying a failure it keeps as previous',
    needed,
    {
      state: 'failed',
      reason: 'interrupted',
      detail: 'the upgrade started at T did not finish',
      previous: standingFailure,
    },
    42,
    'wait for pid 42; if it fails too: upgrade-hook run acme',
  ],
  [
    'running, a first attempt',
    needed,
    { state: 'failed', reason: 'interrupted', detail: 'started at T' },
    42,
    undefined,
  ],
  ['running', needed, undefined, 42, undefined],
  // a rollback holds the lock with its own marker: should it fail, the rollback again, never an upgrade
  [
    'a rollback running',
    rollbackUnfinished,
    cutShortMarker,
    42,
    'wait for pid 42; if it fails too: upgrade-hook rollback acme 1.0-1-20261207T080000Z',
  ],
  [
    'a downgrade overridden',
    { ...needed, overridden: downgrade.message },
    undefined,
    undefined,
    'install the build matching the data, or see upgrade-hook run --help (--skip-version-check)',
  ],
  [
    'rolled back, overridden',
    { ...needed, overridden: rolledBack.message },
    rollbackMarker,
    undefined,
    'dnf downgrade acme-server-1.0-1',
  ],
];
for (const [name, decision, marker, running, next] of nextRows) {
  test(`status's Next: ${name}`, () => {
    assert.equal(nextStep({ product: 'acme', decision, marker, running }), next);
  });
}

test("status's Next never says `upgrade-hook run` where a plain run is refused or would harm the data", () => {
  const decisions = [
    needed,
    upToDate,
    notConfigured,
    downgrade,
    manualFix,
    unmetCheck,
    rolledBack,
    rollbackUnfinished,
    stateLost,
  ];
  const overridden = [downgrade, rolledBack].map((r) => ({ ...needed, overridden: r.message }));
  const markers = [
    undefined,
    rollbackMarker,
    cutShortMarker,
    standingFailure,
    { ...standingFailure, reason: 'interrupted', previous: standingFailure },
  ];
  for (const decision of [...decisions, ...overridden])
    for (const marker of markers)
      for (const running of [undefined, 42]) {
        const next = nextStep({ product: 'acme', decision, marker, running }) ?? '';
        const runIsSafe = decision.kind === 'needed' && decision.overridden === undefined;
        if (!runIsSafe)
          assert.doesNotMatch(next, /upgrade-hook run acme/, `${decision.message} / ${marker?.reason} / ${running}`);
      }
});

// run --only: [situation, decision, marker, the steps' phases with the apps up, refused]
const onlyRows: Array<[string, Decision, Parameters<typeof onlyRefusal>[0]['marker'], boolean[], RegExp | undefined]> =
  [
    ['up to date, an online step', upToDate, undefined, [true], undefined],
    ['upgrade pending, offline steps', needed, standingFailure, [false, false], undefined],
    ['upgrade pending, an online step', needed, undefined, [false, true], /starts the apps of this build/],
    ['a downgrade, an online step', downgrade, undefined, [true], /starts the apps of this build/],
    [
      'a rollback cut short',
      rollbackUnfinished,
      cutShortMarker,
      [false],
      /rerun the rollback: upgrade-hook rollback acme 1\.0-1/,
    ],
    ['rolled back', rolledBack, rollbackMarker, [false], /dnf downgrade acme-server-1\.0-1/],
    ['a manual fix, an online step', manualFix, undefined, [true], undefined],
  ];
for (const [name, decision, marker, appsUp, refused] of onlyRows) {
  test(`run --only: ${name}`, () => {
    const r = onlyRefusal({
      product: 'acme',
      decision,
      marker,
      steps: appsUp.map((up, n) => ({ name: `00${n}0_x`, phase: up ? 'online' : 'offline', appsUp: up })),
    });
    if (!refused) assert.equal(r, undefined);
    else assert.match(`${r?.message} ${r?.hint}`, refused);
  });
}

test('stamp, resolve and backup by hand: refused on half-restored data; stamp and resolve on rolled-back data', () => {
  for (const what of ['stamp', 'resolve', 'backup'] as const)
    assert.match(
      refusalWhileRolledBack('acme', cutShortMarker, what, true)?.hint ?? '',
      /upgrade-hook rollback acme 1\.0-1/,
    );
  const rolled = { ...rollbackMarker, from: '1.0-1' };
  assert.match(refusalWhileRolledBack('acme', rolled, 'stamp', false)?.hint ?? '', /^dnf downgrade acme-server-1\.0-1/);
  assert.equal(
    refusalWhileRolledBack('acme', rolled, 'stamp', true),
    undefined,
    'a stamp of the matching build completes it',
  );
  assert.ok(refusalWhileRolledBack('acme', rolled, 'resolve', true));
  assert.equal(refusalWhileRolledBack('acme', rolled, 'backup', false), undefined, 'rolled-back data is consistent');
  assert.equal(refusalWhileRolledBack('acme', standingFailure, 'stamp', false), undefined);
});

// %posttrans stopped by an error: [error code, the marker it leaves (state reason), only when there is none]
const posttransErrorRows: Array<[string | undefined, string | undefined, boolean]> = [
  ['LOCK_BUSY', 'deferred lock-busy', true],
  ['UPGRADE_FAILED', undefined, false],
  ['REFUSED', undefined, false],
  ['BACKUP_NO_SPACE', undefined, false],
  // the upgrade interrupted by a signal left "interrupted" (rerun to resume); a lost lock is another run's now
  ['INTERRUPTED', undefined, false],
  ['LOCK_LOST', undefined, false],
  ['STALE_SCRIPT_RUNNING', 'failed posttrans-error', false],
  ['SCRIPT_INVALID', 'failed posttrans-error', false],
  [undefined, 'failed posttrans-error', false],
];
for (const [code, marker, onlyIfNone] of posttransErrorRows) {
  test(`posttrans after an error ${code ?? '(not ours)'}: ${marker ?? "the marker that stands is the run's own"}`, () => {
    const after = posttransErrorMarker(code, 'it broke');
    assert.equal(after && `${after.marker.state} ${after.marker.reason}`, marker);
    if (after) assert.equal(after.onlyIfNone, onlyIfNone);
    if (after) assert.equal(after.marker.detail, 'it broke');
  });
}

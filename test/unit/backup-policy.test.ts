// The pure parts of backups: when an upgrade takes one, its name, which ones go, the space verdict, the
// package command after a rollback, the [backup] section's validation, and decide() after a rollback.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  backupDue,
  backupName,
  backupsToPrune,
  downgradeCommand,
  formatBytes,
  HEADROOM_BYTES,
  spaceProblem,
} from '../../src/backup/policy.js';
import { historyWithout } from '../../src/backup/take.js';
import { decide, type DecisionInput } from '../../src/plan/decide.js';
import type { BackupSpec } from '../../src/product/descriptor.js';
import type { RawDescriptor, RawSection, RawValue } from '../../src/product/raw-descriptor.js';
import { validateDescriptor } from '../../src/product/validate.js';
import type { HistoryRecord } from '../../src/record/history-record.js';

const spec: BackupSpec = {
  paths: ['/var/lib/acme'],
  dump: undefined,
  restore: undefined,
  dir: '/var/lib/upgrade-hook/acme/backups',
  keep: 2,
  required: true,
};
const at = '2026-01-01T00:00:00Z';
const runStart = (run: string): HistoryRecord => ({ t: 'run-start', run, at, from: '1.0', to: '1.1', pid: 1 });
const scriptStart = (run: string, script: string): HistoryRecord => ({
  t: 'script-start',
  run,
  at,
  script,
  kind: 'once',
  phase: 'offline',
  sum: 's',
});
const runEnd = (run: string, result: 'ok' | 'failed'): HistoryRecord => ({ t: 'run-end', run, at, result });
const baseline: HistoryRecord = { t: 'baseline', run: 'stamp', at, script: '0010_a', sum: 's', version: '1.0' };

const dueRows: Array<[string, BackupSpec | undefined, HistoryRecord[], number, boolean, RegExp]> = [
  ['no [backup] section', undefined, [], 3, false, /no \[backup\] section/],
  ['nothing to run', spec, [], 0, false, /no script runs/],
  ['a fresh upgrade after a stamp', spec, [baseline], 2, true, /required before every upgrade/],
  [
    'a fresh upgrade after a successful one',
    spec,
    [runStart('a'), scriptStart('a', '0010_a'), runEnd('a', 'ok')],
    1,
    true,
    /required/,
  ],
  [
    'a run that failed before any script (a failed backup, a service): back up again',
    spec,
    [runStart('a'), runEnd('a', 'failed')],
    1,
    true,
    /required/,
  ],
  ['a run killed during its backup: back up again', spec, [runStart('a')], 1, true, /required/],
  [
    'a resume after a failed script',
    spec,
    [runStart('a'), scriptStart('a', '0010_a'), runEnd('a', 'failed')],
    1,
    false,
    /resuming: once\/0010_a already ran/,
  ],
  [
    'a resume after a kill in a script',
    spec,
    [baseline, runStart('a'), scriptStart('a', '0020_b')],
    1,
    false,
    /resuming: once\/0020_b/,
  ],
  [
    'the finish unit after the gate handed over (not a success)',
    spec,
    [runStart('a'), scriptStart('a', '0010_a'), { t: 'run-end', run: 'a', at, result: 'handed-over' }],
    1,
    false,
    /resuming: once\/0010_a/,
  ],
  ['required = no', { ...spec, required: false }, [], 1, true, /taken when possible/],
];
for (const [name, s, records, toRun, take, why] of dueRows) {
  test(`backup due: ${name}`, () => {
    const d = backupDue(s, records, toRun);
    assert.equal(d.take, take);
    assert.match(d.why, why);
  });
}

test('a backup is named after the from-version and the time, with unsafe characters replaced', () => {
  assert.equal(backupName('1.1-1', new Date('2026-11-27T15:30:00.123Z')), '1.1-1-20261127T153000Z');
  assert.equal(backupName('1:2.0/x', new Date('2026-11-27T15:30:00Z')), '1_2.0_x-20261127T153000Z');
});

test('pruning keeps the newest `keep` backups and removes the oldest first', () => {
  const b = (name: string, createdAt: string) => ({ name, createdAt });
  const all = [b('c', '2026-03'), b('a', '2026-01'), b('b', '2026-02')];
  assert.deepEqual(
    backupsToPrune(all, 2).map((x) => x.name),
    ['a'],
  );
  assert.deepEqual(
    backupsToPrune(all, 1).map((x) => x.name),
    ['a', 'b'],
  );
  assert.deepEqual(backupsToPrune(all, 5), []);
});

test('the space verdict says how much is needed and where, or nothing when it fits', () => {
  assert.equal(spaceProblem(1024, HEADROOM_BYTES + 1024, '/b'), undefined);
  const p = spaceProblem(100 * 1024 * 1024, 50 * 1024 * 1024, '/var/lib/upgrade-hook/acme/backups');
  assert.match(
    p!,
    /^not enough space for the backup in \/var\/lib\/upgrade-hook\/acme\/backups: it needs 164 MiB \(100 MiB of data \+ 64\.0 MiB headroom\), the filesystem has 50\.0 MiB free; free 114 MiB there/,
  );
  assert.equal(formatBytes(512), '512 B');
  assert.equal(formatBytes(1536), '1.5 KiB');
});

test('the downgrade command: dnf history undo when the transaction is known, else dnf downgrade PACKAGE-VERSION', () => {
  const facts = { restoredVersion: '1.1-1', owningPackage: undefined, transaction: undefined };
  assert.equal(
    downgradeCommand({ ...facts, buildSource: { kind: 'rpm', package: 'acme-server' }, transaction: 42 }),
    'dnf history undo 42',
  );
  assert.equal(
    downgradeCommand({ ...facts, buildSource: { kind: 'rpm', package: 'acme-server' } }),
    'dnf downgrade acme-server-1.1-1',
  );
  assert.equal(
    downgradeCommand({ ...facts, restoredVersion: '0:1.1-1', buildSource: { kind: 'rpm', package: 'acme-server' } }),
    'dnf downgrade acme-server-1.1-1',
  );
  assert.equal(
    downgradeCommand({
      ...facts,
      owningPackage: 'acme-server',
      buildSource: { kind: 'file', path: '/usr/share/acme/VERSION' },
    }),
    'dnf downgrade acme-server-1.1-1',
  );
  assert.match(
    downgradeCommand({ ...facts, buildSource: { kind: 'literal', value: '1.2' } }),
    /^dnf downgrade PACKAGE-1\.1-1 /,
  );
});

test('the backup keeps the history as it was before the upgrade that takes it', () => {
  const text = [
    '{"t":"baseline","run":"stamp"}',
    '{"t":"run-start","run":"r2"}',
    '{"t":"run-end","run":"r1"}',
    '{"t":"torn',
  ].join('\n');
  assert.equal(historyWithout(text, 'r2'), '{"t":"baseline","run":"stamp"}\n{"t":"run-end","run":"r1"}\n');
});

// [backup] in the descriptor
const FILE = '/usr/lib/upgrade-hook/products.d/acme.conf';
let line = 1;
const v = (value: string): RawValue => ({ value, file: FILE, line: line++ });
const section = (name: string, keys: Record<string, RawValue>): RawSection => ({
  name,
  file: FILE,
  line: line++,
  keys: new Map(Object.entries(keys)),
});
function descriptor(backup: RawSection): RawDescriptor {
  const product = section('product', {
    build_version: v('1.0'),
    state_file: v('/var/lib/acme/state'),
    state_section: v('acme'),
    scripts: v('/usr/share/acme/upgrade.d'),
    var_dir: v('/var/lib/uh/acme'),
  });
  return { name: 'acme', sources: [FILE], sections: new Map([product, backup].map((s) => [s.name, s])) };
}

test('[backup] with only paths gets the defaults: dir under var_dir, keep 2, required', () => {
  const r = validateDescriptor(descriptor(section('backup', { paths: v('/var/lib/acme/data  /etc/acme/acme.conf') })));
  assert.ok(r.ok, JSON.stringify(!r.ok && r.problems));
  assert.deepEqual(r.descriptor.backup, {
    paths: ['/var/lib/acme/data', '/etc/acme/acme.conf'],
    dump: undefined,
    restore: undefined,
    dir: '/var/lib/uh/acme/backups',
    keep: 2,
    required: true,
  });
});

test('[backup] with dump and restore, keep and required = no', () => {
  const r = validateDescriptor(
    descriptor(
      section('backup', {
        dump: v('pg_dump -Fc -f "$UPGRADE_HOOK_DUMP_FILE" acme # the db'),
        restore: v('pg_restore -d acme "$UPGRADE_HOOK_DUMP_FILE"'),
        dir: v('/srv/backups/acme/'),
        keep: v('5'),
        required: v('no'),
      }),
    ),
  );
  assert.ok(r.ok, JSON.stringify(!r.ok && r.problems));
  assert.deepEqual(r.warnings, [], 'a shell command keeps its # comment without a warning');
  assert.equal(r.descriptor.backup!.dir, '/srv/backups/acme');
  assert.equal(r.descriptor.backup!.keep, 5);
  assert.equal(r.descriptor.backup!.required, false);
});

const badRows: Array<[string, Record<string, string>, RegExp]> = [
  ['relative path', { paths: 'data' }, /\[backup\] paths: data must be an absolute path/],
  ['the root', { paths: '/' }, /\[backup\] paths: \/ is not a product's data/],
  ['nothing to back up', { keep: '2' }, /\[backup\] needs paths = .* or dump = /],
  ['dump without restore', { dump: 'pg_dump' }, /\[backup\] dump needs restore = /],
  ['restore without dump', { paths: '/srv/a', restore: 'x' }, /\[backup\] restore without dump/],
  ['keep 0', { paths: '/srv/a', keep: '0' }, /\[backup\] keep = 0: use a whole number of backups, 1 or more/],
  ['required maybe', { paths: '/srv/a', required: 'maybe' }, /\[backup\] required = maybe: use yes or no/],
  ['relative dir', { paths: '/srv/a', dir: 'backups' }, /\[backup\] dir = backups: must be an absolute path/],
  [
    'dir inside a backed-up path',
    { paths: '/var/lib/uh', dir: '/var/lib/uh/acme/b' },
    /\[backup\] dir \/var\/lib\/uh\/acme\/b is inside the backed-up path \/var\/lib\/uh/,
  ],
  [
    'default dir inside a backed-up path',
    { paths: '/var/lib' },
    /dir \/var\/lib\/uh\/acme\/backups is inside the backed-up path \/var\/lib/,
  ],
  ['a misspelt key', { paths: '/srv/a', kep: '3' }, /unknown key "kep" in \[backup\]: did you mean "keep"\?/],
];
for (const [name, keys, message] of badRows) {
  test(`[backup] refused: ${name}, at the file and line of the key`, () => {
    const values = Object.fromEntries(Object.entries(keys).map(([k, x]) => [k, v(x)]));
    const r = validateDescriptor(descriptor(section('backup', values)));
    assert.equal(r.ok, false);
    if (r.ok) return;
    const hit = r.problems.find((p) => message.test(p.message));
    assert.ok(hit, r.problems.map((p) => p.message).join('\n'));
    assert.equal(hit.file, FILE);
    assert.ok(hit.line > 0);
  });
}

// decide() after a rollback: the build rolled back from is refused on the restored data
const input = (o: Partial<DecisionInput>): DecisionInput => ({
  scheme: 'rpm',
  dataVersion: '1.1-1',
  dataPlatform: 'f40',
  buildVersion: '1.2-1',
  buildPlatform: 'f40',
  skipVersionCheck: false,
  adopted: false,
  marker: { state: 'refused', reason: 'rolled-back', to: '1.2-1', downgrade: 'dnf downgrade acme-server-1.1-1' },
  ...o,
});
test('decide after a rollback: the build rolled back from is refused with the downgrade command', () => {
  const d = decide(input({}));
  assert.equal(d.kind, 'refuse');
  assert.match(
    d.message,
    /rolled back to 1\.1-1; build 1\.2-1 is the one it was rolled back from: downgrade the packages: dnf downgrade acme-server-1\.1-1/,
  );
});
test('decide after a rollback: the packages downgraded, the data matches: up to date', () => {
  assert.equal(decide(input({ buildVersion: '1.1-1' })).kind, 'up-to-date');
});
test('decide after a rollback: a new (fixed) build upgrades as usual', () => {
  assert.equal(decide(input({ buildVersion: '1.2-2' })).kind, 'needed');
});
test('decide after a rollback: --skip-version-check upgrades anyway, loudly', () => {
  const d = decide(input({ skipVersionCheck: true }));
  assert.equal(d.kind, 'needed');
  assert.match(d.message, /forced by --skip-version-check/);
});

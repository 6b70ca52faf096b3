// A full disk: the whole product (state file, var_dir with history and marker, log, scripts) on a tiny tmpfs
// in a private mount namespace, filled to the last byte. A write of the state file, the marker or the history
// fails with a message that says so and names the file; the old content is intact; no temporary file is left.
// The history case: a script fills the disk so the durable end record is the write that fails; after space
// comes back the rerun completes. Root only (mount); the mount dies with the namespace.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inPrivateMounts } from '../helpers/private-mounts.js';
import { REPO, assertToolBuilt, writeFigures } from '../helpers/torture-product.js';

interface Outcome {
  scenario: string;
  root: string;
  args: string[];
  status: number | null;
  stdout: string;
  stderr: string;
  before: { state: string | null; history: string | null; marker: string | null };
  after: { state: string | null; history: string | null; marker: string | null };
  leftovers: string[];
  lockLeft?: boolean;
  historyParses?: { ok: boolean; records?: number; error?: string };
  rerun?: { status: number | null; stderr: string };
  check?: number | null;
}

const isRoot = process.getuid?.() === 0;
const hasUnshare = spawnSync('unshare', ['--version']).status === 0;
let outcomes: Outcome[] | undefined;

function outcomesOnce(): Outcome[] {
  if (outcomes) return outcomes;
  assertToolBuilt();
  const mount = mkdtempSync(join(tmpdir(), 'uh-torture-mnt-'));
  try {
    outcomes = inPrivateMounts<Outcome[]>([join(REPO, 'build/test/helpers/torture-full-disk-worker.js'), mount]);
  } finally {
    rmdirSync(mount);
  }
  return outcomes;
}

const records = (text: string | null) => (text ?? '').split('\n').filter((l) => l.trim() !== '');

function expectFailedWrite(name: string, file: string, status: number) {
  const o = outcomesOnce().find((x) => x.scenario === name);
  assert.ok(o, `scenario ${name} ran`);
  assert.equal(o.status, status, `${name}: exit ${o.status}: ${o.stderr}`);
  const first = o.stderr.split('\n').find((l) => l.startsWith('error: ')) ?? '';
  assert.ok(first.includes(join(o.root, file)), `${name}: the error names ${file}: ${o.stderr}`);
  assert.match(first, /no space left on device/, `${name}: the error says the disk is full`);
  assert.match(first, /free space and rerun/, `${name}: and what to do`);
  assert.doesNotMatch(o.stderr, /^\s+at |internal error/m, `${name}: no stack trace`);
  assert.deepEqual(o.leftovers, [], `${name}: no temporary files left`);
  assert.equal(o.after.state, o.before.state, `${name}: the state file is intact`);
  // The history may have been created (empty) or grown by records written before the disk filled; never lost.
  assert.deepEqual(
    records(o.after.history).slice(0, records(o.before.history).length),
    records(o.before.history),
    `${name}: history intact`,
  );
  return o;
}

const skip = !isRoot ? 'needs root (mount)' : !hasUnshare ? 'needs unshare' : undefined;
const opts = (extra: Record<string, unknown> = {}) => (skip ? { skip } : extra);

test('full disk: state set fails naming the state file; the old state is intact', opts(), () => {
  const o = expectFailedWrite('state file', 'state/sysupgrade.state', 1);
  assert.match(o.before.state!, /# a comment another tool wrote/);
});

test('full disk: run cannot write its marker; says so, changes nothing', opts(), () => {
  const o = expectFailedWrite('marker (run)', 'var/marker', 1);
  assert.equal(o.after.marker, null);
  assert.doesNotMatch(o.stdout, /upgrading data/);
});

test('full disk: run with its log on the full disk too still names the marker', opts(), () => {
  expectFailedWrite('marker (run), log on the full disk', 'var/marker', 1);
});

test(
  'full disk: posttrans cannot write its deferral marker; says so, exits 0, the older marker is intact',
  opts(),
  () => {
    const o = expectFailedWrite('marker (posttrans)', 'var/marker', 0);
    assert.equal(o.after.marker, o.before.marker);
  },
);

test('full disk: the lock owner file on a full /run fails naming it, and the lock is not left behind', opts(), () => {
  const o = expectFailedWrite('lock owner file', 'lock/upgrade-hook/demo.', 1);
  assert.equal(o.lockLeft, false);
});

test('full disk: the durable end record of a script fails naming the history; the rerun completes', opts(), () => {
  const o = expectFailedWrite('history', 'var/history.jsonl', 1);
  assert.ok(o.historyParses?.ok, `history parses: ${o.historyParses?.error}`);
  assert.match(o.after.marker ?? '', /"state": "failed"/, 'the marker still says the upgrade is pending');
  assert.equal(o.rerun?.status, 0, o.rerun?.stderr);
  assert.equal(o.check, 0);
});

test('full disk: figures', opts(), () => {
  const all = outcomesOnce();
  writeFigures('full-disk', {
    scenarios: all.length,
    messages: all.map(
      (o) =>
        `${o.scenario}: ${(o.stderr.split('\n').find((l) => l.startsWith('error: ')) ?? '').replaceAll(o.root, '$ROOT')}`,
    ),
    tempFilesLeft: all.reduce((a, o) => a + o.leftovers.length, 0),
  });
});

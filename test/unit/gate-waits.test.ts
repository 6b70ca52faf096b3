// The starts a waiting gate holds (record/gate-waits.ts): kept per gate process, taken by the next run only
// from gates that are gone, added to the units it starts again before their files go.
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { keepGateWaits, dropGateWaits, takeOrphanedGateWaits } from '../../src/record/gate-waits.js';

test("a dead gate's starts are taken once, a live gate's are left, a dropped one is gone", (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'uh-gate-waits-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  keepGateWaits(dir, { pid: 101, start: '5' }, ['app.service', 'worker@1.service']);
  keepGateWaits(dir, { pid: 102, start: '6' }, ['app.service', 'web.service']);
  keepGateWaits(dir, { pid: 103, start: '7' }, ['live.service']);
  keepGateWaits(dir, { pid: 104, start: '8' }, ['dropped.service']);
  keepGateWaits(dir, { pid: 105, start: '9' }, []);
  dropGateWaits(dir, 104);
  mkdirSync(join(dir, 'gate-waits'), { recursive: true });
  writeFileSync(join(dir, 'gate-waits', '106'), 'not json');
  // the temporary files of a gate killed while it wrote (dead writer 107) and of one writing now (103)
  writeFileSync(join(dir, 'gate-waits', '.107.tmp-107-1-x'), '{"pid":107');
  writeFileSync(join(dir, 'gate-waits', '.103.tmp-103-1-x'), '{"pid":103');
  const kept: string[][] = [];
  const alive = (g: { pid: number }) => g.pid === 103;
  const units = takeOrphanedGateWaits(dir, alive, (u) => kept.push(u));
  assert.deepEqual(units, ['app.service', 'worker@1.service', 'web.service']);
  assert.deepEqual(kept, [units], 'handed over once, before the files go');
  assert.deepEqual(
    readdirSync(join(dir, 'gate-waits')).sort(),
    ['.103.tmp-103-1-x', '103'],
    "only the live gate's files are left",
  );
  assert.deepEqual(
    takeOrphanedGateWaits(dir, alive, () => assert.fail('nothing left to take')),
    [],
  );
});

test('a run killed while it hands them over finds them again', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'uh-gate-waits-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  keepGateWaits(dir, { pid: 201, start: '1' }, ['app.service']);
  assert.throws(() =>
    takeOrphanedGateWaits(
      dir,
      () => false,
      () => {
        throw new Error('killed');
      },
    ),
  );
  assert.deepEqual(
    takeOrphanedGateWaits(
      dir,
      () => false,
      () => {},
    ),
    ['app.service'],
  );
});

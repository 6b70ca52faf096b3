// The pure planner: phases by number, once-scripts by history, resume of always-scripts, changed checksums.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_PHASES } from '../../src/product/descriptor.js';
import { planUpgrade } from '../../src/plan/planner.js';
import { classifyName, type ScriptFile } from '../../src/script/script.js';
import { summarize, type HistoryRecord } from '../../src/record/history-record.js';

const s = (kind: ScriptFile['kind'], name: string): ScriptFile => ({
  name,
  number: Number(name.slice(0, 4)),
  kind,
  path: `/x/${kind}/${name}`,
  origin: 'package',
  timeoutSec: undefined,
  fingerprint: 'fp',
  runPath: `/x/${kind}/${name}`,
  identity: '1:1',
});
const at = '2026-01-01T00:00:00Z';

test('steps are ordered by phase, then number; cleanup is separate', () => {
  const p = planUpgrade({
    scripts: [
      s('once', '6000_c'),
      s('always', '0010_a'),
      s('once', '3000_b'),
      s('cleanup', '0001_restore'),
      s('always', '3000_a'),
    ],
    phases: DEFAULT_PHASES,
    history: summarize([]),
    target: '2',
    force: false,
    checksum: () => 'sum',
  });
  assert.deepEqual(
    p.steps.map((x) => `${x.phase}:${x.script.name}`),
    ['offline:0010_a', 'backend:3000_a', 'backend:3000_b', 'online:6000_c'],
  );
  assert.deepEqual(
    p.cleanup.map((x) => x.script.name),
    ['0001_restore'],
  );
});

test('once-scripts done are skipped; changed ones are reported; resumed always-scripts are skipped unless forced', () => {
  const records: HistoryRecord[] = [
    { t: 'baseline', run: 's', at, script: '0010_base', sum: 'old', version: '1' },
    { t: 'run-start', run: 'r1', at, from: '1', to: '2', pid: 1 },
    {
      t: 'script-end',
      run: 'r1',
      at,
      script: '0020_always',
      kind: 'always',
      phase: 'offline',
      sum: 'x',
      result: 'ok',
      exit: 0,
      signal: null,
      ms: 1,
    },
    {
      t: 'script-end',
      run: 'r1',
      at,
      script: '0030_once',
      kind: 'once',
      phase: 'offline',
      sum: 'x',
      result: 'failed',
      exit: 1,
      signal: null,
      ms: 1,
    },
    { t: 'run-end', run: 'r1', at, result: 'failed', failed: '0030_once' },
  ];
  const input = {
    scripts: [s('once', '0010_base'), s('always', '0020_always'), s('once', '0030_once')],
    phases: DEFAULT_PHASES,
    history: summarize(records),
    target: '2',
    force: false,
    checksum: () => 'new',
  };
  const p = planUpgrade(input);
  assert.deepEqual(
    p.steps.map((x) => `${x.script.name}:${x.action}`),
    ['0010_base:skip', '0020_always:skip', '0030_once:run'],
  );
  assert.equal(p.changed.length, 1);
  assert.deepEqual(
    planUpgrade({ ...input, force: true }).steps.map((x) => x.action),
    ['skip', 'run', 'run'],
  );
  assert.deepEqual(
    planUpgrade({ ...input, target: '3' }).steps.map((x) => x.action),
    ['skip', 'run', 'run'],
    'a new target starts a new attempt',
  );
});

test('a successful run ends the attempt: always-scripts run again next time', () => {
  const records: HistoryRecord[] = [
    { t: 'run-start', run: 'r1', at, from: '1', to: '2', pid: 1 },
    {
      t: 'script-end',
      run: 'r1',
      at,
      script: '0020_always',
      kind: 'always',
      phase: 'offline',
      sum: 'x',
      result: 'ok',
      exit: 0,
      signal: null,
      ms: 1,
    },
    { t: 'run-end', run: 'r1', at, result: 'ok' },
  ];
  const p = planUpgrade({
    scripts: [s('always', '0020_always')],
    phases: DEFAULT_PHASES,
    history: summarize(records),
    target: '2',
    force: false,
    checksum: () => 'x',
  });
  assert.equal(p.steps[0]!.action, 'run');
});

test('history summary: an unfinished script start is the interrupted one', () => {
  const h = summarize([
    { t: 'run-start', run: 'r1', at, from: '1', to: '2', pid: 1 },
    { t: 'script-start', run: 'r1', at, script: '0010_a', kind: 'once', phase: 'offline', sum: 'x' },
  ]);
  assert.equal(h.interrupted?.script, '0010_a');
  assert.equal(h.lastRun?.result, 'running');
});

test('file names: scripts, leftovers, typos', () => {
  assert.deepEqual(classifyName('0010_migrate.py'), { kind: 'script', number: 10 });
  for (const junk of [
    '0010_a~',
    '.hidden',
    '0010_a.rpmnew',
    '0010_a.rpmsave',
    '0010_a.rpmorig',
    '0010_a.pyc',
    '0010_a.pyo',
    '__pycache__',
    '0010_a.swp',
    'README',
  ]) {
    assert.equal(classifyName(junk).kind, 'ignored', junk);
  }
  for (const typo of ['010_a', '00100_a', '0010-a', '0010_', '0010', '1_a'])
    assert.equal(classifyName(typo).kind, 'bad', typo);
});

test('a done once-script whose fingerprint is unchanged is not hashed again; a changed fingerprint is', () => {
  const records: HistoryRecord[] = [
    { t: 'baseline', run: 's', at, script: '0010_a', sum: 'sum-a', version: '1', fp: 'fp' },
  ];
  let hashed = 0;
  const input = {
    scripts: [s('once', '0010_a')],
    phases: DEFAULT_PHASES,
    history: summarize(records),
    target: '2',
    force: false,
    checksum: () => {
      hashed++;
      return 'sum-a';
    },
  };
  assert.equal(planUpgrade(input).changed.length, 0);
  assert.equal(hashed, 0);
  const touched = { ...input, scripts: [{ ...s('once', '0010_a'), fingerprint: 'other' }] };
  assert.equal(planUpgrade(touched).changed.length, 0, 'same content: not changed');
  assert.equal(hashed, 1);
});

// The history's pure parts and its file handling: how runs by hand and resolve records count, that
// compaction keeps every decision the planner reads, and that reading is line by line and bounded.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { summarize, type HistoryRecord } from '../../src/record/history-record.js';
import { compactHistory, historyRecords, MAX_RECORD_BYTES, summarizeHistory } from '../../src/record/history-file.js';
import { resolveAction } from '../../src/plan/resolve-policy.js';
import type { ScriptFile } from '../../src/script/script.js';
import * as whoModule from '../../src/host/who.js';

const at = '2026-01-01T00:00:00.000Z';
const start = (run: string, extra: Partial<Extract<HistoryRecord, { t: 'run-start' }>> = {}): HistoryRecord => ({
  t: 'run-start',
  run,
  at,
  from: '1',
  to: '2',
  pid: 1,
  ...extra,
});
const end = (run: string, script: string, kind: 'once' | 'always', result: 'ok' | 'failed' = 'ok'): HistoryRecord => ({
  t: 'script-end',
  run,
  at,
  script,
  kind,
  phase: 'offline',
  sum: `s-${script}`,
  result,
  exit: result === 'ok' ? 0 : 1,
  signal: null,
  ms: 1,
});
const runEnd = (run: string, result: 'ok' | 'failed'): HistoryRecord => ({ t: 'run-end', run, at, result });

test('steps run by hand: a once-step counts as done, nothing else (no attempt, no last run, no interrupted step)', () => {
  const s = summarize([
    start('u1'),
    end('u1', '0010_a', 'once', 'failed'),
    runEnd('u1', 'failed'),
    start('h1', { by: 'only', only: ['once/0010_a', 'always/0020_b'] }),
    { t: 'script-start', run: 'h1', at, script: '0020_b', kind: 'always', phase: 'offline', sum: 'x' },
    end('h1', '0010_a', 'once'),
    end('h1', '0020_b', 'always'),
    runEnd('h1', 'ok'),
  ]);
  assert.equal(s.onceDone.get('0010_a')?.how, 'by-hand');
  assert.deepEqual(s.onceDone.get('0010_a')?.sources, [3, 5]);
  assert.equal(
    s.attemptDone.size,
    0,
    'an always-step by hand is not part of the attempt; the ok run-end by hand ends nothing',
  );
  assert.equal(s.lastRun?.run, 'u1');
  assert.equal(s.lastRun?.result, 'failed');
  assert.equal(s.interrupted, undefined);
});

test('resolve: a failed once-step is done; an always-step is done for the attempt aiming at its `to`; changed only updates the sum', () => {
  const r = (script: string, kind: 'once' | 'always', what: 'failed' | 'changed' | 'forced'): HistoryRecord => ({
    t: 'resolve',
    run: `r-${script}`,
    at,
    script,
    kind,
    sum: 'new',
    what,
    reason: 'x',
    user: 'alice',
    to: '2',
  });
  const s = summarize([
    start('u1'),
    end('u1', '0010_a', 'once'),
    end('u1', '0020_b', 'always', 'failed'),
    runEnd('u1', 'failed'),
    r('0020_b', 'always', 'failed'),
    r('0010_a', 'once', 'changed'),
  ]);
  assert.equal(s.attemptDone.get('always/0020_b'), '2');
  assert.equal(s.onceDone.get('0010_a')?.sum, 'new');
  assert.equal(s.onceDone.get('0010_a')?.how, 'resolved');
  assert.equal(s.attemptDone.has('once/0010_a'), true, 'from its ok run, not from the changed resolve');
});

const script = (name: string, kind: ScriptFile['kind'] = 'once'): ScriptFile => ({
  name,
  number: Number(name.slice(0, 4)),
  kind,
  path: `/s/${kind}/${name}`,
  runPath: `/s/${kind}/${name}`,
  identity: '1:1',
  origin: 'package',
  timeoutSec: undefined,
  fingerprint: 'fp',
});

test('resolveAction: the failed step, a changed once-script, --force; refusals say what to do', () => {
  const history = summarize([
    start('u1'),
    end('u1', '0010_a', 'once'),
    end('u1', '0020_b', 'once', 'failed'),
    runEnd('u1', 'failed'),
  ]);
  const marker = { state: 'failed', reason: 'script-failed', script: '0020_b', to: '2' };
  const base = { product: 'acme', history, marker, buildVersion: '2', force: false };
  assert.deepEqual(resolveAction({ ...base, script: script('0020_b'), sumNow: 'x' }), {
    kind: 'resolve',
    what: 'failed',
    to: '2',
    clearsFailure: true,
  });
  assert.deepEqual(resolveAction({ ...base, script: script('0010_a'), sumNow: 'changed' }), {
    kind: 'resolve',
    what: 'changed',
    to: '2',
    ranSum: 's-0010_a',
    clearsFailure: false,
  });
  const refused = resolveAction({ ...base, script: script('0010_a'), sumNow: 's-0010_a' });
  assert.equal(refused.kind, 'refuse');
  assert.match((refused as { message: string }).message, /the step that failed is 0020_b, and it is done already/);
  assert.match((refused as { hint: string }).hint, /upgrade-hook resolve acme 0020_b --reason/);
  assert.equal(resolveAction({ ...base, script: script('0030_c'), sumNow: 'x', force: true }).kind, 'resolve');
  assert.equal(
    resolveAction({ ...base, script: script('0030_c', 'cleanup'), sumNow: 'x', force: true }).kind,
    'refuse',
  );
  assert.match(
    (resolveAction({ ...base, marker: undefined, script: script('0030_c'), sumNow: 'x' }) as { message: string })
      .message,
    /no step has failed, and it has not run yet/,
  );
});

function tempHistory(records: HistoryRecord[], tail = ''): { dir: string; file: string } {
  const dir = mkdtempSync(join(tmpdir(), 'uh-hist-'));
  const file = join(dir, 'history.jsonl');
  writeFileSync(file, records.map((r) => `${JSON.stringify(r)}\n`).join('') + tail, { mode: 0o600 });
  return { dir, file };
}

test("compaction keeps each once-script's deciding record, the attempt in progress and the last runs, byte for byte", (t) => {
  const records: HistoryRecord[] = [
    { t: 'baseline', run: 'stamp', at, script: '0001_base', sum: 's-base', version: '1' },
    start('old'),
    end('old', '0010_a', 'once'),
    runEnd('old', 'ok'),
    start('hand', { by: 'only' }),
    end('hand', '0020_b', 'once'),
    runEnd('hand', 'ok'),
  ];
  for (let i = 0; i < 50; i++) records.push(start(`n${i}`), end(`n${i}`, '3010_x', 'always'), runEnd(`n${i}`, 'ok'));
  records.push(
    start('fail1'),
    end('fail1', '3010_x', 'always'),
    end('fail1', '3020_y', 'always', 'failed'),
    runEnd('fail1', 'failed'),
  );
  for (let i = 0; i < 5; i++)
    records.push(start(`f${i}`), end(`f${i}`, '3020_y', 'always', 'failed'), runEnd(`f${i}`, 'failed'));
  const { dir, file } = tempHistory(records, '{"t":"run-st');
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const before = summarizeHistory(file);
  const oldLines = new Set(readFileSync(file, 'utf8').split('\n'));
  const c = compactHistory(file, 3)!;
  assert.equal(c.recordsBefore, records.length);
  const after = summarizeHistory(file);
  assert.deepEqual([...after.onceDone.keys()].sort(), ['0001_base', '0010_a', '0020_b']);
  assert.equal(after.onceDone.get('0020_b')?.how, 'by-hand');
  assert.deepEqual(
    [...after.attemptDone].filter(([k]) => k.startsWith('always/')),
    [...before.attemptDone].filter(([k]) => k.startsWith('always/')),
  );
  assert.equal(
    after.attemptDone.get('always/3010_x'),
    '2',
    'the always-step finished in the failing attempt still counts',
  );
  assert.equal(after.lastRun?.run, 'f4');
  const kept = readFileSync(file, 'utf8').split('\n').filter(Boolean);
  assert.ok(
    kept.every((l) => oldLines.has(l)),
    'lines copied byte for byte',
  );
  assert.ok(kept.length < 25, `${kept.length} lines kept`);
  assert.equal(statSync(file).mode & 0o777, 0o600);
  assert.equal(readFileSync(file, 'utf8').endsWith('\n'), true, 'the torn tail is gone');
});

test('reading: a torn last line never counts; a line over the bound is an error naming it, not a crash', (t) => {
  const { dir, file } = tempHistory([start('a'), runEnd('a', 'ok')], '{"t":"run-end","run":"b"');
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  assert.equal([...historyRecords(file)].length, 2);
  writeFileSync(file, `${JSON.stringify(start('a'))}\n${'x'.repeat(MAX_RECORD_BYTES + 10)}\n`);
  assert.throws(() => [...historyRecords(file)], /line 2 is longer than 1048576 bytes/);
  writeFileSync(file, `${JSON.stringify(start('a'))}\n[1,2]\n`);
  assert.throws(() => [...historyRecords(file)], /line 2 is not a JSON record/);
});

test('the admin behind a command: SUDO_USER, else the login uid (as logname), else the effective user', (t) => {
  const { invokingUser } = whoModule;
  const dir = mkdtempSync(join(tmpdir(), 'uh-who-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const proc = join(dir, 'proc');
  mkdirSync(join(proc, 'self'), { recursive: true });
  writeFileSync(join(dir, 'passwd'), 'root:x:0:0::/root:/bin/sh\nalice:x:1000:1000::/home/alice:/bin/sh\n');
  writeFileSync(join(proc, 'self', 'loginuid'), '1000\n');
  assert.equal(invokingUser({ SUDO_USER: 'bob' }, 0, proc, join(dir, 'passwd')), 'bob');
  assert.equal(invokingUser({}, 0, proc, join(dir, 'passwd')), 'alice', 'su/sudo keep the login uid');
  writeFileSync(join(proc, 'self', 'loginuid'), '1001\n');
  assert.equal(invokingUser({}, 0, proc, join(dir, 'passwd')), 'uid 1001');
  writeFileSync(join(proc, 'self', 'loginuid'), '4294967295\n');
  assert.equal(typeof invokingUser({ SUDO_USER: 'bad name;rm' }, 0, proc, join(dir, 'passwd')), 'string');
  assert.notEqual(invokingUser({ SUDO_USER: 'bad name;rm' }, 0, proc, join(dir, 'passwd')), 'bad name;rm');
});

test('the checks that made a run due: recorded by its run-start, inherited by the finish run of a handed-over one', () => {
  const handed: HistoryRecord = { t: 'run-end', run: 'g1', at, result: 'handed-over' };
  const s = summarize([
    start('g1', { from: '2', to: '2', by: 'gate', checks: ['search-index'] }),
    handed,
    start('f1', { from: '2', to: '2', by: 'finish' }),
    runEnd('f1', 'ok'),
  ]);
  assert.equal(s.lastRun?.run, 'f1');
  assert.equal(s.lastRun?.result, 'ok');
  assert.deepEqual(s.lastRun?.dueToChecks, ['search-index']);
  // a run after an ok one does not inherit: only a handed-over run is continued
  const t = summarize([start('r1', { checks: ['search-index'] }), runEnd('r1', 'ok'), start('r2'), runEnd('r2', 'ok')]);
  assert.equal(t.lastRun?.dueToChecks, undefined);
});

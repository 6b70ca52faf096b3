// The measured cost of an upgrade (src/record/measured-run.ts, src/plan/downtime.ts): downtime from run-start to the first apps-up script
// (or run-end), the prediction's sources in order (the rehearsal from this data version, this host's history),
// and no number without a measurement.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describePrediction, predictDowntime, remainingMs } from '../../src/plan/downtime.js';
import { measuredRuns } from '../../src/record/measured-run.js';
import type { RehearsalSummary } from '../../src/record/rehearsal.js';
import type { HistoryRecord } from '../../src/record/history-record.js';

const t = (s: number) => new Date(Date.UTC(2026, 11, 7, 12, 0, 0) + s * 1000).toISOString();
const script = (run: string, name: string, phase: string, start: number, ms: number): HistoryRecord[] => [
  { t: 'script-start', run, at: t(start), script: name, kind: 'once', phase, sum: 'x' },
  {
    t: 'script-end',
    run,
    at: t(start + ms / 1000),
    script: name,
    kind: 'once',
    phase,
    sum: 'x',
    result: 'ok',
    exit: 0,
    signal: null,
    ms,
  },
];
const run = (id: string, from: string, to: string, at: number, online: boolean): HistoryRecord[] => [
  { t: 'run-start', run: id, at: t(at), from, to, pid: 1, by: 'posttrans' },
  ...script(id, '1000_a', 'offline', at + 1, 2000),
  ...script(id, '3100_b', 'backend', at + 4, 1000),
  ...(online ? script(id, '6100_c', 'online', at + 8, 500) : []),
  { t: 'run-end', run: id, at: t(at + 10), result: 'ok' },
];

test('downtime: run-start to the first script with the apps up, else run-end', () => {
  const [a, b] = measuredRuns([...run('r1', '1.1', '1.2', 0, true), ...run('r2', '1.1', '1.2', 100, false)]);
  assert.equal(a?.downtimeMs, 8000);
  assert.equal(a?.runMs, 10_000);
  assert.deepEqual(
    a?.steps.map((s) => `${s.script} ${s.phase} ${s.ms}`),
    ['once/1000_a offline 2000', 'once/3100_b backend 1000', 'once/6100_c online 500'],
  );
  assert.equal(b?.downtimeMs, 10_000);
});

test('a run --only and an unfinished run are no measurement', () => {
  const only: HistoryRecord[] = [
    { t: 'run-start', run: 'o', at: t(0), from: '1.1', to: '1.1', pid: 1, only: ['1000_a'] },
    { t: 'run-end', run: 'o', at: t(5), result: 'ok' },
    { t: 'run-start', run: 'k', at: t(10), from: '1.1', to: '1.2', pid: 1 },
  ];
  assert.deepEqual(measuredRuns(only), []);
});

const rehearsal = (from: string, ok = true): RehearsalSummary => ({
  at: '2026-12-07T12:00:00Z',
  from,
  to: '1.2',
  ok,
  run: measuredRuns(run('x', from, '1.2', 0, true))[0]!,
});

test("the prediction: the rehearsal from this data version, else this host's history, else none", () => {
  const hist = run('h', '1.1', '1.2', 0, false);
  assert.equal(predictDowntime('1.1', '1.2', rehearsal('1.1'), hist).kind, 'rehearsal');
  assert.equal(predictDowntime('1.1', '1.2', rehearsal('1.0'), hist).kind, 'history');
  assert.equal(predictDowntime('1.1', '1.2', rehearsal('1.1', false), hist).kind, 'history');
  assert.equal(predictDowntime('1.1', '1.3', rehearsal('1.0'), hist).kind, 'none');
  assert.equal(predictDowntime(undefined, '1.2', rehearsal('1.1'), hist).kind, 'none');
});

test('the lines: a number only from a measurement', () => {
  const lines = describePrediction(predictDowntime('1.1', '1.2', rehearsal('1.1'), []));
  assert.match(lines[0]!, /^predicted downtime: 8\.0 s of 10 s \(1\.1 -> 1\.2, measured by the rehearsal of/);
  assert.match(lines[1]!, /once\/1000_a +offline +2\.0 s/);
  const none = describePrediction(predictDowntime('1.1', '1.2', undefined, []));
  assert.equal(none.length, 1);
  assert.doesNotMatch(none[0]!, /\d/);
});

test('ETA: the sum of the measured remaining steps, or nothing when one is unmeasured', () => {
  const steps = measuredRuns(run('r', '1.1', '1.2', 0, true))[0]!.steps;
  assert.equal(remainingMs(steps, ['once/3100_b', 'once/6100_c']), 1500);
  assert.equal(remainingMs(steps, ['once/3100_b', 'once/9999_new']), undefined);
});

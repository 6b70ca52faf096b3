// matrix's decisions as tables (src/plan/matrix-policy.ts): a case's verdict from its steps, the hidden
// required stop (the first differing hop, newest first) and the min_data_version it suggests, JUnit output.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  type CaseReport,
  describeMatrix,
  judgeMatrix,
  judgeSteps,
  lastLine,
  type MatrixReport,
  notOlderThan,
  orderVersions,
  renderJunit,
  type StepResult,
  xml,
} from '../../src/plan/matrix-policy.js';

const step = (name: string, exit = 0, digest?: string): StepResult => ({
  step: name,
  version: '1.2',
  exit,
  ms: 10,
  tail: exit === 0 ? 'ok' : 'line 1\nERROR: column "contact" does not exist\n',
  ...(digest === undefined ? {} : { digest }),
});

const direct = (from: string, digest: string | null, failed = false): CaseReport => ({
  name: `direct ${from}`,
  from,
  path: [from, '1.3'],
  verdict: failed ? 'failed' : 'passed',
  message: failed ? 'upgrade failed' : null,
  ms: 1000,
  steps: [],
  digest,
});
const chain = (digest: string | null): CaseReport => ({
  name: 'chain',
  from: '1.0',
  path: ['1.0', '1.1', '1.2', '1.3'],
  verdict: digest === null ? 'failed' : 'passed',
  message: null,
  ms: 3000,
  steps: [],
  digest,
});
const released = ['1.0', '1.1', '1.2'];

test('versions are ordered by the scheme, and a released version not older than the new build is named', () => {
  assert.deepEqual(orderVersions('rpm', ['1.10', '1.2', '1.9', '1.0']), ['1.0', '1.2', '1.9', '1.10']);
  assert.deepEqual(notOlderThan('rpm', ['1.0', '1.2', '1.3'], '1.2'), ['1.2', '1.3']);
});

test('the message is the tool\'s "upgrade failed" line, else the last error, else the last line', () => {
  const run =
    'tally: upgrading\nerror:   1500_total exited with status 1\nerror: tally: upgrade failed: 1500_total exited with status 1; log: L\nerror: the package transaction goes on\n      Next: upgrade-hook run tally';
  assert.equal(lastLine(run), 'error: tally: upgrade failed: 1500_total exited with status 1; log: L');
  assert.equal(lastLine('a\nerror: b\nc'), 'error: b');
  assert.equal(lastLine('a\nb\n\n'), 'b');
  assert.equal(lastLine(''), '(no output)');
});

test('a case fails at its first failing step, with that step and its last output line', () => {
  const steps = [step('install 1.0'), step('stamp'), step('upgrade 1.0 -> 1.2', 1), step('check', 1)];
  assert.deepEqual(judgeSteps(steps, ['digest']), {
    verdict: 'failed',
    message: 'upgrade 1.0 -> 1.2 failed (exit 1): ERROR: column "contact" does not exist',
  });
  assert.deepEqual(judgeSteps([step('install 1.0'), step('digest', 0, 'ab')], ['digest']), {
    verdict: 'passed',
    message: null,
  });
  assert.equal(judgeSteps([step('install 1.0')], ['digest']).verdict, 'failed', 'a container that died early');
});

const table: Array<[string, CaseReport[], CaseReport, string | null, string[]]> = [
  [
    'every direct upgrade agrees with the chain',
    [direct('1.0', 'A'), direct('1.1', 'A'), direct('1.2', 'A')],
    chain('A'),
    null,
    ['passed', 'passed', 'passed', 'passed'],
  ],
  [
    '1.0 diverges: stop at 1.1',
    [direct('1.0', 'B'), direct('1.1', 'A'), direct('1.2', 'A')],
    chain('A'),
    '1.0->1.1 min 1.1',
    ['diverged', 'passed', 'passed', 'passed'],
  ],
  [
    '1.0 and 1.1 diverge: the newest differing hop is 1.1 -> 1.2',
    [direct('1.0', 'B'), direct('1.1', 'B'), direct('1.2', 'A')],
    chain('A'),
    '1.1->1.2 min 1.2',
    ['diverged', 'diverged', 'passed', 'passed'],
  ],
  [
    'the newest released diverges: stop at it -> the new build',
    [direct('1.0', 'A'), direct('1.1', 'A'), direct('1.2', 'B')],
    chain('A'),
    '1.2->1.3 min 1.3',
    ['passed', 'passed', 'diverged', 'passed'],
  ],
  [
    'a failure is a failure, not a stop',
    [direct('1.0', null, true), direct('1.1', 'A'), direct('1.2', 'A')],
    chain('A'),
    null,
    ['failed', 'passed', 'passed', 'passed'],
  ],
  [
    'a failure newer than a divergence hides it',
    [direct('1.0', 'B'), direct('1.1', null, true), direct('1.2', 'A')],
    chain('A'),
    null,
    ['diverged', 'failed', 'passed', 'passed'],
  ],
  [
    'the chain failed: nothing to compare',
    [direct('1.0', 'B'), direct('1.1', 'A'), direct('1.2', 'A')],
    chain(null),
    null,
    ['passed', 'passed', 'passed', 'failed'],
  ],
];

for (const [title, cases, ch, stop, verdicts] of table) {
  test(`hidden required stop: ${title}`, () => {
    const r = judgeMatrix(cases, ch, released, '1.3');
    const s = r.hiddenStop;
    assert.equal(s === null ? null : `${s.hop[0]}->${s.hop[1]} min ${s.minDataVersion}`, stop);
    assert.deepEqual(
      r.cases.map((c) => c.verdict),
      verdicts,
    );
    assert.equal(r.note !== null, ch.digest === null);
  });
}

const report = (): MatrixReport => {
  const j = judgeMatrix([direct('1.0', 'B'), direct('1.1', 'A'), direct('1.2', 'A')], chain('A'), released, '1.3');
  return {
    schema: 1,
    product: 'acme',
    to: '1.3',
    released,
    ok: false,
    cases: j.cases,
    hiddenStop: j.hiddenStop,
    note: j.note,
    ms: 9000,
  };
};

test('the text report names the hop and the line to declare', () => {
  const text = describeMatrix(report()).join('\n');
  assert.match(text, /^acme: matrix of 3 released version\(s\) to 1\.3: FAILED/);
  assert.match(text, /diverged direct 1\.0 \(1\.0 -> 1\.3/);
  assert.match(text, /hidden required stop: 1\.0 -> 1\.1/);
  assert.match(text, /min_data_version = 1\.1/);
});

test('JUnit: one testcase per case, a failure on the diverged one that names the stop', () => {
  const x = renderJunit(report());
  assert.equal((x.match(/<testcase /g) ?? []).length, 4);
  assert.equal((x.match(/<failure /g) ?? []).length, 1);
  assert.match(x, /<failure type="diverged"[^>]*>[^<]*declare min_data_version = 1\.1<\/failure>/);
  assert.match(x, /tests="4" failures="1"/);
});

test('XML escaping: markup, quotes and characters XML cannot carry', () => {
  assert.equal(xml('a<b>&"c"\u0001'), 'a&lt;b&gt;&amp;&quot;c&quot;\uFFFD');
});

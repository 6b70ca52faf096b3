// A rerun after the tool alone was killed during a script (plan/interrupted-script.ts, run/interrupted-script.ts):
// the decision as a table, then the rerun in the runner's memory world: it waits while the script runs, writes
// the end record from the status the script's shell left, and the plan then skips a once-script that completed.
import assert from 'node:assert/strict';
import { afterEach, test } from 'node:test';
import { interruptedAction, type InterruptedInput } from '../../src/plan/interrupted-script.js';
import { parseScriptExit, type ScriptExit } from '../../src/record/script-exit.js';
import { statusMeaning, supervisedScript } from '../../src/script/spawn-script.js';
import { settleInterruptedScript, type SettleEffects } from '../../src/run/interrupted-script.js';
import { isUpgradeHookError } from '../../src/errors.js';
import { descriptor, script, service, World } from './runner-world.js';

const mine: ScriptExit = { run: 'run-1', script: 'once/1200_data', status: 0 };
const rows: Array<[string, Partial<InterruptedInput>, ReturnType<typeof interruptedAction>]> = [
  ['its shell wrote its status: recorded', { exit: mine }, { kind: 'record', status: 0 }],
  ['a failed status is recorded too', { exit: { ...mine, status: 3 } }, { kind: 'record', status: 3 }],
  ['status written, a daemon it left still runs: recorded', { exit: mine, live: [7] }, { kind: 'record', status: 0 }],
  ['still running: wait', { live: [7, 8] }, { kind: 'wait', pids: [7, 8] }],
  ['still running after the wait: refuse', { live: [7], waitedEnough: true }, { kind: 'refuse', pids: [7] }],
  ['gone without a status (power cut): runs again', {}, { kind: 'rerun' }],
  ["another script's status: not this one's", { exit: { ...mine, script: 'once/1000_schema' } }, { kind: 'rerun' }],
  ["another run's status: not this one's", { exit: { ...mine, run: 'run-0' } }, { kind: 'rerun' }],
  [
    "another script's status while it runs: wait",
    { exit: { ...mine, run: 'run-0' }, live: [7] },
    { kind: 'wait', pids: [7] },
  ],
];
for (const [name, input, expected] of rows) {
  test(`interrupted script: ${name}`, () => {
    const i: InterruptedInput = {
      run: 'run-1',
      script: 'once/1200_data',
      exit: undefined,
      live: [],
      waitedEnough: false,
      ...input,
    };
    assert.deepEqual(interruptedAction(i), expected);
  });
}

test('the status line: parsed only whole, 128+N read as signal N', () => {
  assert.deepEqual(parseScriptExit('run-1 once/1200_data 0\n'), mine);
  for (const torn of ['', 'run-1 once/1200_data', 'run-1 once/1200_data 0', 'run-1 once/1200_data 300\n', 'x\n'])
    assert.equal(parseScriptExit(torn), undefined, JSON.stringify(torn));
  // a line per script: the last whole one speaks; a torn last line leaves the one before (another script's)
  assert.deepEqual(parseScriptExit('run-1 once/1100_a 3\nrun-1 once/1200_data 0\n'), mine);
  assert.deepEqual(parseScriptExit('run-1 once/1200_data 0\nrun-1 once/1300_b 1'), mine);
  assert.equal(parseScriptExit('run-1 once/1200_data 0\nrun-1 once/1300_b 300\n'), undefined);
  assert.deepEqual(statusMeaning(0), { exitCode: 0, signal: null });
  assert.deepEqual(statusMeaning(3), { exitCode: 3, signal: null });
  assert.deepEqual(statusMeaning(128), { exitCode: 128, signal: null });
  assert.deepEqual(statusMeaning(137), { exitCode: null, signal: 'SIGKILL' });
  assert.deepEqual(statusMeaning(143), { exitCode: null, signal: 'SIGTERM' });
  assert.deepEqual(statusMeaning(255), { exitCode: 255, signal: null });
});

let w: World | undefined;
afterEach(() => {
  w?.cleanup();
  w = undefined;
});
const steps = () => [script('once', '1000_schema'), script('once', '1200_data'), script('once', '3000_reindex')];

/** The records of a run whose tool was killed while 1200_data ran: its start record and no end. */
function killedDuring1200(world: World) {
  const base = { run: 'run-1', kind: 'once' as const, phase: 'offline' };
  world.records.history.list.push(
    { t: 'run-start', run: 'run-1', at: '2026-12-07T08:00:00.000Z', from: '1.0', to: '2.0', pid: 42 },
    { t: 'script-start', ...base, at: '2026-12-07T08:00:01.000Z', script: '1000_schema', sum: 's0' },
    {
      t: 'script-end',
      ...base,
      at: '2026-12-07T08:00:02.000Z',
      script: '1000_schema',
      sum: 's0',
      result: 'ok',
      exit: 0,
      signal: null,
      ms: 5,
    },
    { t: 'script-start', ...base, at: '2026-12-07T08:00:03.000Z', script: '1200_data', sum: 'sum:/s/once/1200_data' },
  );
}

/** The script runs on for `runsMs` of the world's clock, then its shell writes `status` (or nothing). */
function effects(
  world: World,
  runsMs: number,
  status: number | undefined,
): SettleEffects & { said: string[]; forgotten: string[] } {
  const said: string[] = [];
  const forgotten: string[] = [];
  return {
    said,
    forgotten,
    forget: (run) => forgotten.push(run),
    livePids: () => (world.clock < runsMs ? [4242] : []),
    readExit: (run) =>
      run === 'run-1' && world.clock >= runsMs && status !== undefined
        ? { run: 'run-1', script: 'once/1200_data', status, atMs: Date.parse('2026-12-07T08:00:04.000Z') }
        : undefined,
    append: (r) => {
      const h = world.records.history.open();
      h.append(r);
      h.close();
    },
    sleep: world.io.sleep,
    now: world.io.now,
    terminal: { say: (l) => said.push(l), progress: () => {}, progressDone: () => {}, live: false },
  };
}

const product = () => descriptor([service('db', 'backend')]);

test('the rerun waits for the script the killed run left running, records its success, and skips it', async () => {
  w = new World(product());
  killedDuring1200(w);
  const fx = effects(w, 3000, 0);
  const settled = await settleInterruptedScript(w.records.history.summary().interrupted, 60, fx);
  assert.equal(settled, 'recorded-ok');
  assert.ok(w.clock >= 3000, 'it waited for the script to end');
  assert.match(fx.said[0]!, /1200_data of the interrupted upgrade still runs \(pid 4242\): waiting up to 60 s/);
  assert.deepEqual(w.ends(), ['1000_schema ok', '1200_data ok']);
  const end = w.records.history.list.at(-1);
  assert.equal(end?.t === 'script-end' && end.run, 'run-1', 'the end record is the killed run’s');
  assert.equal(end?.t === 'script-end' && end.recovered, true, 'and says a later run wrote it');
  assert.deepEqual(fx.forgotten, ['run-1'], 'the status file goes once recorded');
  assert.deepEqual(
    w.plan(steps()).steps.map((s) => `${s.script.name} ${s.action}`),
    ['1000_schema skip', '1200_data skip', '3000_reindex run'],
    'a once-script that completed is not run again',
  );
});

test('a failure its shell recorded is recorded as such: the rerun resumes at it', async () => {
  w = new World(product());
  killedDuring1200(w);
  assert.equal(
    await settleInterruptedScript(w.records.history.summary().interrupted, 60, effects(w, 0, 137)),
    'recorded-failed',
  );
  const end = w.records.history.list.at(-1);
  assert.ok(end?.t === 'script-end');
  assert.equal(end.signal, 'SIGKILL');
  assert.match(end.reason ?? '', /killed by SIGKILL \(after the tool was killed\)/);
  assert.deepEqual(
    w.plan(steps()).steps.map((s) => `${s.script.name} ${s.action}`),
    ['1000_schema skip', '1200_data run', '3000_reindex run'],
  );
});

test('gone without a status (everything died): nothing recorded, the script runs again', async () => {
  w = new World(product());
  killedDuring1200(w);
  const before = w.records.history.list.length;
  assert.equal(
    await settleInterruptedScript(w.records.history.summary().interrupted, 60, effects(w, 0, undefined)),
    'rerun',
  );
  assert.equal(w.records.history.list.length, before);
  assert.equal(w.plan(steps()).steps.find((s) => s.script.name === '1200_data')?.action, 'run');
});

test('still running when the wait is over: refused (75, naming pid and script), nothing recorded', async () => {
  w = new World(product());
  killedDuring1200(w);
  const before = w.records.history.list.length;
  await assert.rejects(
    settleInterruptedScript(w.records.history.summary().interrupted, 5, effects(w, 60_000, 0)),
    (e) =>
      isUpgradeHookError(e) &&
      e.code === 'STALE_SCRIPT_RUNNING' &&
      /1200_data of the interrupted upgrade is still running \(pid 4242\)/.test(e.message),
  );
  assert.ok(w.clock >= 5000 && w.clock < 6000, `it waited the lock wait, no longer (${w.clock} ms)`);
  assert.equal(w.records.history.list.length, before);
});

test('nothing interrupted: nothing to do, nothing read', async () => {
  w = new World(product());
  const fx = effects(w, 0, 0);
  fx.readExit = () => assert.fail('no status is read when no script was interrupted');
  assert.equal(await settleInterruptedScript(undefined, 60, fx), 'nothing');
});

test('the script a supervising shell runs, read from its arguments (the gate names it); any other process: none', () => {
  const shell = (first: string) => [
    '/bin/sh',
    '-c',
    `${first}\nexec 3>&2`,
    '/p/once/0010_x',
    '/v/script-exit.R',
    'R once/0010_x',
    '/v',
  ];
  assert.equal(supervisedScript(shell('unset PWD OLDPWD SHLVL')), 'once/0010_x');
  assert.equal(supervisedScript(shell('echo something else')), undefined);
  assert.equal(supervisedScript(['/bin/sh', '/p/once/0010_x']), undefined);
});

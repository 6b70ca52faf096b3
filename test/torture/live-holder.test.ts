// A live lock holder never loses the lock, however long it is stopped (SIGSTOP, a paused VM, an fsync
// stall, a clock step): only a provably dead holder is taken over (lock-takeover.test.ts). And a holder
// whose lock was removed or replaced anyway stops before its next step instead of carrying on.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, rmdirSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  addScript,
  assertToolBuilt,
  evidenceScript,
  makeProduct,
  readEvidence,
  removeProduct,
  spawnTool,
  tool,
  toolResult,
  writeFigures,
} from '../helpers/torture-product.js';

const outcomes: Record<string, string> = {};

const waitFor = async (path: string) => {
  while (!existsSync(path)) await new Promise((r) => setTimeout(r, 20));
};

test('a holder stopped (SIGSTOP) with a lock 130 s old keeps it: --wait 0 gives up with 75, nothing runs twice', async () => {
  assertToolBuilt();
  const p = makeProduct({ data: '1.0', build: '2.0' });
  mkdirSync(p.lockDir, { recursive: true, mode: 0o700 });
  // the script stops the tool that runs it (the first time), then exits: no script of the run is left running.
  // The tool is the parent of the shell that runs the script and writes its status (script/spawn-script.ts).
  addScript(p, {
    kind: 'once',
    name: '0005_stop',
    body: `#!/bin/sh\n[ -e ${p.root}/stopped ] || kill -STOP $(sed 's/.*) //' /proc/$PPID/stat | cut -d' ' -f2)\ntouch ${p.root}/stopped\n`,
  });
  addScript(p, { kind: 'once', name: '0010_step', body: evidenceScript(p, '0010_step') });
  const holder = spawnTool(p, ['run', p.name]);
  const done = toolResult(holder);
  await waitFor(join(p.root, 'stopped'));
  const lock = join(p.lockDir, `${p.name}.lock`);
  const old = new Date(Date.now() - 130_000);
  utimesSync(lock, old, old);
  const r = tool(p, ['run', p.name, '--wait', '0'], 15_000);
  process.kill(holder.pid!, 'SIGCONT');
  outcomes['holder stopped, lock 130 s old'] =
    r.status === 75 ? 'kept: waiter gave up with 75' : `TAKEN: waiter exit ${r.status}`;
  if (r.status !== 75) process.kill(-holder.pid!, 'SIGKILL');
  assert.equal(r.status, 75, `the waiter must not take a live holder's lock: ${r.stderr}`);
  const h = await done;
  assert.match(r.stderr, new RegExp(`locked by pid ${holder.pid}`));
  assert.equal(h.status, 0, h.stderr);
  assert.deepEqual(readEvidence(p), ['start 0010_step', 'done 0010_step'], 'each step ran once, by the holder');
  removeProduct(p);
});

test('a holder whose lock was removed and taken by another stops before its next step and leaves that lock alone', async () => {
  const p = makeProduct({ data: '1.0', build: '2.0' });
  mkdirSync(p.lockDir, { recursive: true, mode: 0o700 });
  addScript(p, {
    kind: 'once',
    name: '0005_hold',
    body: `#!/bin/sh\ntouch ${p.root}/holding\nwhile [ ! -e ${p.root}/release ]; do sleep 0.05; done\n`,
  });
  addScript(p, { kind: 'once', name: '0010_step', body: evidenceScript(p, '0010_step') });
  const holder = spawnTool(p, ['run', p.name]);
  const done = toolResult(holder);
  await waitFor(join(p.root, 'holding'));
  // what a wrong takeover leaves: a new lock directory, owned by another live process (this test)
  const lock = join(p.lockDir, `${p.name}.lock`);
  rmdirSync(lock);
  mkdirSync(lock);
  const stat = readFileSync(`/proc/${process.pid}/stat`, 'utf8');
  const start = stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19]!;
  const other = {
    pid: process.pid,
    start,
    ino: statSync(lock).ino,
    command: 'another run',
    since: new Date().toISOString(),
    token: 'y'.repeat(32),
  };
  writeFileSync(join(p.lockDir, `${p.name}.owner`), `${JSON.stringify(other)}\n`);
  writeFileSync(join(p.root, 'release'), '');
  const h = await done;
  outcomes['lock replaced under the holder'] = h.status === 0 ? 'NOT noticed: carried on' : `stopped: exit ${h.status}`;
  assert.notEqual(h.status, 0, `the holder must stop: ${h.stderr}`);
  assert.match(h.stderr, /lost its lock/);
  assert.match(h.stderr, new RegExp(`pid ${process.pid}`));
  assert.deepEqual(readEvidence(p), [], 'the next step did not run');
  assert.ok(existsSync(lock), "the other holder's lock is left alone");
  assert.equal(JSON.parse(readFileSync(join(p.lockDir, `${p.name}.owner`), 'utf8')).token, other.token);
  removeProduct(p);
});

test('live holder: figures', () => {
  writeFigures('live-holder', { cases: Object.keys(outcomes).length, outcomes });
  assert.equal(Object.keys(outcomes).length, 2);
});

// A lock whose owner died must be taken over at once, not after a stale period: `run --wait 0` proves it
// without timing anything (it gives up with 75 the first time it finds a lock it cannot take over).
// Each case leaves on disk exactly what a SIGKILL at one point of the lock's life leaves behind.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { addScript, assertToolBuilt, evidenceScript, makeProduct, readEvidence, removeProduct, spawnTool, tool, toolResult, type Product } from '../helpers/torture-product.js';

function product(): Product {
  const p = makeProduct({ data: '1.0', build: '2.0' });
  addScript(p, { kind: 'once', name: '0010_step', body: evidenceScript(p, '0010_step') });
  mkdirSync(p.lockDir, { recursive: true, mode: 0o700 });
  return p;
}

const paths = (p: Product) => ({ lock: join(p.lockDir, `${p.name}.lock`), owner: join(p.lockDir, `${p.name}.owner`), takeover: join(p.lockDir, `${p.name}.takeover`) });

function deadPid(): number {
  const r = spawnSync('/bin/true');
  return r.pid!;
}

function startTime(pid: number): string {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19]!;
}

/** The lock directory and owner file a holder writes, as if that holder were `pid`. */
function plantLock(p: Product, pid: number, start: string, withOwner = true) {
  const { lock, owner } = paths(p);
  mkdirSync(lock);
  if (withOwner) writeFileSync(owner, JSON.stringify({ pid, start, ino: statSync(lock).ino, command: 'upgrade-hook run demo', since: new Date().toISOString(), token: 'x'.repeat(32) }) + '\n');
}

function expectTakenOver(p: Product, keepOnFailure = true) {
  try {
    takenOver(p);
  } catch (e) {
    if (!keepOnFailure) removeProduct(p);
    throw e;
  }
}

function takenOver(p: Product) {
  const r = tool(p, ['run', p.name, '--wait', '0']);
  assert.equal(r.status, 0, `expected the dead owner's lock to be taken over at once: exit ${r.status}: ${r.stderr}`);
  assert.deepEqual(readEvidence(p), ['start 0010_step', 'done 0010_step']);
  assert.equal(tool(p, ['check', p.name]).status, 0);
  assert.ok(!existsSync(paths(p).lock), 'lock released');
  removeProduct(p);
}

test('killed while holding the lock (owner file of a dead pid): taken over at once', () => {
  assertToolBuilt();
  const p = product();
  plantLock(p, deadPid(), '12345');
  expectTakenOver(p);
});

test('owner pid reused by another live process (start time differs): taken over at once', () => {
  const p = product();
  plantLock(p, process.pid, String(Number(startTime(process.pid)) + 1));
  expectTakenOver(p);
});

test('killed after creating the lock directory but before writing its owner: taken over at once', { todo: 'engine bug: src/lock/product-lock.ts leaves a window between mkdir of the lock and the owner file; a lock without owner is only taken over after ORPHAN_MS (5 s)' }, () => {
  const p = product();
  plantLock(p, 0, '', false);
  expectTakenOver(p, false);
});

test('an ownerless lock older than the orphan period is taken over at once', () => {
  const p = product();
  plantLock(p, 0, '', false);
  const old = new Date(Date.now() - 60_000);
  utimesSync(paths(p).lock, old, old);
  expectTakenOver(p);
});

test('killed in the middle of a takeover (mutex left behind, owner dead): taken over at once', { todo: 'engine bug: src/lock/product-lock.ts enterMutex() only treats the takeover mutex as stale after TAKEOVER_STALE_MS (10 s); it records no owner, so a dead taker blocks every restart' }, () => {
  const p = product();
  plantLock(p, deadPid(), '12345');
  mkdirSync(paths(p).takeover);
  expectTakenOver(p, false);
});

test('a live holder is never taken over: --wait 0 gives up with 75 and names the holder', async () => {
  const p = product();
  addScript(p, { kind: 'once', name: '0005_hold', body: `#!/bin/sh\ntouch ${p.root}/holding\nwhile [ ! -e ${p.root}/release ]; do sleep 0.05; done\n` });
  const holder = spawnTool(p, ['run', p.name]);
  const done = toolResult(holder);
  while (!existsSync(join(p.root, 'holding'))) await new Promise((r) => setTimeout(r, 20));
  const r = tool(p, ['run', p.name, '--wait', '0']);
  assert.equal(r.status, 75, r.stderr);
  assert.match(r.stderr, new RegExp(`locked by pid ${holder.pid}`));
  writeFileSync(join(p.root, 'release'), '');
  assert.equal((await done).status, 0);
  assert.deepEqual(readEvidence(p), ['start 0010_step', 'done 0010_step'], 'the waiter ran nothing');
  removeProduct(p);
});

// Issue 21 item 5: dnf says "deferred (bridge): dnf4 will run the upgrade right after this transaction", so a
// start of a gated unit during that transaction (a timer, a socket, Restart=) must not run the upgrade inside
// it: the gate waits for the bridge while that dnf lives, and `bridge end` reports every product deferred to
// it with its final state, also one that another run upgraded meanwhile. "dnf" here is this test process:
// the ancestor of every command it runs, as dnf is of its scriptlets and of the plugin's `bridge end`.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { test } from 'node:test';
import { existsSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BUNDLE, cli } from '../helpers/cli.js';
import { evidenceScript, installedThenUpgraded, makeProduct, type TestProduct } from '../helpers/product.js';

// %posttrans inside a dnf4 transaction whose plugin is this process
function deferToThisBridge(p: TestProduct): void {
  const r = p.run('posttrans', 'acme');
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /deferred \(bridge\)/);
}

/** The gate as systemd starts it (no dnf variables), its output readable while it runs. */
function startGate(p: TestProduct) {
  const env = { ...p.env };
  delete env.UPGRADE_HOOK_BRIDGE;
  delete env.UPGRADE_HOOK_BRIDGE_PID;
  const child = spawn(process.execPath, [BUNDLE, 'gate', 'acme'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
  return { out: () => out, exited };
}

test('a gate started during the dnf transaction waits for its bridge, which runs the upgrade once and reports it', async (t) => {
  const p = makeProduct();
  t.after(p.cleanup);
  installedThenUpgraded(p, '1.0-1', '1.1-1');
  p.script('once', '0010_new', evidenceScript(p));
  p.env.UPGRADE_HOOK_BRIDGE = 'dnf4';
  p.env.UPGRADE_HOOK_BRIDGE_PID = String(process.pid);
  deferToThisBridge(p);

  const gate = startGate(p);
  let code: number | null | undefined;
  void gate.exited.then((c) => (code = c));
  // bounded: either it says it waits for the bridge, or it exits (it ran the upgrade itself)
  for (let i = 0; i < 400 && code === undefined && !/waiting for it/.test(gate.out()); i++)
    await new Promise((r) => setTimeout(r, 25));
  assert.equal(
    code,
    undefined,
    `the gate did not wait for the bridge; it ran the upgrade inside the transaction:\n${gate.out()}`,
  );
  assert.match(
    gate.out(),
    /acme: the upgrade is deferred to the dnf transaction of pid \d+, which runs it right after/,
  );
  assert.deepEqual(p.evidenceLines(), [], 'nothing ran inside the transaction');

  const end = p.run('bridge', 'end');
  assert.equal(end.code, 0, end.stderr);
  assert.match(end.stdout, /acme: running the upgrade deferred to the package manager/);
  assert.match(end.stdout, /acme: after this transaction: data at 1\.1-1/);
  assert.equal(await gate.exited, 0, gate.out());
  assert.deepEqual(p.evidenceLines(), ['0010_new offline once'], 'the upgrade ran once, in the bridge');
  assert.deepEqual(
    p.history().flatMap((r) => (r.t === 'run-start' ? [r.by] : [])),
    ['bridge'],
  );
});

test('bridge end reports a product deferred to it that another run upgraded meanwhile, and one that failed', (t) => {
  const p = makeProduct();
  t.after(p.cleanup);
  installedThenUpgraded(p, '1.0-1', '1.1-1');
  p.script('once', '0010_new', evidenceScript(p));
  p.env.UPGRADE_HOOK_BRIDGE = 'dnf4';
  p.env.UPGRADE_HOOK_BRIDGE_PID = String(process.pid);
  deferToThisBridge(p);
  const env = { ...p.env };
  delete env.UPGRADE_HOOK_BRIDGE;
  assert.equal(cli(['run', 'acme'], env).code, 0, 'an admin (or a gate) upgraded it during the transaction');
  const end = p.run('bridge', 'end');
  assert.equal(end.code, 0, end.stderr);
  assert.match(end.stdout, /acme: after this transaction: data at 1\.1-1/, end.stdout || end.stderr);

  p.setBuild('1.2-1');
  p.script('once', '0020_broken', '#!/bin/sh\necho broken >&2\nexit 3\n');
  deferToThisBridge(p);
  const failed = p.run('bridge', 'end');
  assert.equal(failed.code, 0);
  assert.match(
    failed.stdout,
    /acme: after this transaction: failed \(script-failed\): 0020_broken exited with status 3; see: upgrade-hook status acme/,
  );
});

test('a start while dnf replaces the product files waits for its %posttrans, not starting the new code on old data (issue 20, seed 3019)', async (t) => {
  const p = makeProduct();
  t.after(p.cleanup);
  installedThenUpgraded(p, '1.0-1', '1.0-1');
  p.script('once', '0010_new', evidenceScript(p));
  // dnf's pre_transaction (this process is the dnf): the product is fenced before rpm changes a file
  const fence = p.run('bridge', 'fence', 'acme', String(process.pid));
  assert.equal(fence.code, 0, fence.stderr);

  // an admin's restart during the transaction: the data looks up to date (rpm still names 1.0-1)
  const gate = startGate(p);
  let code: number | null | undefined;
  void gate.exited.then((c) => (code = c));
  for (let i = 0; i < 400 && code === undefined && !/is replacing its files/.test(gate.out()); i++)
    await new Promise((r) => setTimeout(r, 25));
  assert.equal(code, undefined, `the gate let the start through during the transaction:\n${gate.out()}`);
  assert.match(
    gate.out(),
    /acme: a package transaction \(pid \d+\) is replacing its files: waiting for its %posttrans/,
  );

  // rpm installs the new files, then %posttrans defers to this dnf's bridge and lifts the fence
  p.setBuild('1.1-1');
  p.env.UPGRADE_HOOK_BRIDGE = 'dnf4';
  p.env.UPGRADE_HOOK_BRIDGE_PID = String(process.pid);
  deferToThisBridge(p);
  await new Promise((r) => setTimeout(r, 600));
  assert.equal(code, undefined, `the gate let the start through before the upgrade:\n${gate.out()}`);
  assert.deepEqual(p.evidenceLines(), [], 'nothing ran inside the transaction');

  const end = p.run('bridge', 'end');
  assert.equal(end.code, 0, end.stderr);
  assert.equal(await gate.exited, 0, gate.out());
  assert.deepEqual(p.evidenceLines(), ['0010_new offline once'], 'the upgrade ran once, by the bridge');
});

test('a fence whose dnf is gone does not hold a start', async (t) => {
  const p = makeProduct();
  t.after(p.cleanup);
  installedThenUpgraded(p, '1.0-1', '1.0-1');
  // the fence names a dnf that then died (killed mid-transaction): it does not stand
  const dnf = spawn('sleep', ['0']);
  await new Promise((r) => dnf.on('close', r));
  const fenced = p.run('bridge', 'fence', 'acme', String(process.pid));
  assert.equal(fenced.code, 0, fenced.stderr);
  writeFileSync(join(p.lockDir, 'fence-acme'), `${dnf.pid} \n`);
  const r = p.run('gate', 'acme');
  assert.equal(r.code, 0, r.stderr);
  assert.doesNotMatch(r.stdout + r.stderr, /replacing its files/);
});

// %pretrans of a product's first install (the tool already there for another product): no descriptor yet,
// so no data to protect; the fence is not raised and rpm's output gets no warning.
test('bridge fence of a product not installed yet: silent, exit 0, no fence', (t) => {
  const p = makeProduct();
  t.after(p.cleanup);
  installedThenUpgraded(p, '1.0-1', '1.0-1');
  const r = p.run('bridge', 'fence', 'newcomer', String(process.pid));
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout + r.stderr, '', 'nothing said in the middle of the package transaction');
  assert.equal(existsSync(join(p.lockDir, 'fence-newcomer')), false);
});

// Under dnf the plugin (or dnf5's action) fences, then the product's %pretrans fences again with the same
// process: the second call finds its own fence standing and does nothing more (no second settle wait).
test('bridge fence again by the same holder leaves the fence as it is', async (t) => {
  const p = makeProduct();
  t.after(p.cleanup);
  installedThenUpgraded(p, '1.0-1', '1.0-1');
  const fence = join(p.lockDir, 'fence-acme');
  assert.equal(p.run('bridge', 'fence', 'acme', String(process.pid)).code, 0);
  const first = statSync(fence, { bigint: true }).mtimeNs;
  await new Promise((r) => setTimeout(r, 30));
  const again = p.run('bridge', 'fence', 'acme', String(process.pid));
  assert.equal(again.code, 0, again.stderr);
  assert.equal(statSync(fence, { bigint: true }).mtimeNs, first, 'not raised a second time');
});

// The product lock: one upgrade at a time, a clear word about who holds it, instant takeover from a
// holder that was killed, and no trust in a lock directory someone else planted under world-writable /run/lock.
import assert from 'node:assert/strict';
import { chownSync, mkdirSync, readFileSync, readdirSync, symlinkSync, chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { BUNDLE, cliBackground } from '../helpers/cli.js';
import { killWithScripts } from '../helpers/torture-procs.js';
import { waitForFile } from '../helpers/wait.js';
import { evidenceScript, installedThenUpgraded, makeProduct } from '../helpers/product.js';

test('a second invocation waits, names the holder, and gives up with 75', async (t) => {
  const p = makeProduct();
  t.after(p.cleanup);
  installedThenUpgraded(p, '1.0-1', '1.1-1');
  const started = join(p.root, 'started');
  p.script('once', '0010_slow', `#!/bin/sh\ntouch ${started}\nsleep 4\n`);
  const first = cliBackground(['run', 'acme'], p.env);
  await waitForFile(started);
  const second = p.run('run', 'acme', '--wait', '1');
  assert.equal(second.code, 75, second.stderr);
  assert.match(
    second.stderr,
    new RegExp(`acme is locked by pid ${first.pid} \\(upgrade-hook run acme\\) since \\d{4}-`),
  );
  assert.match(second.stderr, /gave up after 1 s/);
  const state = p.run('state', 'get', 'acme', 'acme', 'data_version');
  assert.equal(state.stdout.trim(), '1.0-1', 'reads need no lock');
  assert.equal((await first.result).code, 0);
  assert.equal(p.run('check', 'acme').code, 0);
});

test('an upgrade killed with SIGKILL (scripts too) is resumed at once by the next run', async (t) => {
  const p = makeProduct();
  t.after(p.cleanup);
  installedThenUpgraded(p, '1.0-1', '1.1-1');
  const started = join(p.root, 'started');
  p.script('once', '0010_first', evidenceScript(p));
  p.script('once', '0020_slow', evidenceScript(p, `[ -e ${started} ] || { touch ${started}; sleep 30; }`));
  p.script('once', '0030_last', evidenceScript(p));
  const victim = cliBackground(['run', 'acme'], p.env);
  await waitForFile(started);
  killWithScripts(victim.pid!);
  await victim.result;
  assert.equal(p.marker()?.reason, 'interrupted', 'the killed run left a marker saying so');
  assert.equal(p.run('check', 'acme').code, 4);
  // --wait 0: the dead holder's lock must be taken over at once, not waited out.
  const rerun = p.run('run', 'acme', '--wait', '0');
  assert.equal(rerun.code, 0, rerun.stderr);
  assert.doesNotMatch(rerun.stdout, /waiting for the lock/);
  assert.deepEqual(p.evidenceLines(), [
    '0010_first offline once',
    '0020_slow offline once',
    '0020_slow offline once',
    '0030_last offline once',
  ]);
  assert.equal(p.run('check', 'acme').code, 0);
});

test('a script of the killed run that is still alive stops the rerun from running it twice', async (t) => {
  const p = makeProduct();
  t.after(p.cleanup);
  installedThenUpgraded(p, '1.0-1', '1.1-1');
  const started = join(p.root, 'started');
  const evidence = join(p.root, 'slow-done');
  p.script('once', '0010_slow', `#!/bin/sh\ntouch ${started}\nsleep 3\necho done >> ${evidence}\n`);
  const victim = cliBackground(['run', 'acme'], p.env);
  await waitForFile(started);
  process.kill(victim.pid!, 'SIGKILL');
  await victim.result;
  // no wait allowed: refused like a busy lock, naming the script and its pid
  const refused = p.run('run', 'acme', '--wait', '0');
  assert.equal(refused.code, 75, refused.stderr);
  assert.match(refused.stderr, /0010_slow of the interrupted upgrade is still running \(pid \d+/);
  assert.match(refused.stderr, /kill \d+/);
  // the lock wait (60 s): the rerun waits for it, records its end and does not run it again
  const rerun = p.run('run', 'acme');
  assert.equal(rerun.code, 0, rerun.stderr);
  assert.match(rerun.stdout, /0010_slow of the interrupted upgrade completed after the tool was killed: recorded/);
  assert.equal(readFileSync(evidence, 'utf8'), 'done\n', 'it completed once');
});

test('a planted lock directory is refused and nothing is written through it', async (t) => {
  const p = makeProduct();
  t.after(p.cleanup);
  installedThenUpgraded(p, '1.0-1', '1.1-1');
  const elsewhere = join(p.root, 'attacker');
  mkdirSync(elsewhere);
  // The lock dir exists already after stamp: replace it with each kind of plant in turn.
  const plants: Array<[string, () => void, RegExp]> = [
    ['symlink', () => symlinkSync(elsewhere, p.lockDir), /it is a symbolic link/],
    [
      'other owner',
      () => {
        mkdirSync(p.lockDir);
        chownSync(p.lockDir, 4242, 4242);
      },
      /owned by uid 4242/,
    ],
    [
      'world-writable',
      () => {
        mkdirSync(p.lockDir);
        chmodSync(p.lockDir, 0o777);
      },
      /writable by others/,
    ],
  ];
  for (const [what, plant, message] of plants) {
    (await import('node:fs')).rmSync(p.lockDir, { recursive: true, force: true });
    plant();
    const r = p.run('run', 'acme');
    assert.equal(r.code, 78, `${what}: ${r.stderr}`);
    assert.match(r.stderr, new RegExp(`refusing to use lock directory ${p.lockDir}`));
    assert.match(r.stderr, message);
    assert.deepEqual(readdirSync(elsewhere), [], 'nothing written through the plant');
  }
  assert.equal(p.run('check', 'acme').code, 4, 'nothing ran');
});

// A script that restarts a gated unit starts the gate, which would wait (up to an hour) for the lock its
// own upgrade holds. The gate cannot tell who asked systemd; it refuses at once while a script runs with
// the apps down (docs/systemd.md).
test('a gate started while the holder runs a script with the apps down fails at once (75), naming it', (t) => {
  const p = makeProduct();
  t.after(p.cleanup);
  installedThenUpgraded(p, '1.0-1', '2.0-1');
  const out = join(p.root, 'gate.out');
  // as systemd would start it: without the script's environment
  p.script(
    'once',
    '0010_restart',
    `#!/bin/sh\nt0=$(date +%s)\nenv -u UPGRADE_HOOK_LOCK_TOKEN -u UPGRADE_HOOK_RUN upgrade-hook gate ${p.name} --wait 10 2> ${out}.err\necho "exit $? after $(( $(date +%s) - t0 )) s" > ${out}\n`,
  );
  const r = p.run('run', p.name);
  assert.equal(r.code, 0, r.stderr);
  const [, status, secs] = /^exit (\d+) after (\d+) s/.exec(readFileSync(out, 'utf8'))!;
  const err = readFileSync(`${out}.err`, 'utf8');
  assert.equal(status, '75', err);
  assert.ok(Number(secs) < 5, `the gate waited ${secs} s: ${err}`);
  assert.match(err, /0010_restart/);
  assert.match(err, /asked for from inside the upgrade would wait for itself/);
});

// The holder's own starts (a backend it brings up, a restart a script asked for) run in the holder's session:
// a gate they start is not "from inside a script" even while the apps are down. Here the backend's start
// command starts the gate itself, as systemd would for a gated unit: it must wait for the lock, not refuse.
test("a gate started by the holder's own service start (its session) waits for the lock instead of refusing", (t) => {
  const p = makeProduct();
  t.after(p.cleanup);
  installedThenUpgraded(p, '1.0-1', '2.0-1');
  const out = join(p.root, 'gate-from-start');
  const gate = `UPGRADE_HOOK_CONFIG_PATH=${p.confDir} UPGRADE_HOOK_LOCK_DIR=${p.lockDir} ${process.execPath} ${BUNDLE} gate ${p.name} --wait 1`;
  p.descriptor(
    ['[service db]', 'role = backend', `start = ${gate} 2> ${out}.err; echo "exit $?" > ${out}`, 'stop = true'].join(
      '\n',
    ),
  );
  p.script('once', '3000_reindex', evidenceScript(p));
  const r = p.run('run', p.name);
  assert.equal(r.code, 0, r.stderr);
  const err = readFileSync(`${out}.err`, 'utf8');
  assert.equal(readFileSync(out, 'utf8').trim(), 'exit 75', err);
  assert.doesNotMatch(err, /would wait for itself/);
  assert.match(err, /is locked by pid \d+ \(upgrade-hook run acme\).*gave up after 1 s/);
  assert.deepEqual(p.evidenceLines(), ['3000_reindex backend once']);
});

test("an admin's start from outside the upgrade waits at the gate while a script runs, and passes once the apps may start", async (t) => {
  const p = makeProduct();
  t.after(p.cleanup);
  installedThenUpgraded(p, '1.0-1', '2.0-1');
  const started = join(p.root, 'started');
  const go = join(p.root, 'go');
  p.script('once', '0010_slow', `#!/bin/sh\ntouch ${started}\nwhile [ ! -e ${go} ]; do sleep 0.05; done\n`);
  const holder = cliBackground(['run', p.name], p.env);
  await waitForFile(started);
  // the test process is not below the holder: this is an admin's start, not the script's
  const admin = cliBackground(['gate', p.name, '--wait', '60'], p.env);
  await new Promise((r) => setTimeout(r, 1500));
  assert.equal(admin.exitCode, null, 'the gate waits instead of refusing');
  writeFileSync(go, '');
  const [h, g] = await Promise.all([holder.result, admin.result]);
  assert.equal(h.code, 0, h.stderr);
  assert.equal(g.code, 0, g.stderr);
  assert.doesNotMatch(g.stderr, /would wait for itself/);
});

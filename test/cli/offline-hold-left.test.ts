// A run killed during its offline phase leaves the offline hold's flag (systemd/offline-hold.ts): while it
// stands, a start of the product's backends is skipped. `status` must say so and name the command, and that
// command (`upgrade-hook run NAME`, also when the data is up to date) must lift it. Needs root: the flag's
// place is the system's /run/upgrade-hook/offline/NAME (a unique product name, removed afterwards).
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { test } from 'node:test';
import { installedThenUpgraded, makeProduct } from '../helpers/product.js';

const asRoot = process.geteuid?.() === 0;

test('a flag a killed run left: status names it and the command; an up-to-date run lifts it', {
  skip: !asRoot && 'needs root',
}, (t) => {
  const name = `held${process.pid}`;
  const flag = `/run/upgrade-hook/offline/${name}`;
  const p = makeProduct(name);
  t.after(() => {
    rmSync(flag, { force: true });
    p.cleanup();
  });
  installedThenUpgraded(p, '1.0-1', '1.0-1');
  mkdirSync('/run/upgrade-hook/offline', { recursive: true, mode: 0o755 });
  writeFileSync(flag, '999999\n');

  const status = p.run('status', name);
  assert.equal(status.code, 0, status.stderr);
  assert.match(status.stdout, new RegExp(`Backends: held down by a run that did not finish \\(${flag}\\)`));
  assert.match(status.stdout, new RegExp(`until upgrade-hook run ${name}`));

  const run = p.run('run', name);
  assert.equal(run.code, 0, run.stderr);
  assert.equal(existsSync(flag), false, 'the advised run lifted the flag');
  assert.doesNotMatch(p.run('status', name).stdout, /held down/);
});

// Generator seed 110004: gpb's %posttrans was killed in its offline phase with its flag on gpa-db (a backend
// both products list); gpa's upgrade in the same rpm transaction then found gpa-db's start skipped and failed.
// Any run's release lifts the flags whose run is gone, and keeps a live run's.
test("another product's flag whose run is gone is lifted by this product's run; a live run's is kept", {
  skip: !asRoot && 'needs root',
}, (t) => {
  const name = `lift${process.pid}`;
  const gone = `/run/upgrade-hook/offline/gone${process.pid}`;
  const live = `/run/upgrade-hook/offline/live${process.pid}`;
  const p = makeProduct(name);
  t.after(() => {
    for (const f of [gone, live]) rmSync(f, { force: true });
    p.cleanup();
  });
  installedThenUpgraded(p, '1.0-1', '1.0-1');
  mkdirSync('/run/upgrade-hook/offline', { recursive: true, mode: 0o755 });
  // a run that is gone: a pid that is not running; a live one: this test's process with its start time
  writeFileSync(gone, '999999 12345\n');
  const stat = readFileSync('/proc/self/stat', 'utf8');
  const start = stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  writeFileSync(live, `${process.pid} ${start}\n`);

  const run = p.run('run', name);
  assert.equal(run.code, 0, run.stderr);
  assert.equal(existsSync(gone), false, 'the flag of a run that is gone was lifted');
  assert.equal(existsSync(live), true, "a live run's flag was kept");
});

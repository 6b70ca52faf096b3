// A run killed during its offline phase leaves the offline hold's flag (systemd/offline-hold.ts): while it
// stands, a start of the product's backends is skipped. `status` must say so and name the command, and that
// command (`upgrade-hook run NAME`, also when the data is up to date) must lift it. Needs root: the flag's
// place is the system's /run/upgrade-hook/offline/NAME (a unique product name, removed afterwards).
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
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

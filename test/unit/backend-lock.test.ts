// The lock per shared backend unit (src/lock/backend-lock.ts) on real files in a temp lock directory, and the
// pure readers of the dnf-bridge wait (src/host/bridge-process.ts): /proc/locks lines.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, test } from 'node:test';
import { acquireBackendLocks, backendHolder } from '../../src/lock/backend-lock.js';
import { backendUnits, type Descriptor } from '../../src/product/descriptor.js';
import { isUpgradeHookError } from '../../src/errors.js';
import { descriptor, unitService } from './runner-world.js';

let dir = '';
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const request = (waits: string[]) => ({
  dir,
  euid: process.getuid?.() ?? 0,
  waitMs: 0,
  command: 'upgrade-hook run test',
  onWait: (unit: string, holder: string) => void waits.push(`${unit} ${holder}`),
  progress: () => {},
});

// as commands/session.ts takes them: the product's backend units, by name
const acquire = (d: Descriptor, req: ReturnType<typeof request>) => acquireBackendLocks(d.name, backendUnits(d), req);

test('the backend units of a product, in the order their locks are taken (sorted, each once)', () => {
  const d = descriptor([
    unitService('zdb', 'backend'),
    unitService('app', 'app'),
    unitService('broker', 'backend'),
    unitService('zdb', 'backend'),
  ]);
  assert.deepEqual(backendUnits(d), ['broker.service', 'zdb.service']);
});

test('a second product on the same backend gets LOCK_BUSY naming the backend; it is free again after release', async () => {
  dir = mkdtempSync(join(tmpdir(), 'backend-lock-'));
  const depot = descriptor([unitService('db', 'backend'), unitService('web', 'app')]);
  const portal = { ...descriptor([unitService('db', 'backend')]), name: 'portal' };
  const held = await acquire(depot, request([]));
  assert.equal(backendHolder(dir, 'db.service')?.pid, process.pid);
  await assert.rejects(acquire(portal, request([])), (e: unknown) => {
    assert.ok(isUpgradeHookError(e) && e.code === 'LOCK_BUSY');
    assert.match(
      (e as Error).message,
      /^portal: the shared backend db\.service is locked by pid \d+ \(upgrade-hook run test\).*another product's upgrade stops and starts it/,
    );
    return true;
  });
  await held.release();
  assert.equal(backendHolder(dir, 'db.service'), undefined);
  const again = await acquire(portal, request([]));
  await again.release();
});

test('a product without backend units takes no lock', async () => {
  dir = mkdtempSync(join(tmpdir(), 'backend-lock-'));
  const l = await acquire(descriptor([unitService('web', 'app')]), request([]));
  assert.equal(l.token, '');
  await l.release();
});

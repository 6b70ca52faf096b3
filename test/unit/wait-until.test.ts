// Readiness polling backs off from 10 ms: a quick service costs one short wait, a slow one few polls.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { waitUntil } from '../../src/services/wait-until.js';

function clock() {
  let now = 0;
  const sleeps: number[] = [];
  return {
    now: () => now,
    sleep: async (ms: number) => {
      sleeps.push(ms);
      now += ms;
    },
    sleeps,
  };
}

test('ready on the third probe: waits 10 then 20 ms', async () => {
  const c = clock();
  let probes = 0;
  assert.equal(await waitUntil(async () => ++probes === 3, { timeoutMs: 5000, sleep: c.sleep, now: c.now }), true);
  assert.deepEqual(c.sleeps, [10, 20]);
});

test('backs off to 500 ms and gives up at the timeout', async () => {
  const c = clock();
  assert.equal(await waitUntil(async () => false, { timeoutMs: 3000, sleep: c.sleep, now: c.now }), false);
  assert.deepEqual(c.sleeps.slice(0, 7), [10, 20, 40, 80, 160, 320, 500]);
  assert.ok(c.now() >= 3000 && c.now() < 3500, `stopped near the timeout (${c.now()} ms)`);
});

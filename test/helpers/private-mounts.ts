// Runs node with `args` in a private mount namespace (`unshare -m`): what it mounts there goes with it, even
// when the test is killed. The worker prints its findings as one JSON document on stdout.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';

export function inPrivateMounts<T>(args: string[], timeoutMs = 120_000): T {
  const r = spawnSync('unshare', ['-m', '--propagation', 'private', process.execPath, ...args], {
    encoding: 'utf8',
    timeout: timeoutMs,
  });
  assert.equal(r.status, 0, `worker: ${r.stderr}`);
  return JSON.parse(r.stdout) as T;
}

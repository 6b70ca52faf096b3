// A rehearsal killed during its frozen moment (issue 24, docs/rehearse.md): the product's processes were
// SIGSTOPped for the copy; the dead-man switch (sandbox/consistent-copy.ts) continues them within moments of
// the tool's death, even by SIGKILL, and the next rehearsal's sweep thaws from the run's record if even the
// switch is gone.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import type { Descriptor } from '../../src/product/descriptor.js';
import { sweepRehearsals } from '../../src/sandbox/rehearse.js';

const module = fileURLToPath(new URL('../../src/sandbox/consistent-copy.js', import.meta.url));
const state = (pid: number) => readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /, '')[0];

async function until(f: () => boolean, ms: number): Promise<boolean> {
  for (let t = 0; t < ms; t += 50) {
    if (f()) return true;
    await sleep(50);
  }
  return f();
}

test('SIGKILL of the tool while the product is frozen: the dead-man switch continues it', async () => {
  const product = spawn('sleep', ['60'], { stdio: 'ignore' });
  const pid = product.pid!;
  try {
    // the tool: freezes the "product" as consistent-copy does on cgroup v1, arms the switch, then hangs
    const tool = spawn(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `const m = await import(${JSON.stringify(module)});
         process.kill(${pid}, 'SIGSTOP');
         m.deadManSwitch({ how: 'sigstop', units: [], pids: [${pid}] });
         console.log('frozen'); setInterval(() => {}, 1000);`,
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    await new Promise<void>((r) => tool.stdout!.once('data', () => r()));
    assert.ok(await until(() => state(pid) === 'T', 1000), 'the product is stopped');
    await sleep(300);
    assert.equal(state(pid), 'T', 'still frozen while the tool lives');
    tool.kill('SIGKILL');
    assert.ok(await until(() => state(pid) !== 'T', 2000), `continued after the tool died (state ${state(pid)})`);
  } finally {
    product.kill('SIGKILL');
  }
});

test('the next rehearsal sweeps a killed run: thaws from its record what the switch could not, removes it', async () => {
  const product = spawn('sleep', ['60'], { stdio: 'ignore' });
  const pid = product.pid!;
  const dir = mkdtempSync(join(tmpdir(), 'uh-deadman-'));
  // a run whose process is gone
  const gone = spawn('true');
  await new Promise((r) => gone.once('exit', r));
  const run = join(dir, 'rehearse', `run.${gone.pid}`);
  const live = join(dir, 'rehearse', `run.${process.pid}`);
  try {
    process.kill(pid, 'SIGSTOP');
    assert.ok(await until(() => state(pid) === 'T', 1000));
    mkdirSync(join(run, 'data'), { recursive: true });
    mkdirSync(live, { recursive: true });
    writeFileSync(join(run, 'frozen.json'), JSON.stringify({ how: 'sigstop', units: [], pids: [pid] }));
    const removed = sweepRehearsals({ varDir: dir } as Descriptor);
    assert.deepEqual(removed, [run]);
    assert.ok(!existsSync(run), 'the killed run is gone');
    assert.ok(existsSync(live), 'a live run is left alone');
    assert.ok(await until(() => state(pid) !== 'T', 1000), 'the product runs again');
  } finally {
    product.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }
});

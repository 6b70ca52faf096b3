// The rerun of an upgrade whose tool was killed alone refuses while the interrupted script still runs (75,
// naming it) — but only that script and what it started count: a daemon an earlier script left behind
// (it inherited UPGRADE_HOOK_RUN legitimately), a process with the string inside another variable, and
// another user's process with the exact variable do not block the rerun.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readProcStat } from '../../src/proc/proc-stat.js';
import {
  addScript,
  assertToolBuilt,
  makeProduct,
  readEvidence,
  readHistoryStrict,
  removeProduct,
  spawnTool,
  tool,
  toolResult,
  writeFigures,
} from '../helpers/torture-product.js';

const NOBODY = 65534;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function waitFor(file: string, ms = 20_000): Promise<void> {
  const until = Date.now() + ms;
  while (!existsSync(file)) {
    if (Date.now() > until) throw new Error(`${file} did not appear`);
    await sleep(20);
  }
}

const pidIn = (file: string) => Number(readFileSync(file, 'utf8').trim());
const kill = (target: number) => {
  try {
    process.kill(target, 'SIGKILL');
  } catch {
    /* gone */
  }
};

test('only the interrupted script blocks the rerun: not an earlier daemon, not look-alikes', async () => {
  assertToolBuilt();
  const p = makeProduct({ data: '1.0', build: '2.0' });
  const daemonPid = join(p.root, 'daemon.pid');
  const slowPid = join(p.root, 'slow.pid');
  const hold = join(p.root, 'hold');
  addScript(p, {
    kind: 'once',
    name: '0010_daemon',
    body: `#!/bin/sh\nsetsid sh -c 'echo $$ > ${daemonPid}; exec sleep 300' </dev/null >/dev/null 2>&1 &\nwhile [ ! -s ${daemonPid} ]; do sleep 0.05; done\necho "done 0010_daemon" >> ${p.evidence}\n`,
  });
  addScript(p, {
    kind: 'once',
    name: '0020_slow',
    body: `#!/bin/sh\necho "start 0020_slow" >> ${p.evidence}\nif [ -e ${hold} ]; then echo $$ > ${slowPid}; sleep 300; fi\necho "done 0020_slow" >> ${p.evidence}\n`,
  });
  spawnSync('touch', [hold]);
  const lookAlikes: ChildProcess[] = [];
  let daemon = 0;
  try {
    const child = spawnTool(p, ['run', p.name]);
    const done = toolResult(child);
    await waitFor(slowPid);
    await waitFor(daemonPid);
    daemon = pidIn(daemonPid);
    const slow = pidIn(slowPid);
    kill(child.pid!); // the tool alone: its script runs on
    await done;
    const runId = readHistoryStrict(p.history)
      .records.filter((r) => r.t === 'run-start')
      .at(-1)!.run!;

    // The string inside another variable, and (as root) another user's process with the exact variable.
    lookAlikes.push(
      spawn('sleep', ['300'], { env: { PATH: process.env.PATH, X: `UPGRADE_HOOK_RUN=${runId}` }, stdio: 'ignore' }),
    );
    if (process.geteuid?.() === 0) {
      lookAlikes.push(
        spawn(
          'setpriv',
          ['--reuid', String(NOBODY), '--regid', String(NOBODY), '--clear-groups', 'setsid', 'sleep', '300'],
          { env: { PATH: process.env.PATH, UPGRADE_HOOK_RUN: runId }, stdio: 'ignore' },
        ),
      );
    }
    await sleep(300);

    const blocked = tool(p, ['run', p.name, '--wait', '0']);
    assert.equal(blocked.status, 75, `the interrupted script still runs: ${blocked.stderr}`);
    const named = (
      /0020_slow of the interrupted upgrade is still running \(pid ([\d, ]+)\)/.exec(blocked.stderr)?.[1] ?? ''
    )
      .split(', ')
      .map(Number);
    assert.ok(named.includes(slow), `names the interrupted script ${slow}: ${blocked.stderr}`);
    for (const other of [daemon, ...lookAlikes.map((l) => l.pid!)])
      assert.ok(
        !named.includes(other),
        `pid ${other} (the earlier daemon or a look-alike) is not of the interrupted script: ${blocked.stderr}`,
      );

    // the script's process group is its session's, led by the shell that runs it (script/spawn-script.ts)
    const group = readProcStat(slow)?.pgrp;
    if (group) kill(-group);
    kill(slow);
    await sleep(300);
    spawnSync('rm', ['-f', hold]);
    const rerun = tool(p, ['run', p.name, '--wait', '0']);
    assert.equal(rerun.status, 0, `the daemon and the look-alikes do not block the rerun: ${rerun.stderr}`);
    assert.deepEqual(readEvidence(p), ['done 0010_daemon', 'start 0020_slow', 'start 0020_slow', 'done 0020_slow']);
    assert.ok(existsSync(`/proc/${daemon}`), 'the daemon was left alone');
    writeFigures('orphans', {
      blockedBy: 'the interrupted script only',
      ignored: [
        'daemon of an earlier script',
        'variable inside another one',
        ...(lookAlikes.length > 1 ? ["another user's process with the exact variable"] : []),
      ],
    });
  } finally {
    for (const l of lookAlikes) kill(l.pid!);
    if (daemon) kill(daemon);
  }
  removeProduct(p);
});

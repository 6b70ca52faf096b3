// Issue 24: `upgrade-hook rehearse`, the admin's dress rehearsal, on a real "production" host: a booted bookworm
// container (container.sh with the rehearse layer, which adds systemd-nspawn) running acme 1.1 on PostgreSQL,
// installed with dnf from real RPMs. The rehearsal boots a nested throwaway container over that host's root.
// Proven here: production keeps serving (a client probes every 0.1 s; the frozen moment is measured), every
// product unit keeps its PID, production's data digest is unchanged, 0 packets leave lo, the demo's failing 1.2
// step fails the rehearsal with the real run's message and production untouched, plan shows the predicted
// downtime, and the median prediction of 5 rehearsals against the median of 5 real upgrades that follow (a
// rollback and a downgrade between two; UPGRADE_HOOK_REAL_RUNS=N changes the count). Then a rehearsal
// killed by SIGKILL and by SIGTERM, and one SIGKILLed while production is frozen for the copy: production
// untouched and thawed, the next rehearsal cleans up and passes.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { measuredRuns } from '../../src/record/measured-run.js';
import type { HistoryRecord } from '../../src/record/history-record.js';
import type { RehearseReport } from '../../src/sandbox/rehearse.js';
import {
  containerSkipReason,
  ensureImage,
  newResultsDir,
  readResult,
  removeDir,
  repoRoot,
  stageArtifacts,
} from './lib/container.js';

const skip = containerSkipReason();
// the real upgrades whose median the prediction is held to (a rollback and a downgrade between two)
const REAL_RUNS = Number(process.env.UPGRADE_HOOK_REAL_RUNS ?? 5);
const LIB = join(repoRoot, 'test/e2e/lib');

function scenario(fn: string, stage: string, results: string, layer: string, options: string[] = []) {
  const r = spawnSync(
    'bash',
    [
      join(LIB, 'container.sh'),
      'run',
      ...options,
      '--lower',
      layer,
      '--bind-ro',
      `${stage}:/mnt/build`,
      '--bind-ro',
      `${LIB}:/mnt/lib`,
      '--bind',
      `${results}:/mnt/results`,
      '--',
      'bash',
      '-c',
      `. /mnt/lib/container-scenarios.sh; . /mnt/lib/rehearse-scenario.sh; ${fn}`,
    ],
    { encoding: 'utf8', timeout: 600_000 },
  );
  return r;
}

const json = <T>(results: string, name: string) => JSON.parse(readResult(results, name)) as T;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

describe('rehearse (issue 24)', { skip }, () => {
  let stage = '';
  let layer = '';
  const results: string[] = [];
  before(() => {
    ensureImage();
    stage = stageArtifacts();
    layer = spawnSync('bash', [join(LIB, 'rehearse-layer.sh')], { encoding: 'utf8' }).stdout.trim();
    assert.ok(layer, 'the rehearse layer (systemd-container over the image)');
  });
  after(() => {
    if (process.env.UPGRADE_HOOK_KEEP_RESULTS !== '1') for (const d of [stage, ...results]) removeDir(d);
  });
  // a scenario in a fresh production container; its results directory (removed after the file)
  const runScenario = (fn: string, name: string, options: string[] = []): string => {
    const R = newResultsDir(name);
    results.push(R);
    const r = scenario(fn, stage, R, layer, options);
    assert.equal(r.status, 0, `${r.stdout}\n${r.stderr}`);
    return R;
  };

  test('a rehearsal of 1.1 -> 1.2 on production: it serves, keeps PIDs and data, and predicts the downtime', () => {
    const R = runScenario(`REAL_RUNS=${REAL_RUNS} scenario_rehearse`, 'rehearse');
    assert.equal(readResult(R, 'rehearse.rc').trim(), '0', readResult(R, 'rehearse.err'));
    const rep = json<RehearseReport>(R, 'rehearse.json');
    assert.equal(rep.ok, true, rep.message ?? '');
    assert.equal(rep.from, '1.1-1');
    assert.equal(rep.to, '1.2-1');
    assert.equal(rep.txPackets, 0, 'no packet left lo');
    assert.deepEqual(
      rep.steps.map((s) => s.step),
      ['neutralize', 'start', 'before', 'upgrade to 1.2-1', 'check', 'ready'],
    );
    assert.ok(rep.predictedDowntimeMs !== null && rep.predictedDowntimeMs > 0);
    // production: the same PIDs, the same data
    assert.equal(readResult(R, 'pids-after'), readResult(R, 'pids-before'));
    assert.doesNotMatch(readResult(R, 'pids-before'), /^0 | 0 /, 'both units ran');
    assert.equal(readResult(R, 'digest-after'), readResult(R, 'digest-before'));
    // the client: a probe fails only inside the frozen moment (a frozen server answers late, not never)
    const probes = readResult(R, 'probes.txt')
      .trim()
      .split('\n')
      .map((l) => l.split(' '));
    const failed = probes.filter((p) => p[1] !== 'ok').length;
    const allowed = Math.ceil(rep.copy.gapMs / 100) + 1;
    console.log(
      `  rehearsal: ${(rep.ms / 1000).toFixed(1)} s, data ${rep.copy.bytes} B by ${rep.copy.method} in ${rep.copy.copyMs} ms, frozen ${rep.copy.gapMs} ms (${rep.copy.frozen.how}); probes ${probes.length}, failed ${failed} (allowed ${allowed}); tx ${rep.txPackets}`,
    );
    assert.ok(probes.length > 20, 'the client probed throughout');
    assert.ok(failed <= allowed, `${failed} probes failed; the frozen moment was ${rep.copy.gapMs} ms`);
    assert.equal(readResult(R, 'rehearse-dir.txt').trim(), 'last.json', 'only the report is left');

    // the demo's failing 1.2 step fails the rehearsal with the real run's message; production untouched
    assert.equal(readResult(R, 'rehearse-fail.rc').trim(), '1');
    const fail = json<RehearseReport>(R, 'rehearse-fail.json');
    assert.equal(fail.ok, false);
    assert.match(fail.message ?? '', /acme: upgrade failed: 3300_broken_step exited with status 1/);
    assert.equal(fail.predictedDowntimeMs, null, 'no number from a failed rehearsal');
    assert.equal(readResult(R, 'digest-after-fail'), readResult(R, 'digest-before-fail'));
    assert.equal(readResult(R, 'pids-after-fail'), readResult(R, 'pids-before'));

    // plan shows the prediction of the last rehearsal
    assert.match(
      readResult(R, 'plan-2.out'),
      /predicted downtime: [\d.]+ s of [\d.]+ s \(1\.1-1 -> 1\.2-1, measured by the rehearsal of/,
    );
    assert.match(readResult(R, 'plan.out'), /predicted downtime: [\d.]+ s/);

    // the median of five predictions against the real upgrade that followed
    const predicted = [rep, ...[2, 3, 4, 5].map((i) => json<RehearseReport>(R, `rehearse-${i}.json`))].map(
      (x) => x.predictedDowntimeMs ?? Number.NaN,
    );
    // each real upgrade: its measured downtime (the history as it stood after it) and what the client saw
    const runs = Number(readResult(R, 'real-runs').trim());
    const real = Array.from({ length: runs }, (_, k) => {
      const history = readResult(R, `history-${k + 1}.jsonl`)
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as HistoryRecord);
      const run = measuredRuns(history)
        .filter((x) => x.to === '1.2-1' && x.result === 'ok')
        .at(-1);
      assert.ok(run, `real upgrade ${k + 1} ran and was measured`);
      const down = readResult(R, `probes-real-${k + 1}.txt`)
        .trim()
        .split('\n')
        .map((l) => l.split(' '))
        .filter((p) => p[1] !== 'ok')
        .map((p) => Number(p[0]));
      return {
        run: run.run,
        downtimeMs: run.downtimeMs,
        runMs: run.runMs,
        failed: down.length,
        seenMs: down.length ? down.at(-1)! - down[0]! : 0,
      };
    });
    assert.equal(
      new Set(real.map((x) => x.run)).size,
      runs,
      `${runs} distinct real upgrades: ${real.map((x) => x.run)}`,
    );
    const m = median(predicted);
    const realMedian = median(real.map((x) => x.downtimeMs));
    const err = (m - realMedian) / realMedian;
    console.log(
      [
        `  predicted downtime (5 rehearsals, ms): ${predicted.join(', ')}; median ${m}`,
        '  | real upgrade | downtime (history) | run | failed probes | seen by the client |',
        ...real.map((x, k) => `  | ${k + 1} | ${x.downtimeMs} ms | ${x.runMs} ms | ${x.failed} | ${x.seenMs} ms |`),
        `  median of ${runs} real: ${realMedian} ms; median prediction vs median real: ${(err * 100).toFixed(1)} %`,
      ].join('\n'),
    );
    assert.ok(
      Math.abs(err) <= 0.2,
      `the median prediction ${m} ms is not within 20 % of the median real ${realMedian} ms`,
    );
    assert.equal(readResult(R, 'check-1.2.rc').trim(), '0');
  });

  test('data on btrfs: the copy is a snapshot per subvolume, production frozen only while they are taken', () => {
    const R = runScenario('scenario_rehearse_btrfs', 'rehearse-btrfs', ['--btrfs', '/srv/btrfs']);
    assert.equal(readResult(R, 'rehearse.rc').trim(), '0', readResult(R, 'rehearse.err'));
    const rep = json<RehearseReport>(R, 'rehearse.json');
    assert.equal(rep.ok, true, rep.message ?? '');
    assert.equal(rep.copy.method, 'snapshot', readResult(R, 'rehearse.err'));
    assert.match(
      readResult(R, 'rehearse.err'),
      /btrfs snapshot of .* \(\/var\/lib\/postgresql, \/var\/lib\/acme, \/var\/lib\/upgrade-hook\)/,
    );
    assert.equal(rep.txPackets, 0);
    assert.ok(rep.predictedDowntimeMs !== null && rep.predictedDowntimeMs > 0);
    assert.equal(readResult(R, 'pids-after'), readResult(R, 'pids-before'));
    assert.doesNotMatch(readResult(R, 'pids-before'), /^0 | 0 /, 'both units ran');
    assert.equal(readResult(R, 'digest-after'), readResult(R, 'digest-before'));
    assert.equal(
      readResult(R, 'subvolumes.txt').trim().split('\n').sort().join(' '),
      'acme postgresql upgrade-hook',
      'the snapshots were deleted',
    );
    assert.equal(readResult(R, 'rehearse-dir.txt').trim(), 'last.json', 'only the report is left');
    const probes = readResult(R, 'probes.txt').trim().split('\n');
    const failed = probes.filter((l) => !l.endsWith(' ok')).length;
    console.log(
      `  btrfs: rehearsal ${(rep.ms / 1000).toFixed(1)} s, data ${rep.copy.bytes} B by ${rep.copy.method}: frozen ${rep.copy.gapMs} ms (${rep.copy.frozen.how}), copy ${rep.copy.copyMs} ms; probes ${probes.length}, failed ${failed}`,
    );
    assert.ok(failed <= Math.ceil(rep.copy.gapMs / 100) + 1, `${failed} probes failed; frozen ${rep.copy.gapMs} ms`);
  });

  // A measurement for docs/rehearse.md, not run in CI: UPGRADE_HOOK_REHEARSE_GIB=1 node --test …/rehearse.test.js
  const gib = Number(process.env.UPGRADE_HOOK_REHEARSE_GIB ?? 0);
  // the report of a GiB scenario with the disk it used (sampled every 0.2 s), printed and returned
  const measureGib = (R: string, report: string, label: string): RehearseReport => {
    assert.equal(readResult(R, `${report}.rc`).trim(), '0', readResult(R, `${report}.err`));
    const rep = json<RehearseReport>(R, `${report}.json`);
    const before = Number(readResult(R, 'df-before').trim());
    const peak = Math.max(...readResult(R, 'df-during').trim().split('\n').map(Number));
    const after = Number(readResult(R, 'df-after').trim());
    const mib = (b: number) => `${(b / 2 ** 20).toFixed(0)} MiB`;
    console.log(
      `  ${label}: rehearsal ${(rep.ms / 1000).toFixed(1)} s; copy of ${mib(rep.copy.bytes)} by ${rep.copy.method} in ${rep.copy.copyMs} ms, frozen ${rep.copy.gapMs} ms; extra disk at the peak ${mib(peak - before)}, left after ${mib(after - before)}; predicted downtime ${rep.predictedDowntimeMs} ms`,
    );
    assert.ok(rep.copy.bytes >= gib * 2 ** 30, 'the data was copied');
    assert.ok(after - before < 64 * 2 ** 20, 'the rehearsal left its copy behind');
    return rep;
  };
  test(`a rehearsal with ${gib} GiB of data: its time and the disk it takes`, {
    skip: gib > 0 ? false : 'set UPGRADE_HOOK_REHEARSE_GIB',
  }, () => {
    measureGib(runScenario(`GIB=${gib} scenario_rehearse_big`, 'rehearse-big'), 'rehearse-big', `${gib} GiB`);
  });

  test(`a rehearsal with ${gib} GiB of data on btrfs: its time and the disk it takes`, {
    skip: gib > 0 ? false : 'set UPGRADE_HOOK_REHEARSE_GIB',
  }, () => {
    const R = runScenario(`GIB=${gib} scenario_rehearse_btrfs`, 'rehearse-big-btrfs', [
      '--btrfs',
      `/srv/btrfs:${gib * 3 + 2}G`,
    ]);
    assert.equal(measureGib(R, 'rehearse', `${gib} GiB on btrfs`).copy.method, 'snapshot');
  });

  test('a rehearsal killed by SIGKILL or SIGTERM: production untouched, the next one cleans up and passes', () => {
    const R = runScenario('scenario_rehearse_kill', 'rehearse-kill');
    assert.equal(readResult(R, 'kill-KILL.rc').trim(), '137');
    assert.equal(readResult(R, 'kill-TERM.rc').trim(), '1', readResult(R, 'kill-TERM.out'));
    assert.match(readResult(R, 'kill-TERM.out'), /interrupted by SIGTERM/);
    for (const sig of ['KILL', 'TERM']) {
      assert.equal(readResult(R, `nspawn-${sig}.txt`).trim(), '0', `no container left after SIG${sig}`);
      assert.equal(readResult(R, `active-${sig}.txt`).trim(), 'active\nactive', `production serves after SIG${sig}`);
    }
    // after SIGKILL the run's directories wait for the next rehearsal (here the one then stopped by SIGTERM),
    // which removes them; SIGTERM cleans up after itself
    assert.notEqual(readResult(R, 'left-KILL.txt').trim(), 'last.json', 'the killed run left its directory');
    assert.match(readResult(R, 'kill-TERM.out'), /removed a killed rehearsal's leftovers/);
    assert.equal(readResult(R, 'left-sandbox-TERM.txt').trim(), '');
    assert.doesNotMatch(readResult(R, 'left-TERM.txt'), /run\./);
    // SIGKILL while production was frozen for the copy: the dead-man switch thawed it; it answers, same PIDs
    assert.equal(readResult(R, 'frozen-seen.txt').trim(), 'frozen, killed', 'the kill landed in the frozen moment');
    assert.equal(readResult(R, 'kill-frozen.rc').trim(), '137');
    // neither unit frozen by systemd, and none of their processes stopped (state T)
    const thawed = readResult(R, 'freezer-after-kill.txt').trim().split('\n');
    assert.equal(thawed.length, 2, thawed.join('\n'));
    for (const line of thawed) assert.match(line, /^\S+ running stopped 0 of [1-9]\d*$/, 'thawed after the kill');
    assert.equal(readResult(R, 'serves-after-frozen-kill.txt').trim(), '0', 'production answers after the kill');
    assert.equal(readResult(R, 'after-kill.rc').trim(), '0', readResult(R, 'after-kill.out'));
    assert.equal(readResult(R, 'left-final.txt').trim(), 'last.json');
    assert.equal(readResult(R, 'left-sandbox-final.txt').trim(), '');
    assert.equal(readResult(R, 'pids-after'), readResult(R, 'pids-before'));
    assert.equal(readResult(R, 'digest-after'), readResult(R, 'digest-before'));
  });
});

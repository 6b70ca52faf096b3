// Issue 20's generator in CI: a fixed set of seeds, each a generated product (unit graph) and a sequence of
// upgrades with faults, run in one booted container (more boots after a reboot or a power cut), every
// invariant of test/e2e/generator/invariants.ts checked. REGRESSIONS are the seeds the generator found
// breaking an invariant on the tool, named; a new finding is added there marked todo with the issue item
// until it is fixed (the rest of CI stays green).
// Replay one: npm run -s soak -- --replay SEED (results kept). More: npm run soak -- --cases N --seed S.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { containerSkipReason, ensureImage, removeDir, stageArtifacts } from './lib/container.js';
import { type BatchResult, formatViolations, runBatch } from './generator/batch.js';
import { describeCase, generateCase } from './generator/model.js';

const skip = containerSkipReason();

// Cases that held every invariant on the tool when they were chosen (first soak, seeds 100-139): a dnf
// upgrade with an admin's start of the backend and a failing step; a SIGKILL of the gate during an offline
// restart, then a power cut during rpm -U; an offline restart with a tool kill and an admin's stop+start.
// Seed 129 is the regression of issue 20 (a once-script twice after a SIGKILL of `bridge end` alone): it failed
// 3 of 3 on the tool before the recording shell, and passed 3 of 3 after it (the kill hit each time).
const CI_SEEDS = [100, 103, 104, 129];

// Found by the generator, each broke an invariant on the tool of its day; kept as named regression cases
// now that the work named fixed it (replay: npm run -s soak -- --replay SEED). A seed fixes the shapes, the
// steps and when each fault and admin command is scheduled; where that moment falls in the real upgrade
// varies from run to run, so a finding that depends on it did not show in every run.
// Seeds 40072 and 80002 (this session) are held by deterministic tests instead, to keep CI's share of the
// generator within its minutes: runner-units.test.ts (a job queued after the topology read) and
// finish-killed.test.ts (the finish unit killed after its stamp).
const REGRESSIONS: Array<{ seed: number; name: string }> = [
  {
    seed: 125,
    name: "an admin's systemctl restart of an app during a dnf upgrade failed: A dependency job failed (1 of 3 runs before the gate waited for the dnf bridge, issue 21; passes since)",
  },
  {
    seed: 3,
    name: 'gate SIGKILLed mid-upgrade: the rerun left a RefuseManualStart worker down (now started through the unit that pulls it in)',
  },
  {
    seed: 200,
    name: 'deferred upgrade fails in the boot, fixed, upgrade-hook run succeeds: gpa-app3 (not in the descriptor), refused at boot, stayed down (the gate now keeps the starts it drops)',
  },
  {
    seed: 406,
    name: 'SYSTEMD_OFFLINE rpm -U, a restart whose gate fails, fixed, upgrade-hook run succeeds: the worker@1 instance refused with the app stayed down',
  },
  {
    seed: 3008,
    name: "an admin's start of a running socket-activated app during the bridge's upgrade: the stop replaced its job (Job canceled); now a restart merges into it",
  },
  {
    seed: 5003,
    name: "an admin's restart of an app during rpm -U's upgrade pulled the database up in the offline phase; now the runtime condition skips that start",
  },
  {
    seed: 5010,
    name: 'a gate killed after a target restart stopped the api socket: the rerun started the service without its socket, which failed',
  },
  {
    seed: 1,
    name: "shared backend, failing step: gpa's rerun failed on gpb-app1 down behind gpb's failed gate; then its workers stayed down",
  },
  {
    seed: 110004,
    name: "gpb's killed %posttrans held the shared gpa-db down and gpa's upgrade failed; now a dead run's hold is lifted",
  },
  {
    seed: 150006,
    name: 'a gate killed at the fence lost the restart of an app waiting for it; now the waiting starts are kept before it waits',
  },
];

let result: BatchResult | undefined;
let stage = '';

describe('generated cases: unit graphs and fault sequences in real systemd (issue 20)', { skip }, () => {
  before(async () => {
    ensureImage();
    stage = stageArtifacts();
    result = await runBatch([...CI_SEEDS, ...REGRESSIONS.map((k) => k.seed)], stage);
    console.log(
      `# ${result.cases.length} cases in ${(result.ms / 1000).toFixed(0)} s (${result.boots} boots, ${result.powerCuts} power cuts)`,
    );
  });
  after(() => {
    if (stage) removeDir(stage);
  });

  const verdict = (seed: number) => {
    const c = result?.cases.find((x) => x.seed === seed);
    assert.ok(c, `seed ${seed} did not run`);
    if (c.faults.length) console.log(`# seed ${seed} faults: ${c.faults.join('; ')}`);
    assert.deepEqual(c.violations, [], formatViolations(c));
  };
  for (const seed of CI_SEEDS) test(`seed ${seed}: ${describeCase(generateCase(seed))}`, () => verdict(seed));
  for (const k of REGRESSIONS) test(`seed ${k.seed} (${k.name})`, () => verdict(k.seed));
});

// `run NAME --only SCRIPT...`: the named steps by hand, under the lock, each in the service state of its
// phase (executePlan stops and starts as for an upgrade), with a warning that stands out on stderr and in
// the log. Never an upgrade: nothing is stamped, the marker stays as it is, and the history marks the run
// as by hand (a once-step that succeeds counts as done; an always-step does not: history-record.ts).
import { EXIT, UpgradeHookError, type ExitStatus } from '../errors.js';
import { readHostFacts } from '../host/facts.js';
import { decide, decisionInputFor, type Decision } from '../plan/decide.js';
import { discoverScripts } from '../script/discover.js';
import { findStep } from '../plan/find-step.js';
import { phaseOf, type Plan, type PlannedStep } from '../plan/planner.js';
import { readStoredState } from '../product/stored-state.js';
import { rolesUpIn, type Descriptor } from '../product/descriptor.js';
import { onlyRefusal } from '../plan/entry-policy.js';
import { ensureVarDir, productPaths } from '../record/paths.js';
import { whyUnitsCannotBeControlled } from '../host/deferral.js';

import { refuseIfOrphansRemain } from './orphans.js';
import { newRunId, runFrame, type FrameReport } from './run-frame.js';
import { realFrameEffects } from './frame-effects.js';
import type { RunStartFields } from './outcome-records.js';
import type { UpgradeOptions } from './run-types.js';

export async function runOnly(o: UpgradeOptions, refs: string[]): Promise<ExitStatus> {
  const d = o.descriptor;
  const blocked = whyUnitsCannotBeControlled(d, readHostFacts(o.env));
  if (blocked)
    throw new UpgradeHookError('REFUSED', `${d.name}: cannot run steps by hand here: ${blocked.detail}`, {
      hint: 'run it where systemd controls the units',
    });
  const paths = productPaths(d);
  ensureVarDir(paths.varDir, o.euid);
  const { plan, planned } = planByHand(d, refs, o.euid);
  const stored = readStoredState(d);
  const marker = o.records.marker.read();
  const decision = decide(decisionInputFor({ descriptor: d, build: o.build, stored, marker }, o.skipVersionCheck));
  const refusal = onlyRefusal({
    product: d.name,
    decision,
    marker,
    steps: planned.map((s) => ({
      name: s.script.name,
      phase: s.phase,
      // cleanups run in whatever state the services are in
      appsUp: s.phase !== 'cleanup' && rolesUpIn(s.phase).includes('app'),
    })),
  });
  if (refusal)
    throw new UpgradeHookError('REFUSED', `${d.name}: ${refusal.message}`, {
      hint: `nothing was run; ${refusal.hint}`,
    });
  const names = [...plan.steps, ...plan.cleanup].map((s) => `${s.script.kind}/${s.script.name} (${s.phase})`);
  const loud = [
    '*'.repeat(78),
    `RUNNING ${planned.length} STEP(S) OF ${d.name.toUpperCase()} BY HAND: ${names.join(', ')}`,
    'THIS IS NOT AN UPGRADE: no other step runs, the data version is not stamped, a pending marker stays,',
    `and services are stopped and started as each step's phase needs (${decision.message}).`,
    '*'.repeat(78),
  ];
  for (const line of loud) o.terminal.warn(line);
  o.productLog.warn(`steps run by hand (run --only), not an upgrade: ${names.join(', ')}`, {
    only: [...plan.steps, ...plan.cleanup].map((s) => s.script.name),
    user: o.user,
  });

  o.records.history.compactIfLarge(o);
  const history = o.records.history.summary();
  refuseIfOrphansRemain(history.lastRun?.run, history.interrupted);
  const runId = newRunId();
  const start: RunStartFields = {
    by: 'only',
    user: o.user,
    only: [...plan.steps, ...plan.cleanup].map((s) => `${s.script.kind}/${s.script.name}`),
  };
  const pending = decision.kind !== 'up-to-date';
  await runFrame(
    { o, runId, from: stored.dataVersion ?? '', plan, run: { kind: 'only', start, startNothingAfter: pending } },
    realFrameEffects(o),
    byHandReport(o, { runId, names, planned, decision }),
  );
  return EXIT.ok;
}

// The named steps, each in its phase (a cleanup among the cleanups), in the upgrade's order; a name that is
// not a valid script, or a number in no phase, refuses them all.
function planByHand(d: Descriptor, refs: string[], euid: number): { plan: Plan; planned: PlannedStep[] } {
  const found = discoverScripts(d.scriptsDir, d.adminScriptsDir, [euid]);
  const steps = refs
    .map((ref) => {
      const problem = found.problems.find((p) => p.path.endsWith(`/${ref}`));
      if (problem)
        throw new UpgradeHookError('SCRIPT_INVALID', `${problem.path}: ${problem.why}`, {
          hint: 'nothing was run; fix the script',
        });
      return findStep(ref, found.scripts, d.name);
    })
    .filter((s, i, all) => all.indexOf(s) === i);
  const planned: PlannedStep[] = [];
  for (const script of steps) {
    const phase = script.kind === 'cleanup' ? 'cleanup' : phaseOf(script.number, d.phases);
    if (!phase)
      throw new UpgradeHookError('SCRIPT_INVALID', `${script.path}: number ${script.number} is in no phase`, {
        hint: `nothing was run; see: upgrade-hook plan ${d.name}`,
      });
    planned.push({ script, phase, action: 'run', why: 'by hand (run --only)' });
  }
  const order = new Map(d.phases.map((p, i) => [p.name, i] as const));
  const plan: Plan = {
    steps: planned
      .filter((s) => s.phase !== 'cleanup')
      .sort((a, b) => order.get(a.phase)! - order.get(b.phase)! || a.script.number - b.script.number),
    cleanup: planned.filter((s) => s.phase === 'cleanup'),
    changed: [],
    problems: [],
  };
  return { plan, planned };
}

// What steps by hand tell once their records are written: the failure (an error), or what ran and what is
// still pending.
function byHandReport(
  o: UpgradeOptions,
  r: { runId: string; names: string[]; planned: PlannedStep[]; decision: Decision },
): FrameReport {
  const d = o.descriptor;
  const { runId, decision } = r;
  return {
    started: () => {},
    async ended(outcome) {
      // (steps by hand are never the gate's: nothing is handed over)
      if (outcome.kind === 'failed') {
        const f = outcome.failure;
        o.productLog.error(`step run by hand failed: ${f.step} ${f.reason}`, { run: runId });
        throw new UpgradeHookError(
          'UPGRADE_FAILED',
          `${d.name}: ${f.step} ${f.reason} (run by hand; nothing else changed); log: ${d.logFile}`,
          { hint: f.hint ?? `fix it and run it again: upgrade-hook run ${d.name} --only ${f.step}` },
        );
      }
      o.productLog.info(`steps run by hand done: ${r.names.join(', ')}`, { run: runId });
      const onceDone = r.planned.filter((s) => s.script.kind === 'once').map((s) => s.script.name);
      o.terminal.say(
        `${d.name}: ${r.planned.length} step(s) run by hand, ok (run ${runId})${onceDone.length ? `; once-step(s) now recorded as done: ${onceDone.join(', ')}` : ''}`,
      );
      if (decision.kind !== 'up-to-date')
        o.terminal.say(
          `${d.name}: still ${decision.kind === 'needed' ? 'pending' : decision.kind}: ${decision.message}; the upgrade itself: upgrade-hook run ${d.name}`,
        );
    },
  };
}

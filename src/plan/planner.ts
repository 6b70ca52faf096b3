// The pure planner: which scripts run, in which phase, and why the others do not.
import type { PhaseRange } from '../product/descriptor.js';
import type { HistorySummary } from '../record/history-record.js';
import type { ScriptFile } from '../script/script.js';

export type StepAction = 'run' | 'skip';

export interface PlannedStep {
  script: ScriptFile;
  phase: string;
  action: StepAction;
  why: string;
}

export interface PlanProblem {
  path: string;
  why: string;
}

export interface Plan {
  /** Phase steps in execution order, then the cleanup steps. */
  steps: PlannedStep[];
  cleanup: PlannedStep[];
  /** once-scripts whose content changed after they ran: reported, never rerun. */
  changed: Array<{ script: ScriptFile; ranSum: string; nowSum: string }>;
  problems: PlanProblem[];
}

export interface PlanInput {
  scripts: ScriptFile[];
  phases: PhaseRange[];
  history: HistorySummary;
  /** The build version this upgrade goes to: finished steps of an earlier attempt to it are skipped. */
  target: string;
  /** --force: run the always-scripts again even if an earlier attempt finished them. */
  force: boolean;
  checksum: (s: ScriptFile) => string;
}

export function phaseOf(number: number, phases: PhaseRange[]): string | undefined {
  return phases.find((p) => number >= p.from && number <= p.to)?.name;
}

export function planUpgrade(i: PlanInput): Plan {
  const plan: Plan = { steps: [], cleanup: [], changed: [], problems: [] };
  const order = new Map(i.phases.map((p, idx) => [p.name, idx] as const));
  for (const script of i.scripts) {
    const phase = script.kind === 'cleanup' ? 'cleanup' : phaseOf(script.number, i.phases);
    if (!phase) {
      plan.problems.push({
        path: script.path,
        why: `number ${script.number} is in no phase (${i.phases.map((p) => `${p.name} ${p.from}-${p.to}`).join(', ')}): renumber it or fix [phases]`,
      });
      continue;
    }
    const step = { script, phase, ...decideStep(script, i, plan) };
    (script.kind === 'cleanup' ? plan.cleanup : plan.steps).push(step);
  }
  plan.steps.sort(
    (a, b) =>
      order.get(a.phase)! - order.get(b.phase)! ||
      a.script.number - b.script.number ||
      (a.script.name < b.script.name ? -1 : 1),
  );
  return plan;
}

function decideStep(script: ScriptFile, i: PlanInput, plan: Plan): { action: StepAction; why: string } {
  if (script.kind === 'cleanup')
    return { action: 'run', why: 'cleanup: runs after the phases, also when a script failed' };
  if (script.kind === 'once') {
    const done = i.history.onceDone.get(script.name);
    if (!done) return { action: 'run', why: 'once: has not run yet' };
    if (done.fp !== script.fingerprint) {
      const nowSum = i.checksum(script);
      if (nowSum !== done.sum) plan.changed.push({ script, ranSum: done.sum, nowSum });
    }
    return {
      action: 'skip',
      why: done.baseline
        ? `once: done (baseline of ${done.at.slice(0, 10)})`
        : `once: done ${done.how === 'by-hand' ? 'by hand (run --only) ' : done.how === 'resolved' ? 'by resolve ' : ''}${done.at}`,
    };
  }
  const finishedTo = i.history.attemptDone.get(`always/${script.name}`);
  if (!i.force && finishedTo === i.target)
    return { action: 'skip', why: 'always: already finished in the interrupted attempt (resuming)' };
  return { action: 'run', why: 'always: runs on every upgrade' };
}

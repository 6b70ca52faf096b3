// What `resolve NAME SCRIPT` may do, as a pure function of the step named, the history and the marker:
// mark the failed step done, accept a once-script's changed content, or (with --force) mark any
// once- or always-step done; anything else is refused with the reason and what to do instead.
import type { HistorySummary } from '../record/history-record.js';
import type { ScriptFile } from '../script/script.js';
import { refusalWhileRolledBack } from './entry-policy.js';

export interface ResolveInput {
  product: string;
  script: ScriptFile;
  /** The script's checksum now. */
  sumNow: string;
  history: HistorySummary;
  marker:
    | {
        state: string;
        reason: string;
        script?: string;
        to?: string | undefined;
        from?: string | undefined;
        detail?: string;
        backup?: string;
        downgrade?: string;
      }
    | undefined;
  buildVersion: string;
  force: boolean;
}

export type ResolveAction =
  | { kind: 'resolve'; what: 'failed' | 'changed' | 'forced'; to: string; ranSum?: string; clearsFailure: boolean }
  | { kind: 'refuse'; message: string; hint: string };

export function resolveAction(i: ResolveInput): ResolveAction {
  const s = i.script;
  const step = `${s.kind}/${s.name}`;
  const rolledBack = refusalWhileRolledBack(i.product, i.marker, 'resolve', false);
  if (rolledBack) return { kind: 'refuse', ...rolledBack };
  const to = i.marker?.to ?? i.history.lastRun?.to ?? i.buildVersion;
  if (s.kind === 'cleanup') {
    return {
      kind: 'refuse',
      message: `${step} is a cleanup script: it runs after every upgrade attempt and is never "done"`,
      hint: `fix it, then rerun: upgrade-hook run ${i.product}`,
    };
  }
  const failedStep = i.marker?.state === 'failed' && i.marker.reason === 'script-failed' ? i.marker.script : undefined;
  if (failedStep === s.name) return { kind: 'resolve', what: 'failed', to, clearsFailure: true };
  const done = s.kind === 'once' ? i.history.onceDone.get(s.name) : undefined;
  if (done && done.sum !== i.sumNow)
    return { kind: 'resolve', what: 'changed', to, ranSum: done.sum, clearsFailure: false };
  if (i.force) return { kind: 'resolve', what: 'forced', to, clearsFailure: false };
  const now = failedStep ? `the step that failed is ${failedStep}` : 'no step has failed';
  const state = done
    ? `it is done already (${done.at}) and unchanged since`
    : s.kind === 'once'
      ? 'it has not run yet'
      : 'it is an always-step that did not fail';
  return {
    kind: 'refuse',
    message: `refusing to mark ${step} done: ${now}, and ${state}`,
    hint: `resolve the failed step instead${failedStep ? ` (upgrade-hook resolve ${i.product} ${failedStep} --reason ...)` : ''}, or mark this one done anyway with --force`,
  };
}

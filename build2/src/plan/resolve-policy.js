import { refusalWhileRolledBack } from './entry-policy.js';
export function resolveAction(i) {
    const s = i.script;
    const step = `${s.kind}/${s.name}`;
    const rolledBack = refusalWhileRolledBack(i.product, i.marker, 'resolve', false);
    if (rolledBack)
        return { kind: 'refuse', ...rolledBack };
    const to = i.marker?.to ?? i.history.lastRun?.to ?? i.buildVersion;
    if (s.kind === 'cleanup') {
        return {
            kind: 'refuse',
            message: `${step} is a cleanup script: it runs after every upgrade attempt and is never "done"`,
            hint: `fix it, then rerun: upgrade-hook run ${i.product}`,
        };
    }
    const failedStep = i.marker?.state === 'failed' && i.marker.reason === 'script-failed' ? i.marker.script : undefined;
    if (failedStep === s.name)
        return { kind: 'resolve', what: 'failed', to, clearsFailure: true };
    const done = s.kind === 'once' ? i.history.onceDone.get(s.name) : undefined;
    if (done && done.sum !== i.sumNow)
        return { kind: 'resolve', what: 'changed', to, ranSum: done.sum, clearsFailure: false };
    if (i.force)
        return { kind: 'resolve', what: 'forced', to, clearsFailure: false };
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

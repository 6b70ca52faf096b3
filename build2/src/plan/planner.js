export function phaseOf(number, phases) {
    return phases.find((p) => number >= p.from && number <= p.to)?.name;
}
export function planUpgrade(i) {
    const plan = { steps: [], cleanup: [], changed: [], problems: [] };
    const order = new Map(i.phases.map((p, idx) => [p.name, idx]));
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
    plan.steps.sort((a, b) => order.get(a.phase) - order.get(b.phase) ||
        a.script.number - b.script.number ||
        (a.script.name < b.script.name ? -1 : 1));
    return plan;
}
function decideStep(script, i, plan) {
    if (script.kind === 'cleanup')
        return { action: 'run', why: 'cleanup: runs after the phases, also when a script failed' };
    if (script.kind === 'once') {
        const done = i.history.onceDone.get(script.name);
        if (!done)
            return { action: 'run', why: 'once: has not run yet' };
        if (done.fp !== script.fingerprint) {
            const nowSum = i.checksum(script);
            if (nowSum !== done.sum)
                plan.changed.push({ script, ranSum: done.sum, nowSum });
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

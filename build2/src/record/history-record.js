/** Folds the records, oldest first, into what the planner and `status` need. */
export function summarize(records) {
    const s = {
        onceDone: new Map(),
        attemptDone: new Map(),
        attemptSources: new Map(),
        lastRun: undefined,
        interrupted: undefined,
        records: 0,
    };
    let target = '';
    let runStartIndex = -1;
    // the run id of steps run by hand now: they never count as an upgrade (no attempt, no last run)
    let byHand;
    let byHandStart = -1;
    for (const r of records) {
        const index = s.records++;
        switch (r.t) {
            case 'run-start': {
                if (r.by === 'only') {
                    byHand = r.run;
                    byHandStart = index;
                    break;
                }
                byHand = undefined;
                if (s.lastRun && s.lastRun.result === 'running')
                    s.lastRun.result = 'interrupted';
                const continued = s.lastRun?.result === 'handed-over' && s.lastRun.to === r.to ? s.lastRun.dueToChecks : undefined;
                s.lastRun = {
                    run: r.run,
                    from: r.from,
                    to: r.to,
                    startedAt: r.at,
                    endedAt: undefined,
                    result: 'running',
                    failedScript: undefined,
                    reason: undefined,
                    by: r.by,
                    dueToChecks: r.checks ?? continued,
                };
                target = r.to;
                runStartIndex = index;
                s.interrupted = undefined;
                break;
            }
            case 'script-start':
                if (r.run === byHand)
                    break;
                s.interrupted = {
                    run: r.run,
                    script: r.script,
                    kind: r.kind,
                    phase: r.phase,
                    sum: r.sum,
                    pid: r.pid,
                    at: r.at,
                };
                break;
            case 'script-end':
                if (r.run === byHand) {
                    // a once-step an admin ran by hand has done its work on the data: an upgrade does not run it again
                    if (r.result === 'ok' && r.kind === 'once')
                        s.onceDone.set(r.script, {
                            sum: r.sum,
                            fp: r.fp,
                            at: r.at,
                            baseline: false,
                            how: 'by-hand',
                            sources: [byHandStart, index],
                        });
                    break;
                }
                s.interrupted = undefined;
                if (r.result === 'ok') {
                    if (r.kind === 'once')
                        s.onceDone.set(r.script, { sum: r.sum, fp: r.fp, at: r.at, baseline: false, sources: [index] });
                    s.attemptDone.set(`${r.kind}/${r.script}`, target);
                    s.attemptSources.set(`${r.kind}/${r.script}`, runStartIndex >= 0 ? [runStartIndex, index] : [index]);
                }
                else if (s.lastRun) {
                    s.lastRun.failedScript = r.script;
                    s.lastRun.reason = r.reason;
                }
                break;
            case 'run-end':
                if (r.run === byHand)
                    break;
                if (s.lastRun && s.lastRun.run === r.run) {
                    s.lastRun.endedAt = r.at;
                    s.lastRun.result = r.result;
                    if (r.failed)
                        s.lastRun.failedScript = r.failed;
                    if (r.reason)
                        s.lastRun.reason = r.reason;
                }
                if (r.result === 'ok') {
                    s.attemptDone.clear();
                    s.attemptSources.clear();
                }
                break;
            case 'baseline':
                s.onceDone.set(r.script, { sum: r.sum, fp: r.fp, at: r.at, baseline: true, sources: [index] });
                break;
            case 'resolve':
                if (r.kind === 'once')
                    s.onceDone.set(r.script, {
                        sum: r.sum,
                        fp: r.fp,
                        at: r.at,
                        baseline: false,
                        how: 'resolved',
                        sources: [index],
                    });
                if (r.what !== 'changed') {
                    s.attemptDone.set(`${r.kind}/${r.script}`, r.to);
                    s.attemptSources.set(`${r.kind}/${r.script}`, [index]);
                }
                break;
        }
    }
    return s;
}

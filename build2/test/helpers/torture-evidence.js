// Reading what the scripts left in their evidence file ("start NAME", "done NAME") against the history.
import assert from 'node:assert/strict';
export function completions(names, evidence) {
    const counts = new Map(names.map((n) => [n, 0]));
    for (const line of evidence)
        if (line.startsWith('done '))
            counts.set(line.slice(5), (counts.get(line.slice(5)) ?? 0) + 1);
    return counts;
}
/**
 * Per script, completions in the evidence minus ok records in the history. It never decreases (a completed
 * run adds one to both) and grows by one only for a script a kill caught between its exit and its record.
 * `excess` lists the scripts whose gap grew since `previous` (the gaps at the last kill).
 */
export function excessAfterKill(names, evidence, records, previous) {
    const counts = completions(names, evidence);
    const ok = new Map();
    // ends a rerun wrote from the status a script's shell left after its tool died: the completion they speak
    // of counted as a gap at the kill; they close it, and are counted apart so the gaps stay monotone
    const recovered = new Map();
    let open;
    for (const r of records) {
        if (r.t === 'run-start')
            open = undefined;
        if (r.t === 'script-start')
            open = r.script;
        if (r.t === 'script-end') {
            open = undefined;
            const into = r.recovered ? recovered : ok;
            if (r.result === 'ok')
                into.set(r.script, (into.get(r.script) ?? 0) + 1);
        }
    }
    const gaps = new Map(names.map((n) => [n, (counts.get(n) ?? 0) - (ok.get(n) ?? 0)]));
    for (const n of names) {
        assert.ok(gaps.get(n) >= (previous.get(n) ?? 0), `${n}: an ok record without its completion in the evidence`);
        assert.ok(gaps.get(n) >= (recovered.get(n) ?? 0), `${n}: an end recorded after the tool died without its completion in the evidence`);
        assert.ok(gaps.get(n) <= (previous.get(n) ?? 0) + 1, `${n}: completed more than once without a record since the last kill`);
    }
    const excess = names.filter((n) => gaps.get(n) > (previous.get(n) ?? 0));
    const last = records[records.length - 1];
    const where = !last
        ? 'before the first record'
        : last.t === 'script-start'
            ? 'a script was running'
            : `after ${last.t}`;
    return { excess, interrupted: open, where, gaps };
}
/** No script started before every lower-numbered one had completed: in the evidence and in the history. */
export function checkOrder(names, evidence, records) {
    const rank = new Map(names.map((n, i) => [n, i]));
    const done = new Set();
    for (const line of evidence) {
        const [what, name] = line.split(' ');
        if (what === 'done')
            done.add(name);
        else
            for (const lower of names.slice(0, rank.get(name)))
                assert.ok(done.has(lower), `evidence: ${name} started before ${lower} completed`);
    }
    const recorded = new Set();
    for (const r of records) {
        if (r.t === 'script-end' && r.result === 'ok')
            recorded.add(r.script);
        if (r.t === 'script-start')
            for (const lower of names.slice(0, rank.get(r.script)))
                assert.ok(recorded.has(lower), `history: ${r.script} started before ${lower} ended ok`);
    }
}

// A history of millions of records (years of forced runs, a product upgraded every night): every command
// that reads it must still answer (it was read into one string: past ~2.3 M records node refused with
// ERR_STRING_TOO_LONG and every gate, run and status failed), and the next upgrade compacts it under the
// lock without losing a once-record: no once-script runs again, the last runs stay listed by `history`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { closeSync, openSync, readFileSync, statSync, writeSync } from 'node:fs';
import { addScript, assertToolBuilt, makeProduct, readEvidence, removeProduct, tool, writeFigures, } from '../helpers/torture-product.js';
const ONCE = ['0010_a', '0020_b', '0030_c', '0040_d', '0050_e', '0060_f', '0070_g', '0080_h'];
const ALWAYS = ['3010_reindex', '3020_cache'];
const MIN_RECORDS = 2_300_000;
const MIN_BYTES = 560 * 1024 * 1024; // past node's largest string (2^29 - 24 characters)
/** Writes the history the way years of runs would have: baselines, a run of once-scripts, a by-hand run and a resolve long ago, then nightly forced runs. */
function writeLongHistory(file, sums) {
    const fd = openSync(file, 'w', 0o600);
    let records = 0;
    let bytes = 0;
    let chunk = [];
    const put = (r) => {
        chunk.push(JSON.stringify(r));
        records++;
    };
    const flush = () => {
        if (chunk.length === 0)
            return;
        const b = Buffer.from(`${chunk.join('\n')}\n`);
        writeSync(fd, b);
        bytes += b.length;
        chunk = [];
    };
    const at = (n) => new Date(Date.UTC(2020, 0, 1) + n * 60_000).toISOString();
    for (const s of ONCE.slice(0, 4))
        put({ t: 'baseline', run: 'stamp-1', at: at(0), script: s, sum: sums.get(s), version: '0.9' });
    put({ t: 'run-start', run: 'r-first', at: at(1), from: '0.9', to: '1.0', pid: 100 });
    for (const s of ONCE.slice(4, 7)) {
        put({ t: 'script-start', run: 'r-first', at: at(1), script: s, kind: 'once', phase: 'offline', sum: sums.get(s) });
        put({
            t: 'script-end',
            run: 'r-first',
            at: at(1),
            script: s,
            kind: 'once',
            phase: 'offline',
            sum: sums.get(s),
            result: 'ok',
            exit: 0,
            signal: null,
            ms: 12,
        });
    }
    put({ t: 'run-end', run: 'r-first', at: at(1), result: 'ok' });
    put({
        t: 'run-start',
        run: 'r-hand',
        at: at(2),
        from: '1.0',
        to: '1.0',
        pid: 101,
        by: 'only',
        user: 'alice',
        only: ['once/0080_h'],
    });
    put({
        t: 'script-start',
        run: 'r-hand',
        at: at(2),
        script: '0080_h',
        kind: 'once',
        phase: 'offline',
        sum: sums.get('0080_h'),
    });
    put({
        t: 'script-end',
        run: 'r-hand',
        at: at(2),
        script: '0080_h',
        kind: 'once',
        phase: 'offline',
        sum: sums.get('0080_h'),
        result: 'ok',
        exit: 0,
        signal: null,
        ms: 9,
    });
    put({ t: 'run-end', run: 'r-hand', at: at(2), result: 'ok' });
    // nightly forced runs, from one template (JSON.stringify per record would make this the slowest part)
    const block = (n) => {
        const run = `2020${String(n).padStart(10, '0')}-${1000 + (n % 30000)}`;
        const when = at(n);
        const lines = [
            JSON.stringify({
                t: 'run-start',
                run,
                at: when,
                from: '1.0',
                to: '1.0',
                pid: 1000 + (n % 30000),
                force: true,
                by: 'run',
                user: 'nightly-job-of-the-operations-team',
            }),
        ];
        for (const s of ALWAYS) {
            lines.push(JSON.stringify({
                t: 'script-start',
                run,
                at: when,
                script: s,
                kind: 'always',
                phase: 'backend',
                sum: sums.get(s),
                pid: 2000 + (n % 30000),
            }));
            lines.push(JSON.stringify({
                t: 'script-end',
                run,
                at: when,
                script: s,
                kind: 'always',
                phase: 'backend',
                sum: sums.get(s),
                result: 'ok',
                exit: 0,
                signal: null,
                ms: 40 + (n % 17),
                fp: `${n}:120:1577836800000:1577836800000`,
            }));
        }
        lines.push(JSON.stringify({ t: 'run-end', run, at: when, result: 'ok' }));
        return lines;
    };
    const template = block(3).join('\n');
    const runId = /"run":"([^"]*)"/.exec(template)[1];
    flush();
    for (let n = 3; records < MIN_RECORDS || bytes < MIN_BYTES; n++) {
        const run = `2020${String(n).padStart(10, '0')}-${1000 + (n % 30000)}`;
        chunk.push(template.replaceAll(runId, run));
        records += 6;
        if (chunk.length >= 10_000) {
            const b = Buffer.from(`${chunk.join('\n')}\n`);
            writeSync(fd, b);
            bytes += b.length;
            chunk = [];
        }
    }
    flush();
    closeSync(fd);
    return { records, bytes };
}
test('a history of > 2.3 M records: status, check, plan and gate answer; the upgrade compacts it and no once-script runs again', () => {
    assertToolBuilt();
    const scripts = [
        ...ONCE.map((name) => ({ kind: 'once', name })),
        ...ALWAYS.map((name) => ({ kind: 'always', name })),
    ];
    const p = makeProduct({ data: '1.0', build: '2.0' });
    for (const s of scripts)
        addScript(p, { ...s, body: `#!/bin/sh\necho "${s.name}" >> ${p.evidence}\n` });
    const sums = new Map();
    // the checksums the tool records (src/plan/checksum.ts): an unchanged script is not reported as changed
    for (const s of scripts)
        sums.set(s.name, `sha256:${createHash('sha256')
            .update(readFileSync(`${p.scripts}/${s.kind}/${s.name}`))
            .digest('hex')}`);
    const t0 = Date.now();
    const written = writeLongHistory(p.history, sums);
    const genMs = Date.now() - t0;
    const figures = { records: written.records, bytes: written.bytes, generateMs: genMs };
    try {
        const timed = (args) => {
            const r = tool(p, args, 300_000);
            assert.equal(r.signal, null, `${args.join(' ')} was killed: ${r.stderr}`);
            assert.doesNotMatch(r.stderr, /ERR_STRING_TOO_LONG|Invalid string length|internal error/, `${args.join(' ')}: ${r.stderr}`);
            return r;
        };
        const st = timed(['status', p.name, '--json']);
        assert.equal(st.status, 0, st.stderr);
        const status = JSON.parse(st.stdout);
        assert.equal(status.historyRecords, written.records);
        assert.equal(status.state, 'upgrade-needed');
        assert.equal(status.lastRun.result, 'ok');
        figures.statusMs = st.ms;
        assert.equal(timed(['check', p.name]).status, 4);
        const plan = timed(['plan', p.name, '--json']);
        assert.equal(plan.status, 0, plan.stderr);
        const steps = JSON.parse(plan.stdout).steps;
        assert.deepEqual(steps.filter((s) => s.action === 'run').map((s) => s.script), ALWAYS, 'every once-script counts as done before compaction');
        figures.planMs = plan.ms;
        // the gate runs the upgrade (no systemd units here: all phases), compacting first
        const gate = timed(['gate', p.name, '-d']);
        assert.equal(gate.status, 0, gate.stderr);
        figures.gateMs = gate.ms;
        assert.match(gate.stdout, /history compacted: \d+ records \(\d+ bytes\) -> \d+ \(\d+ bytes\)/);
        assert.deepEqual(readEvidence(p), ALWAYS, 'no once-script ran again');
        const after = statSync(p.history).size;
        figures.bytesAfter = after;
        assert.ok(after < 1024 * 1024, `compacted to ${after} bytes`);
        const lines = readFileSync(p.history, 'utf8')
            .trim()
            .split('\n')
            .map((l) => JSON.parse(l));
        figures.recordsAfter = lines.length;
        for (const s of ONCE.slice(0, 4))
            assert.ok(lines.some((r) => r.t === 'baseline' && r.script === s), `baseline of ${s} kept`);
        for (const s of ONCE.slice(4, 7))
            assert.ok(lines.some((r) => r.t === 'script-end' && r.script === s && r.result === 'ok'), `once-record of ${s} kept`);
        assert.ok(lines.some((r) => r.t === 'run-start' && r.run === 'r-hand' && r.by === 'only'), 'the by-hand run that made 0080_h done kept with its start');
        // what the admin sees afterwards: the last runs, the once-scripts done, a rerun that runs nothing once
        const hist = timed(['history', p.name, '--json']);
        const runs = JSON.parse(hist.stdout).runs;
        assert.ok(runs.length >= 100 && runs.length <= 103, `${runs.length} runs listed`);
        assert.equal(runs.at(-1).result, 'ok');
        assert.equal(runs.at(-1).by, 'gate');
        const plan2 = JSON.parse(timed(['plan', p.name, '--json', '--force']).stdout);
        assert.deepEqual(plan2.steps.filter((s) => s.action === 'run').map((s) => s.script), ALWAYS);
        assert.equal(timed(['check', p.name]).status, 0);
        const again = timed(['run', p.name, '--force']);
        assert.equal(again.status, 0, again.stderr);
        assert.deepEqual(readEvidence(p), [...ALWAYS, ...ALWAYS]);
        figures.compactedRunMs = again.ms;
    }
    finally {
        writeFigures('long-history', figures);
        removeProduct(p);
    }
});

// A script that signals its own process group (`kill 0`) or its parent (`kill $PPID`) must not take the
// tool down: the script dies, its failure is recorded (history, marker), the cleanups run, and the rerun
// resumes at it. The tool runs in a process group of its own here, so a script's `kill 0` reaches at most
// the tool, never the test runner.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { addScript, assertToolBuilt, evidenceScript, makeProduct, readEvidence, readHistoryStrict, removeProduct, spawnTool, tool, toolResult, writeFigures, } from '../helpers/torture-product.js';
const figures = {};
async function scenario(label, signalLine, signal) {
    assertToolBuilt();
    const p = makeProduct({ data: '1.0', build: '2.0' });
    const flag = join(p.root, 'misbehave');
    addScript(p, { kind: 'once', name: '0010_before', body: evidenceScript(p, '0010_before') });
    addScript(p, {
        kind: 'once',
        name: '3010_signals',
        body: `#!/bin/sh\necho "start 3010_signals" >> ${p.evidence}\nif [ -e ${flag} ]; then\n  ${signalLine}\n  sleep 5\nfi\necho "done 3010_signals" >> ${p.evidence}\n`,
    });
    addScript(p, { kind: 'once', name: '6010_after', body: evidenceScript(p, '6010_after') });
    addScript(p, {
        kind: 'cleanup',
        name: '9000_cleanup',
        body: `#!/bin/sh\necho "cleanup $UPGRADE_HOOK_RESULT" >> ${p.evidence}\n`,
    });
    writeFileSync(flag, '');
    const r = await toolResult(spawnTool(p, ['run', p.name]));
    assert.equal(r.signal, null, `the tool must survive the script's ${signalLine}; it died of ${r.signal}: ${r.stderr}`);
    assert.equal(r.status, 1, `the upgrade fails: ${r.stdout}${r.stderr}`);
    assert.match(r.stderr, new RegExp(`3010_signals killed by ${signal}`));
    const end = readHistoryStrict(p.history).records.find((x) => x.t === 'script-end' && x.script === '3010_signals');
    assert.equal(end?.result, 'failed', 'the script has a failed end record');
    const marker = JSON.parse(readFileSync(p.marker, 'utf8'));
    assert.equal(marker.state, 'failed');
    assert.equal(marker.script, '3010_signals');
    assert.deepEqual(readEvidence(p), ['start 0010_before', 'done 0010_before', 'start 3010_signals', 'cleanup failed'], 'the cleanup ran, 6010_after did not');
    rmSync(flag);
    const again = tool(p, ['run', p.name]);
    assert.equal(again.status, 0, again.stderr);
    assert.deepEqual(readEvidence(p).slice(4), ['start 3010_signals', 'done 3010_signals', 'start 6010_after', 'done 6010_after', 'cleanup success'], 'the rerun resumed at the script');
    assert.ok(!existsSync(p.marker));
    figures[label] = { exit: r.status, recorded: end?.reason, failedRunMs: r.ms, rerunMs: again.ms };
    removeProduct(p);
}
test('a script running `kill 0` kills only its own processes: failure recorded, cleanup run, rerun completes', async () => {
    await scenario('kill 0', 'kill 0', 'SIGTERM');
});
test('a script sending SIGTERM to its parent: the tool passes it to the script and records the failure', async () => {
    await scenario('kill -TERM $PPID', 'kill -TERM $PPID', 'SIGTERM');
});
test('a script sending SIGHUP to its parent: the tool passes it to the script and records the failure', async () => {
    await scenario('kill -HUP $PPID', 'kill -HUP $PPID', 'SIGHUP');
});
test('script signals: figures', () => {
    writeFigures('script-signals', figures);
    assert.equal(Object.keys(figures).length, 3);
});

// SIGTERM to the tool, or Ctrl-C (SIGINT to its whole process group), while it starts or stops a service
// must end the run as interrupted: the marker keeps saying "interrupted", no cleanup script runs with
// UPGRADE_HOOK_RESULT=failed (nothing failed: the run was stopped), the lock is released, and the rerun
// resumes and completes. (Before: a service failure was recorded, the cleanups ran for a "failed" run and
// were left orphaned when the tool died.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { addScript, assertToolBuilt, evidenceScript, makeProduct, readEvidence, readHistoryStrict, removeProduct, spawnTool, tool, toolResult, writeFigures, } from '../helpers/torture-product.js';
import { waitForFile } from '../helpers/wait.js';
const figures = {};
async function scenario(label, during, send) {
    assertToolBuilt();
    const p = makeProduct({ data: '1.0', build: '2.0' });
    const up = join(p.root, 'db-up');
    const slow = join(p.root, 'slow');
    const entered = join(p.root, `in-${during}`);
    // a backend given by commands; the command named by `during` hangs (20 s) while the flag file exists
    const hang = (what) => during === what ? `if [ -e ${slow} ]; then touch ${entered}; sleep 20; fi; ` : '';
    writeFileSync(p.descriptor, readFileSync(p.descriptor, 'utf8') +
        [
            '[service db]',
            'role = backend',
            `start = ${hang('start')}touch ${up}`,
            `stop = ${hang('stop')}rm -f ${up}`,
            `ready = exec:test -e ${up}`,
            'ready_timeout = 30',
            '',
        ].join('\n'));
    writeFileSync(up, ''); // the service runs before the upgrade
    addScript(p, { kind: 'once', name: '0010_offline', body: evidenceScript(p, '0010_offline') });
    addScript(p, { kind: 'once', name: '3010_backend', body: evidenceScript(p, '3010_backend') });
    addScript(p, {
        kind: 'cleanup',
        name: '9000_cleanup',
        body: `#!/bin/sh\necho "cleanup $UPGRADE_HOOK_RESULT" >> ${p.evidence}\n`,
    });
    writeFileSync(slow, '');
    const child = spawnTool(p, ['run', p.name]);
    const result = toolResult(child);
    await waitForFile(entered);
    send(child.pid);
    const r = await result;
    assert.notEqual(r.status, 0, `an interrupted run does not succeed: ${r.stdout}${r.stderr}`);
    assert.match(r.stderr, /interrupted by SIG(TERM|INT)/, r.stderr);
    assert.doesNotMatch(r.stderr, /at .*\.cjs:\d+/, 'no stack trace');
    const marker = JSON.parse(readFileSync(p.marker, 'utf8'));
    assert.equal(marker.reason, 'interrupted', `the marker says interrupted: ${JSON.stringify(marker)}`);
    assert.ok(!readEvidence(p).some((l) => l.startsWith('cleanup')), `no cleanup ran for an interrupted run: ${readEvidence(p).join(', ')}`);
    const records = readHistoryStrict(p.history).records;
    assert.ok(!records.some((x) => x.t === 'run-end' && x.result === 'failed'), 'no failed run-end record');
    // the owner file stays by design (docs/LOCKING.md): it counts only while the lock directory exists
    assert.deepEqual(readdirSync(p.lockDir).filter((f) => f.startsWith(`${p.name}.`) && f !== `${p.name}.owner`), [], 'the lock and its phase file are released');
    rmSync(slow);
    const again = tool(p, ['run', p.name]);
    assert.equal(again.status, 0, again.stderr);
    const evidence = readEvidence(p);
    assert.ok(evidence.includes('done 3010_backend') && evidence.includes('cleanup success'), evidence.join(', '));
    assert.equal(evidence.filter((l) => l === 'done 0010_offline').length, 1, 'a once-script that finished before the signal does not run again');
    assert.ok(!existsSync(p.marker));
    assert.ok(existsSync(up), 'the service runs after the rerun');
    figures[label] = { exit: r.status, marker: marker.reason, cleanupsRun: 0, rerun: 'completed' };
    removeProduct(p);
}
test('SIGTERM while a backend starts: the run ends interrupted, no failed cleanup, lock released, rerun completes', async () => {
    await scenario('SIGTERM during a start', 'start', (pid) => process.kill(pid, 'SIGTERM'));
});
test('Ctrl-C (SIGINT to the process group) while the services stop: interrupted, no failed cleanup, rerun completes', async () => {
    await scenario('Ctrl-C during a stop', 'stop', (pid) => process.kill(-pid, 'SIGINT'));
});
test('service signals: figures', () => {
    writeFigures('service-signals', figures);
    assert.equal(Object.keys(figures).length, 2);
});

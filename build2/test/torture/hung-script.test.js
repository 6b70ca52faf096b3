// A hung script is killed after its timeout (its own `# upgrade-hook-timeout: N` header, or script_timeout
// in the descriptor), with everything it started; the history and the marker record it as failed with the
// reason; the rerun, once the cause is gone, resumes at that script and completes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { addScript, assertToolBuilt, evidenceScript, makeProduct, readEvidence, readHistoryStrict, removeProduct, tool, writeFigures, } from '../helpers/torture-product.js';
const figures = {};
/** A script that hangs (with a child of its own) while the flag file exists, and otherwise just succeeds. */
function hangingScript(p, name, header, ignoreTerm) {
    return [
        '#!/bin/sh',
        header,
        ignoreTerm ? "trap '' TERM" : '',
        `echo "start ${name}" >> ${p.evidence}`,
        `if [ -e ${p.root}/hang ]; then`,
        `  sleep 600 & echo $! >> ${p.root}/pids`,
        `  echo $$ >> ${p.root}/pids`,
        '  while :; do sleep 1; done',
        'fi',
        `echo "done ${name}" >> ${p.evidence}`,
        '',
    ].join('\n');
}
function alive(pid) {
    try {
        const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
        return !/^\d+ \(.*\) [ZX]/.test(stat);
    }
    catch {
        return false;
    }
}
async function scenario(label, o) {
    assertToolBuilt();
    const p = makeProduct({ data: '1.0', build: '2.0', productLines: o.productLines });
    addScript(p, { kind: 'once', name: '0010_before', body: evidenceScript(p, '0010_before') });
    addScript(p, { kind: 'once', name: '3010_hangs', body: hangingScript(p, '3010_hangs', o.header, o.ignoreTerm) });
    addScript(p, { kind: 'once', name: '6010_after', body: evidenceScript(p, '6010_after') });
    writeFileSync(join(p.root, 'hang'), '');
    const r = tool(p, ['run', p.name], 120_000);
    assert.equal(r.status, 1, `the upgrade fails: ${r.stdout}${r.stderr}`);
    assert.match(r.stderr, new RegExp(`3010_hangs timed out after ${o.timeoutSec} s and was killed`));
    assert.match(r.stderr, /rerun/);
    const end = readHistoryStrict(p.history).records.find((x) => x.t === 'script-end' && x.script === '3010_hangs');
    assert.equal(end?.result, 'failed');
    assert.equal(end?.reason, `timed out after ${o.timeoutSec} s and was killed`);
    const marker = JSON.parse(readFileSync(p.marker, 'utf8'));
    assert.equal(marker.state, 'failed');
    assert.equal(marker.script, '3010_hangs');
    assert.match(marker.detail, /timed out/);
    const pids = readFileSync(join(p.root, 'pids'), 'utf8').split('\n').filter(Boolean).map(Number);
    assert.equal(pids.length, 2);
    for (const pid of pids)
        assert.ok(!alive(pid), `pid ${pid} of the hung script (or its child) was killed`);
    assert.deepEqual(readEvidence(p), ['start 0010_before', 'done 0010_before', 'start 3010_hangs'], '6010_after did not run');
    assert.equal(tool(p, ['check', p.name]).status, 4);
    rmSync(join(p.root, 'hang'));
    const again = tool(p, ['run', p.name]);
    assert.equal(again.status, 0, again.stderr);
    assert.deepEqual(readEvidence(p), [
        'start 0010_before',
        'done 0010_before',
        'start 3010_hangs',
        'start 3010_hangs',
        'done 3010_hangs',
        'start 6010_after',
        'done 6010_after',
    ], 'the rerun resumed at the script that hung');
    assert.equal(tool(p, ['check', p.name]).status, 0);
    assert.ok(!existsSync(p.marker));
    figures[label] = { timeoutSec: o.timeoutSec, failedRunMs: r.ms, reason: end?.reason, rerunMs: again.ms };
    removeProduct(p);
}
test('a script with `# upgrade-hook-timeout: 1` that hangs is killed with its child; the rerun completes', async () => {
    await scenario('header timeout', {
        header: '# upgrade-hook-timeout: 1',
        productLines: [],
        ignoreTerm: false,
        timeoutSec: 1,
    });
});
test('script_timeout in the descriptor applies to a script without a header', async () => {
    await scenario('descriptor script_timeout', {
        header: '',
        productLines: ['script_timeout = 1'],
        ignoreTerm: false,
        timeoutSec: 1,
    });
});
test('a hung script that ignores SIGTERM is killed with SIGKILL after the grace period', async () => {
    await scenario('ignores SIGTERM', {
        header: '# upgrade-hook-timeout: 1',
        productLines: ['script_timeout = 30'],
        ignoreTerm: true,
        timeoutSec: 1,
    });
});
// Found by this suite, fixed in 3104b63: the SIGKILL used to go only to a script still alive, and its reparented child escaped.
test('a child that ignores SIGTERM is killed too when its timed-out script dies of SIGTERM', async () => {
    const p = makeProduct({ data: '1.0', build: '2.0' });
    addScript(p, {
        kind: 'once',
        name: '0010_spawns',
        body: `#!/bin/sh\n# upgrade-hook-timeout: 1\nsh -c 'trap "" TERM; exec sleep 120' </dev/null >/dev/null 2>&1 &\necho $! > ${p.root}/child\nsleep 600\n`,
    });
    const r = tool(p, ['run', p.name], 60_000);
    assert.equal(r.status, 1, r.stderr);
    const child = Number(readFileSync(join(p.root, 'child'), 'utf8'));
    // The grace period before SIGKILL is 10 s; wait it out (plus margin) and look again.
    await new Promise((resolve) => setTimeout(resolve, 12_000));
    const survived = alive(child);
    if (survived)
        process.kill(child, 'SIGKILL');
    removeProduct(p);
    assert.ok(!survived, `the child ${child} of the timed-out script is still running after the grace period`);
});
test('hung script: figures', () => {
    writeFigures('hung-script', figures);
    assert.equal(Object.keys(figures).length, 3);
});

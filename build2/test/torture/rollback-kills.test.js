// A rollback cut short: SIGKILLed with its whole process group (a power cut) at moments spread over one
// undisturbed rollback, each kill followed by the next attempt; SIGTERM to the tool and Ctrl-C (SIGINT to
// the group) while it copies. After every kill a state file is there (before, the state file was renamed
// aside and then copied back: a kill between left none, "not configured"), and once the rollback's marker
// is written the gate refuses. The reruns reuse what the first attempt set aside: in the end exactly one
// set-aside copy per path, holding the data the rollback replaced, not a partial restore (before, every
// rerun set aside one more copy, the later ones of half-restored data).
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { assertToolBuilt, removeProduct, spawnTool, tool, toolResult, writeFigures, } from '../helpers/torture-product.js';
import { contentsOf, dataContents, rollbackProduct, setAsideDirs, upgradeTo2, newestBackup, } from '../helpers/torture-rollback.js';
const asRoot = process.geteuid?.() === 0;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
function markerOf(p) {
    return existsSync(p.marker)
        ? JSON.parse(readFileSync(p.marker, 'utf8'))
        : undefined;
}
/** The newest set-aside work directory next to `dir/name` (names sort by time). */
function newestAside(dir, name) {
    const all = setAsideDirs(dir, name).sort();
    return join(dir, all.at(-1));
}
test('rollback killed like a power cut at moments spread over it: a state file always there, the gate refuses, reruns reuse the set-aside', {
    skip: !asRoot && 'needs root (chown)',
}, async () => {
    assertToolBuilt();
    const p = rollbackProduct({ bigFile: 24 * 1024 * 1024 });
    const stateDir = join(p.root, 'state');
    // one undisturbed rollback: how long it takes (the kill moments spread over it); then "upgraded" again
    const t0 = Date.now();
    const first = tool(p, ['rollback', p.name, newestBackup(p)]);
    const undisturbedMs = Date.now() - t0;
    assert.equal(first.status, 0, first.stderr);
    upgradeTo2(p);
    rmSync(p.marker); // as if 2.0 had been upgraded to again, successfully
    const kills = 30;
    let rollbacks = 1; // completed ones, the undisturbed one included: each keeps one set-aside copy per path
    const phases = {};
    let gateRefusals = 0;
    for (let i = 0; i < kills; i++) {
        const child = spawnTool(p, ['rollback', p.name, newestBackup(p)]);
        const done = toolResult(child);
        // spread over the part after the start-up (node, descriptor, lock), where the rollback acts
        await sleep(Math.round((0.2 + (0.7 * (i + 0.5)) / kills) * undisturbedMs));
        try {
            process.kill(-child.pid, 'SIGKILL');
        }
        catch {
            /* it had ended */
        }
        const r = await done;
        const m = markerOf(p);
        const phase = r.status === 0 ? 'finished' : m ? `${m.state} (${m.reason})` : 'before the marker';
        phases[phase] = (phases[phase] ?? 0) + 1;
        assert.ok(existsSync(p.stateFile), `kill ${i + 1} (${phase}): the state file is there`);
        assert.match(readFileSync(p.stateFile, 'utf8'), /data_version = (1|2)\.0/, `kill ${i + 1}: it is whole`);
        if (m?.reason === 'rollback-interrupted') {
            const gate = tool(p, ['gate', p.name]);
            assert.notEqual(gate.status, 0, `kill ${i + 1}: the gate refuses a half-restored rollback: ${gate.stdout}${gate.stderr}`);
            gateRefusals++;
            const check = tool(p, ['check', p.name]);
            assert.notEqual(check.status, 0, `kill ${i + 1}: check does not say up to date`);
        }
        // finished (the kill came after the end, or after its last marker): the next attempt would be a new
        // rollback, so "upgrade" again and start a new series of kills
        if (r.status === 0 || m?.reason === 'rolled-back') {
            rollbacks++;
            if (i < kills - 1) {
                upgradeTo2(p);
                rmSync(p.marker);
            }
        }
    }
    // the series ends with an attempt that is not killed (unless the last kill came after the end)
    if (markerOf(p)?.reason !== 'rolled-back') {
        const last = tool(p, ['rollback', p.name, newestBackup(p)]);
        assert.equal(last.status, 0, last.stderr);
        rollbacks++;
    }
    assert.deepEqual(dataContents(p), contentsOf('1.0'), 'the 1.0 data is back');
    assert.match(readFileSync(p.stateFile, 'utf8'), /data_version = 1\.0/);
    assert.equal(setAsideDirs(p.acme, 'data').length, rollbacks, `one set-aside per rollback: ${setAsideDirs(p.acme, 'data')}`);
    assert.equal(setAsideDirs(stateDir, 'sysupgrade.state').length, rollbacks);
    const aside = newestAside(p.acme, 'data');
    assert.equal(readFileSync(join(aside, 'data', 'f01'), 'utf8'), 'f01 of 2.0\n', 'what is kept is the data the rollback replaced');
    assert.deepEqual(readdirSync(aside).filter((n) => n !== 'data'), [], 'no partial copy left in the work directory');
    assert.match(readFileSync(join(newestAside(stateDir, 'sysupgrade.state'), 'sysupgrade.state'), 'utf8'), /2\.0/);
    writeFigures('rollback-kills', {
        undisturbedMs,
        kills,
        killedWhile: phases,
        gateRefusals,
        rollbacksCompleted: rollbacks,
        setAsideAfter: '1 per path per rollback',
    });
    removeProduct(p);
});
for (const how of ['SIGTERM to the tool', 'Ctrl-C (SIGINT to the process group)']) {
    test(`rollback interrupted by ${how} while it copies: stops before its next step, says so, the rerun completes`, {
        skip: !asRoot && 'needs root (chown)',
    }, async () => {
        assertToolBuilt();
        const p = rollbackProduct({ bigFile: 160 * 1024 * 1024 });
        const child = spawnTool(p, ['rollback', p.name, newestBackup(p)]);
        const done = toolResult(child);
        // the work directory appears right before the copy starts (before, the data renamed aside did)
        for (let i = 0; i < 2000 && setAsideDirs(p.acme, 'data').length === 0; i++)
            await sleep(10);
        assert.equal(setAsideDirs(p.acme, 'data').length, 1, 'the rollback got to the copy');
        if (how === 'SIGTERM to the tool')
            process.kill(child.pid, 'SIGTERM');
        else
            process.kill(-child.pid, 'SIGINT');
        const r = await done;
        assert.equal(r.status, 1, `exit 1, not killed by the signal: ${r.signal} ${r.stderr}`);
        assert.match(r.stderr, /error: demo: rollback to \S+ interrupted by SIG(TERM|INT); the data is half restored/);
        assert.match(r.stderr, /rerun: upgrade-hook rollback demo /);
        assert.deepEqual(markerOf(p) && [markerOf(p).state, markerOf(p).reason], ['failed', 'rollback-interrupted']);
        assert.ok(existsSync(p.stateFile), 'the state file is there');
        const status = tool(p, ['status', p.name]);
        assert.notEqual(tool(p, ['gate', p.name]).status, 0, 'the gate refuses');
        const rerun = tool(p, ['rollback', p.name, newestBackup(p)]);
        assert.equal(rerun.status, 0, rerun.stderr);
        assert.deepEqual(dataContents(p), contentsOf('1.0'));
        assert.equal(setAsideDirs(p.acme, 'data').length, 1, 'the rerun reused the work directory');
        assert.equal(readFileSync(join(newestAside(p.acme, 'data'), 'data', 'f01'), 'utf8'), 'f01 of 2.0\n');
        writeFigures(`rollback-${how.startsWith('SIGTERM') ? 'sigterm' : 'ctrl-c'}`, {
            exit: r.status,
            message: r.stderr.split('\n')[0].replaceAll(p.root, '$ROOT'),
            status: status.stdout.split('\n').filter((l) => /State|Next/.test(l)),
        });
        removeProduct(p);
    });
}

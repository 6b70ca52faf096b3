// A lock whose owner died must be taken over at once, not after a stale period: `run --wait 0` proves it
// without timing anything (it gives up with 75 the first time it finds a lock it cannot take over).
// Each case leaves on disk exactly what a SIGKILL at one point of the lock's life leaves behind.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { addScript, assertToolBuilt, evidenceScript, makeProduct, readEvidence, removeProduct, spawnTool, tool, toolResult, writeFigures, } from '../helpers/torture-product.js';
function product() {
    const p = makeProduct({ data: '1.0', build: '2.0' });
    addScript(p, { kind: 'once', name: '0010_step', body: evidenceScript(p, '0010_step') });
    mkdirSync(p.lockDir, { recursive: true, mode: 0o700 });
    return p;
}
const paths = (p) => ({
    lock: join(p.lockDir, `${p.name}.lock`),
    owner: join(p.lockDir, `${p.name}.owner`),
    takeover: join(p.lockDir, `${p.name}.takeover`),
});
function deadPid() {
    const r = spawnSync('/bin/true');
    return r.pid;
}
function startTime(pid) {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
}
/** The lock directory and owner file a holder writes, as if that holder were `pid`. */
function plantLock(p, pid, start, withOwner = true) {
    const { lock, owner } = paths(p);
    mkdirSync(lock);
    if (withOwner)
        writeFileSync(owner, `${JSON.stringify({ pid, start, ino: statSync(lock).ino, command: 'upgrade-hook run demo', since: new Date().toISOString(), token: 'x'.repeat(32) })}\n`);
}
const outcomes = {};
function expectTakenOver(p, label, keepOnFailure = true, wait = '0') {
    try {
        takenOver(p, wait);
        outcomes[label] = 'taken over at once';
    }
    catch (e) {
        outcomes[label] = `NOT taken over at once (${e.message
            .split('\n')[0]
            .replace(/^.*?: exit/, 'exit')
            .replaceAll(p.root, '$ROOT')
            .slice(0, 160)})`;
        if (!keepOnFailure)
            removeProduct(p);
        throw e;
    }
}
function takenOver(p, wait) {
    const r = tool(p, ['run', p.name, '--wait', wait]);
    assert.equal(r.status, 0, `expected the dead owner's lock to be taken over at once: exit ${r.status}: ${r.stderr}`);
    assert.deepEqual(readEvidence(p), ['start 0010_step', 'done 0010_step']);
    assert.equal(tool(p, ['check', p.name]).status, 0);
    assert.ok(!existsSync(paths(p).lock), 'lock released');
    removeProduct(p);
}
test('killed while holding the lock (owner file of a dead pid): taken over at once', () => {
    assertToolBuilt();
    const p = product();
    plantLock(p, deadPid(), '12345');
    expectTakenOver(p, 'dead owner');
});
test('owner pid reused by another live process (start time differs): taken over at once', () => {
    const p = product();
    plantLock(p, process.pid, String(Number(startTime(process.pid)) + 1));
    expectTakenOver(p, 'owner pid reused');
});
// Found by this suite (a 3 s restart in the 100-kill loop), fixed in 2283b3e: a lock without owner waited ORPHAN_MS (5 s).
test('killed after creating the lock directory but before writing its owner: taken over at once', () => {
    const p = product();
    plantLock(p, 0, '', false);
    expectTakenOver(p, 'lock without owner (fresh)', false);
});
test('an ownerless lock older than the orphan period is taken over at once', () => {
    const p = product();
    plantLock(p, 0, '', false);
    const old = new Date(Date.now() - 60_000);
    utimesSync(paths(p).lock, old, old);
    expectTakenOver(p, 'lock without owner (60 s old)');
});
// A dead taker's mutex records no owner, so it can only go stale: 10 s before 2283b3e, 500 ms since. A 1 s lock wait must do.
test('killed in the middle of a takeover (mutex left behind, owner dead): taken over within a 1 s lock wait', () => {
    const p = product();
    plantLock(p, deadPid(), '12345');
    mkdirSync(paths(p).takeover);
    expectTakenOver(p, 'takeover mutex left by a dead taker (--wait 1)', false, '1');
});
test('a live holder is never taken over: --wait 0 gives up with 75 and names the holder', async () => {
    const p = product();
    addScript(p, {
        kind: 'once',
        name: '0005_hold',
        body: `#!/bin/sh\ntouch ${p.root}/holding\nwhile [ ! -e ${p.root}/release ]; do sleep 0.05; done\n`,
    });
    const holder = spawnTool(p, ['run', p.name]);
    const done = toolResult(holder);
    while (!existsSync(join(p.root, 'holding')))
        await new Promise((r) => setTimeout(r, 20));
    const r = tool(p, ['run', p.name, '--wait', '0']);
    assert.equal(r.status, 75, r.stderr);
    assert.match(r.stderr, new RegExp(`locked by pid ${holder.pid}`));
    writeFileSync(join(p.root, 'release'), '');
    assert.equal((await done).status, 0);
    assert.deepEqual(readEvidence(p), ['start 0010_step', 'done 0010_step'], 'the waiter ran nothing');
    outcomes['live holder'] = 'not taken over: exit 75 naming the holder';
    removeProduct(p);
});
test('lock takeover: figures', () => {
    writeFigures('lock-takeover', { cases: Object.keys(outcomes).length, outcomes });
    assert.equal(Object.keys(outcomes).length, 6);
});

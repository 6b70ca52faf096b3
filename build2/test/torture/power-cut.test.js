// Power cuts: an upgrade of 24 once-scripts is SIGKILLed with its whole process group (scripts included) at
// random moments, 100 times, each kill followed by a rerun (which may be killed in turn). After every kill
// the state file and the history must parse and `check` must answer; in the end every script completed once
// (twice at most for the one a kill caught between its exit and its durable end record), in order, the data
// version is stamped and `check` says up to date. Figures: kills, double completions, slowest restart.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { readStateFile } from '../../src/state/state-file.js';
import { addScript, assertToolBuilt, evidenceScript, makeProduct, readEvidence, removeProduct, readHistoryStrict, spawnTool, tool, toolResult, writeFigures, } from '../helpers/torture-product.js';
import { killWithScripts, waitGroupGone } from '../helpers/torture-procs.js';
import { checkOrder, completions, excessAfterKill } from '../helpers/torture-evidence.js';
const KILLS = Number(process.env.TORTURE_KILLS ?? 100);
const NUMBERS = [
    10, 20, 30, 40, 50, 60, 70, 80, 3010, 3020, 3030, 3040, 3050, 3060, 3070, 3080, 6010, 6020, 6030, 6040, 6050, 6060,
    6070, 6080,
];
const NAMES = NUMBERS.map((n) => `${String(n).padStart(4, '0')}_step`);
const COMMANDS = ['run', 'gate', 'posttrans'];
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const removeProductLater = [];
const pick = (xs) => xs[Math.floor(Math.random() * xs.length)];
function freshProduct() {
    const p = makeProduct({ data: '1.0', build: '2.0' });
    for (const name of NAMES)
        addScript(p, { kind: 'once', name, body: evidenceScript(p, name) });
    return p;
}
function lockState(p) {
    const lock = existsSync(join(p.lockDir, `${p.name}.lock`));
    const owner = existsSync(join(p.lockDir, `${p.name}.owner`));
    const takeover = existsSync(join(p.lockDir, `${p.name}.takeover`));
    return `${lock ? 'lock' : 'no lock'}${lock || owner ? (owner ? ' with owner' : ' without owner') : ''}${takeover ? ' + takeover mutex' : ''}`;
}
/** Milliseconds from spawning the attempt to its run-start record (lock taken, plan made, first write done). */
function restartMs(p, pid, spawnedAt) {
    const start = readHistoryStrict(p.history).records.find((r) => r.t === 'run-start' && r.pid === pid);
    return start?.at ? Date.parse(start.at) - spawnedAt : undefined;
}
test('100 SIGKILLs of the whole process group at random moments: nothing lost, order kept, up to date in the end', {
    timeout: 600_000,
}, async () => {
    assertToolBuilt();
    // Calibrate: one uninterrupted upgrade says how long the window for a kill is.
    const calib = freshProduct();
    const calibStart = Date.now();
    const calibChild = spawnTool(calib, ['run', calib.name]);
    const c = await toolResult(calibChild, calibStart);
    assert.equal(c.status, 0, c.stderr);
    const windowMs = c.ms;
    removeProductLater.push(calib);
    // Spawn to run-start of an undisturbed run: node's start, descriptor, lock, plan. A restart adds to it.
    const coldStartMs = restartMs(calib, calibChild.pid, calibStart);
    let kills = 0;
    let missed = 0;
    let episodes = 0;
    let doubles = 0;
    let tornTails = 0;
    let slowest = { ms: 0, after: '' };
    const restarts = [];
    const slowRestarts = [];
    const killedIn = {};
    while (kills < KILLS) {
        episodes++;
        const p = freshProduct();
        const planned = Math.min(KILLS - kills, 1 + Math.floor(Math.random() * 3));
        let killedHere = 0;
        let lastKill;
        let gaps = new Map();
        let complete = false;
        for (let attempt = 0; killedHere < planned && attempt < planned + 10; attempt++) {
            const command = pick(COMMANDS);
            const spawnedAt = Date.now();
            const child = spawnTool(p, [command, p.name]);
            const done = toolResult(child, spawnedAt);
            const exited = await Promise.race([done.then(() => true), sleep(Math.random() * windowMs).then(() => false)]);
            if (exited) {
                missed++;
                const r = await done;
                assert.equal(r.status, 0, `${command} after a kill: ${r.stderr}`);
                if (lastKill)
                    noteRestart(p, child.pid, spawnedAt, lastKill.lock);
                if (tool(p, ['check', p.name]).status === 0) {
                    complete = true;
                    break;
                }
                continue;
            }
            killWithScripts(child.pid);
            await done;
            const left = await waitGroupGone(child.pid);
            assert.deepEqual(left, [], 'every process of the killed group is gone');
            kills++;
            killedHere++;
            if (lastKill)
                noteRestart(p, child.pid, spawnedAt, lastKill.lock);
            lastKill = { lock: lockState(p) };
            const snap = inspectAfterKill(p, gaps);
            gaps = snap.gaps;
            killedIn[snap.where] = (killedIn[snap.where] ?? 0) + 1;
        }
        if (!complete) {
            const spawnedAt = Date.now();
            const child = spawnTool(p, ['run', p.name]);
            const r = await toolResult(child, spawnedAt);
            assert.equal(r.status, 0, `rerun after ${killedHere} kills: ${r.stderr}`);
            if (lastKill)
                noteRestart(p, child.pid, spawnedAt, lastKill.lock);
        }
        doubles += verifyEpisode(p, killedHere);
        removeProduct(p);
    }
    function noteRestart(p, pid, spawnedAt, lockAfterKill) {
        const ms = restartMs(p, pid, spawnedAt);
        if (ms === undefined)
            return;
        restarts.push(ms);
        if (ms > slowest.ms)
            slowest = { ms, after: lockAfterKill };
        if (ms > 1000)
            slowRestarts.push({ ms, lockAfterKill });
    }
    function inspectAfterKill(p, gapsBefore) {
        let gaps = gapsBefore;
        // The state file parses (the tool's own configparser-compatible parser) and holds a data version.
        const doc = readStateFile(p.stateFile);
        const data = doc?.get(p.name, 'data_version');
        assert.ok(data === '1.0' || data === '2.0', `data_version after a kill: ${data}`);
        const h = readHistoryStrict(p.history);
        if (h.tornTail)
            tornTails++;
        const check = tool(p, ['check', p.name]);
        assert.ok(check.status === 0 || check.status === 4, `check after a kill exits 0 or 4, not ${check.status}: ${check.stderr}`);
        if (data === '1.0')
            assert.equal(check.status, 4, 'not stamped yet: upgrade needed');
        const snap = excessAfterKill(NAMES, readEvidence(p), h.records, gaps);
        gaps = snap.gaps;
        assert.ok(snap.excess.length <= 1, `after one kill at most one script finished without its record: ${snap.excess.join(', ')}`);
        if (snap.excess.length === 1)
            assert.equal(snap.excess[0], snap.interrupted, 'the script that finished without a record is the one the history shows as interrupted');
        return { ...snap, gaps };
    }
    function verifyEpisode(p, killedHere) {
        const check = tool(p, ['check', p.name]);
        assert.equal(check.status, 0, `check after the rerun: ${check.stdout}${check.stderr}`);
        assert.equal(readStateFile(p.stateFile)?.get(p.name, 'data_version'), '2.0');
        assert.ok(!existsSync(p.marker), 'no marker left');
        const evidence = readEvidence(p);
        const h = readHistoryStrict(p.history);
        checkOrder(NAMES, evidence, h.records);
        const counts = completions(NAMES, evidence);
        for (const name of NAMES) {
            assert.ok((counts.get(name) ?? 0) >= 1, `${name} completed`);
            assert.equal(h.records.filter((r) => r.t === 'script-end' && r.script === name && r.result === 'ok').length, 1, `${name} has exactly one ok record`);
        }
        const extra = [...counts.values()].reduce((a, n) => a + n - 1, 0);
        assert.ok(extra <= killedHere, `double completions (${extra}) cannot exceed the kills (${killedHere})`);
        return extra;
    }
    restarts.sort((a, b) => a - b);
    const figures = {
        kills,
        episodes,
        missedKills: missed,
        scriptsPerUpgrade: NAMES.length,
        killWindowMs: windowMs,
        undisturbedStartMs: coldStartMs,
        doubleCompletions: doubles,
        tornHistoryTails: tornTails,
        killedWhile: killedIn,
        restartsMeasured: restarts.length,
        medianRestartMs: restarts[Math.floor(restarts.length / 2)] ?? null,
        slowestRestartMs: slowest.ms,
        slowestRestartLockAfterKill: slowest.after,
        restartsOver1s: slowRestarts,
    };
    writeFigures('power-cut', figures);
    for (const q of removeProductLater)
        removeProduct(q);
    assert.equal(kills, KILLS);
});

// The tool alone is killed (the OOM killer, `kill -9`, dnf killed): SIGKILL of the tool's process group at
// random moments while twenty 80 ms once-scripts run. The scripts run in sessions of their own and live on;
// each kill is followed at once by a rerun (which may be killed in turn). Whatever the moment, every
// once-script completes exactly once: a rerun waits for a script the killed run left running and records
// its outcome instead of running it again. Figures: kills, reruns that waited, completions beyond one.
import { test } from 'node:test';
import { existsSync } from 'node:fs';
import assert from 'node:assert/strict';
import { addScript, assertToolBuilt, makeProduct, readEvidence, removeProduct, spawnTool, tool, toolResult, writeFigures, } from '../helpers/torture-product.js';
import { completions } from '../helpers/torture-evidence.js';
const KILLS = Number(process.env.TORTURE_TOOL_KILLS ?? 12);
const NAMES = Array.from({ length: 20 }, (_, i) => `${String((i + 1) * 10).padStart(4, '0')}_step`);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
function freshProduct() {
    const p = makeProduct({ data: '1.0', build: '2.0' });
    for (const name of NAMES)
        addScript(p, { kind: 'once', name, body: `#!/bin/sh\nsleep 0.08\necho "done ${name}" >> ${p.evidence}\n` });
    return p;
}
const killTool = (pid) => {
    try {
        // the tool's process group: the tool alone, its scripts run in sessions of their own
        process.kill(-pid, 'SIGKILL');
    }
    catch {
        /* gone already */
    }
};
/** A last run to the end; a rerun that still finds a script running may refuse (75): then again. */
async function finish(p) {
    let r = tool(p, ['run', p.name]);
    for (let i = 0; i < 50 && r.status === 75; i++) {
        await sleep(200);
        r = tool(p, ['run', p.name]);
    }
    return r;
}
test('SIGKILL of the tool alone at random moments: every once-script completes exactly once', {
    timeout: 600_000,
}, async () => {
    assertToolBuilt();
    const calib = freshProduct();
    const t0 = Date.now();
    const c = await toolResult(spawnTool(calib, ['run', calib.name]), t0);
    assert.equal(c.status, 0, c.stderr);
    const windowMs = c.ms;
    removeProduct(calib);
    let kills = 0;
    let episodes = 0;
    let waited = 0;
    let refused = 0;
    let recorded = 0;
    const doubled = [];
    while (kills < KILLS) {
        episodes++;
        const p = freshProduct();
        const planned = Math.min(KILLS - kills, 1 + Math.floor(Math.random() * 3));
        for (let killedHere = 0, attempt = 0; killedHere < planned && attempt < planned + 10; attempt++) {
            const child = spawnTool(p, ['run', p.name]);
            const done = toolResult(child);
            const exited = await Promise.race([done.then(() => true), sleep(Math.random() * windowMs).then(() => false)]);
            if (exited) {
                const r = await done;
                if (r.stdout.includes('of the interrupted upgrade still runs'))
                    waited++;
                if (r.stdout.includes('after the tool was killed: recorded'))
                    recorded++;
                if (r.status === 75)
                    refused++;
                else
                    assert.equal(r.status, 0, `a rerun after a kill of the tool: ${r.stderr}`);
                if (r.status === 0)
                    break;
                continue;
            }
            killTool(child.pid);
            await done;
            kills++;
            killedHere++;
        }
        const last = await finish(p);
        if (last.stdout.includes('of the interrupted upgrade still runs'))
            waited++;
        if (last.stdout.includes('after the tool was killed: recorded'))
            recorded++;
        assert.equal(last.status, 0, `the last run completes: ${last.stderr}`);
        // a script the last kill left running may still be writing its line: wait until each has one
        for (let i = 0; i < 100 && readEvidence(p).length < NAMES.length; i++)
            await sleep(50);
        await sleep(300);
        const counts = completions(NAMES, readEvidence(p));
        for (const [name, n] of counts) {
            assert.ok(n >= 1, `${name} never completed (episode ${episodes})`);
            if (n > 1)
                doubled.push(`${name} x${n} (episode ${episodes})`);
        }
        if (doubled.length === 0)
            removeProduct(p);
    }
    writeFigures('tool-killed', {
        kills,
        episodes,
        reruns_that_waited: waited,
        ends_recorded_by_rerun: recorded,
        reruns_refused: refused,
        doubled,
    });
    assert.deepEqual(doubled, [], `once-scripts completed more than once after ${kills} kills of the tool alone`);
});
test('a rerun waits for the script the killed tool left running, records its end, and does not run it again', async () => {
    assertToolBuilt();
    const p = makeProduct({ data: '1.0', build: '2.0' });
    const started = `${p.root}/started`;
    addScript(p, {
        kind: 'once',
        name: '0010_slow',
        body: `#!/bin/sh\ntouch ${started}\nsleep 2\necho "done 0010_slow" >> ${p.evidence}\n`,
    });
    addScript(p, {
        kind: 'once',
        name: '0020_next',
        body: `#!/bin/sh\necho "done 0020_next" >> ${p.evidence}\n`,
    });
    const child = spawnTool(p, ['run', p.name]);
    const done = toolResult(child);
    while (!existsSync(started))
        await sleep(20);
    killTool(child.pid);
    await done;
    const rerun = tool(p, ['run', p.name]);
    assert.equal(rerun.status, 0, rerun.stderr);
    assert.match(rerun.stdout, /0010_slow of the interrupted upgrade still runs \(pid \d+/);
    assert.match(rerun.stdout, /0010_slow of the interrupted upgrade completed after the tool was killed: recorded/);
    assert.deepEqual(readEvidence(p), ['done 0010_slow', 'done 0020_next'], 'each once-script completed once');
    removeProduct(p);
});

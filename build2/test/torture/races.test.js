// Races: 8 invocations at once (posttrans, gate, run, some with --wait 0) on a product that needs an upgrade.
// Exactly one upgrade runs, every once-script runs exactly once, exit codes are only 0/5/75, and no stale
// marker is left (`check` exits 0). Slow rounds make posttrans give up on the lock (it waits 5 s) and defer.
// The product has a service controlled by start/stop commands: posttrans must not need systemd for it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { addScript, assertToolBuilt, evidenceScript, makeProduct, readEvidence, readHistoryStrict, removeProduct, spawnTool, tool, toolResult, writeFigures, } from '../helpers/torture-product.js';
import { completions } from '../helpers/torture-evidence.js';
const FAST_ROUNDS = Number(process.env.TORTURE_RACE_ROUNDS ?? 10);
const SLOW_ROUNDS = Number(process.env.TORTURE_RACE_SLOW_ROUNDS ?? 2);
const NAMES = ['0010_a', '0020_b', '3010_c', '3020_d', '6010_e', '6020_f'];
const INVOCATIONS = [
    ['posttrans'],
    ['posttrans'],
    ['gate'],
    ['gate'],
    ['run'],
    ['run'],
    ['run', '--wait', '0'],
    ['gate', '--wait', '0'],
];
function product(slow) {
    const p = makeProduct({ data: '1.0', build: '2.0' });
    const flag = join(p.root, 'fake-running');
    appendFileSync(p.descriptor, `[service fake]\nrole = backend\nstart = touch ${flag}\nstop = rm -f ${flag}\nready = exec:test -e ${flag}\nready_timeout = 20\n`);
    for (const name of NAMES)
        addScript(p, { kind: 'once', name, body: evidenceScript(p, name, name === '3010_c' && slow ? '6' : '0.01') });
    return p;
}
function shuffled(xs) {
    const a = [...xs];
    for (let i = a.length - 1; i > 0; i--) {
        const j = Math.floor(Math.random() * (i + 1));
        [a[i], a[j]] = [a[j], a[i]];
    }
    return a;
}
test('8 invocations at once: one upgrade, every once-script once, exit codes 0/5/75, no stale marker', {
    timeout: 300_000,
}, async () => {
    assertToolBuilt();
    const exitCounts = {};
    const outcomes = {};
    let staleMarkers = 0;
    let deferrals = 0;
    const rounds = [...Array(FAST_ROUNDS).fill(false), ...Array(SLOW_ROUNDS).fill(true)];
    for (const [i, slow] of rounds.entries()) {
        const p = product(slow);
        const order = shuffled(INVOCATIONS);
        const results = await Promise.all(order.map(async (args) => {
            const child = spawnTool(p, [args[0], p.name, ...args.slice(1)]);
            // A hang is a failure, not a stuck CI job: the whole group goes after two minutes.
            const guard = setTimeout(() => process.kill(-child.pid, 'SIGKILL'), 120_000);
            const r = await toolResult(child);
            clearTimeout(guard);
            return { args, r };
        }));
        for (const { args, r } of results) {
            const what = args.join(' ');
            exitCounts[r.status ?? 'signal'] = (exitCounts[r.status ?? 'signal'] ?? 0) + 1;
            assert.ok([0, 5, 75].includes(r.status ?? -1), `round ${i} ${what} exited ${r.status}: ${r.stdout}${r.stderr}`);
            assert.doesNotMatch(r.stderr, /^\s+at /m, `no stack trace from ${what}`);
            const outcome = r.status === 75
                ? 'lock busy'
                : /deferred \(lock-busy\)/.test(r.stdout)
                    ? 'posttrans deferred (lock-busy)'
                    : /another upgrade is running/.test(r.stdout)
                        ? "posttrans left the running upgrade's marker"
                        : /upgrading data/.test(r.stdout)
                            ? 'ran the upgrade'
                            : 'found it up to date';
            outcomes[`${args[0]}${args.length > 1 ? ' --wait 0' : ''}: ${outcome}`] =
                (outcomes[`${args[0]}${args.length > 1 ? ' --wait 0' : ''}: ${outcome}`] ?? 0) + 1;
            if (outcome.startsWith('posttrans deferred') || outcome.startsWith('posttrans left'))
                deferrals++;
        }
        const ran = results.filter(({ r }) => /upgrading data/.test(r.stdout));
        assert.equal(ran.length, 1, `exactly one invocation ran the upgrade, not: ${ran.map(({ args }) => args.join(' ')).join(', ')}`);
        const runs = readHistoryStrict(p.history).records.filter((r) => r.t === 'run-start');
        assert.equal(runs.length, 1, 'one run-start in the history');
        const evidence = readEvidence(p);
        for (const [name, n] of completions(NAMES, evidence))
            assert.equal(n, 1, `${name} ran once`);
        assert.equal(evidence.filter((l) => l.startsWith('start ')).length, NAMES.length, 'no script started twice');
        const check = tool(p, ['check', p.name]);
        if (check.status !== 0) {
            staleMarkers++;
            const marker = existsSync(p.marker) ? readFileSync(p.marker, 'utf8') : '(none)';
            assert.fail(`round ${i}: check exits ${check.status} after the race (${check.stdout.trim()}); marker: ${marker}`);
        }
        assert.ok(!existsSync(p.marker), 'no marker');
        assert.ok(!existsSync(join(p.lockDir, `${p.name}.lock`)), 'lock released');
        removeProduct(p);
    }
    writeFigures('races', {
        rounds: rounds.length,
        slowRounds: SLOW_ROUNDS,
        invocationsPerRound: INVOCATIONS.length,
        exitCodes: exitCounts,
        outcomes,
        posttransLockBusyDeferrals: deferrals,
        staleMarkers,
    });
});

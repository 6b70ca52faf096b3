// Issue 10's systemd topology: the topo test product (test/e2e/topology/) upgraded by real dnf/rpm in a booted
// systemd 252 container, through every way an upgrade reaches a host (dnf with the plugin, rpm -U, a
// SYSTEMD_OFFLINE transaction then a restart, an image-like deferral then a real reboot, a failing script,
// a burst of admin commands, plain %systemd_postun). Its units have what real products have: slow storage
// under a Type=notify database with Restart=always, an app BindsTo= it with a long ExecStartPre, a
// socket-activated api Requires= it, template workers PartOf= the app and a sidekick bound to nothing (both
// behind the gate but not in the descriptor), a product target, Fedora's restart marks and file triggers.
// Every upgrade script records which units are up (/var/lib/topo/evidence.jsonl); every daemon records the
// code version it runs and the data format it finds (starts.jsonl). The flows run in two boots of one tree
// (lib/topology-scenarios.sh); the assertions below read what they left. Results are kept when a test fails
// (or with UPGRADE_HOOK_KEEP_RESULTS=1). UPGRADE_HOOK_TOPOLOGY_NO_CLIENT=1 runs the flows without the client
// that pokes the api socket during the upgrades (a diagnosis aid: what fails without socket activation).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { containerSkipReason, ensureImage, newResultsDir, removeDir, repoRoot, stageArtifacts, } from './lib/container.js';
const skip = containerSkipReason();
const STORAGE = 'topo-storage.service';
const DB = 'topo-db.service';
const APP = 'topo-app.service';
const SOCKET = 'topo-api.socket';
const API = 'topo-api.service';
const WORKERS = ['topo-worker@1.service', 'topo-worker@2.service'];
const SIDEKICK = 'topo-sidekick@1.service';
const GATE = 'upgrade-hook@topo.service';
const GATED = [APP, API, ...WORKERS, SIDEKICK];
const ALL = [STORAGE, DB, APP, SOCKET, API, ...WORKERS, SIDEKICK];
const UPGRADES = [
    {
        flow: 2,
        version: '1.1',
        how: 'dnf upgrade, dnf4 plugin, restart marks',
        before: 'before-2',
        after: 'after-2',
        command: 'dnf-1.1',
    },
    { flow: 3, version: '1.2', how: 'rpm -U, restart marks', before: 'before-3', after: 'after-3', command: 'rpm-1.2' },
    {
        flow: 4,
        version: '1.3',
        how: 'SYSTEMD_OFFLINE=1 rpm -U, then systemctl restart topo.target',
        before: 'before-4',
        after: 'after-4',
        command: 'restart-target-4',
    },
    {
        flow: 5,
        version: '1.4',
        how: 'SYSTEMD_OFFLINE=1 dnf upgrade, then a reboot',
        before: 'before-5',
        after: 'after-5',
        command: 'dnf-1.4-offline',
    },
    {
        flow: 6,
        version: '1.5',
        how: 'dnf upgrade with a failing once-script, then the fix and upgrade-hook run',
        before: 'before-6',
        after: 'after-6',
        command: 'rerun-6',
    },
    {
        flow: 8,
        version: '1.6',
        how: 'dnf upgrade after a build with plain %systemd_postun',
        before: 'before-8',
        after: 'after-8',
        command: 'dnf-1.6',
    },
];
const FAILING = '4450_precheck_v1_5';
let results = '';
let upper = '';
let stage = '';
let failed = false;
const runs = [];
function boot(fn) {
    const args = [
        join(repoRoot, 'test/e2e/lib/container.sh'),
        'run',
        '--bind-ro',
        `${stage}:/mnt/build`,
        '--bind-ro',
        `${join(repoRoot, 'test/e2e/lib')}:/mnt/lib`,
        '--bind',
        `${results}:/mnt/results`,
        '--upper',
        upper,
        '--',
        'bash',
        '-c',
        `${process.env.UPGRADE_HOOK_TOPOLOGY_NO_CLIENT ? 'TOPO_NO_CLIENT=1; ' : ''}. /mnt/lib/topology-scenarios.sh; ${fn}`,
    ];
    const t0 = performance.now();
    const r = spawnSync('bash', args, { encoding: 'utf8', timeout: 600_000, killSignal: 'SIGTERM', maxBuffer: 64 << 20 });
    const ms = performance.now() - t0;
    runs.push({ fn, code: r.status, ms, stderr: r.stderr });
    console.log(`# ${fn}: ${(ms / 1000).toFixed(1)} s (exit ${r.status})\n${(r.stdout ?? '').replace(/^/gm, '#   ')}`);
    if (r.status !== 0)
        console.log(`# ${fn} stderr:\n${(r.stderr ?? '').replace(/^/gm, '#   ')}`);
}
// ---- reading what the flows left
function text(name) {
    const p = join(results, name);
    return existsSync(p) ? readFileSync(p, 'utf8') : '';
}
function lines(name) {
    return text(name)
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l));
}
function snap(label) {
    const p = join(results, `snap-${label}.json`);
    assert.ok(existsSync(p), `no snapshot ${label} (the flow did not get there; see the story)`);
    return JSON.parse(readFileSync(p, 'utf8'));
}
const commands = () => lines('commands.jsonl');
const evidence = () => lines('evidence.jsonl');
const starts = () => lines('starts.jsonl');
function command(name) {
    const c = commands().find((x) => x.name === name);
    assert.ok(c, `command ${name} did not run (see the story)`);
    return c;
}
// The evidence of the upgrade to VERSION recorded during its flow (between the flow's "before" and "after"
// snapshots): a run that the harness's repair before the next flow needed does not count for this flow.
function evidenceOf(version) {
    const u = UPGRADES.find((x) => x.version === version);
    const from = snap(u.before).t;
    const to = snap(u.after).t;
    return evidence().filter((e) => e.to === `${version}-1` && e.t >= from && e.t <= to);
}
const down = (state) => state === 'inactive' || state === 'failed';
const short = (u) => u.replace(/^topo-/, '').replace(/\.service$/, '');
const unitsLine = (e) => Object.entries(e.units)
    .map(([u, s]) => `${short(u)}=${s}`)
    .join(' ');
const where = (e) => (e.cgroup?.endsWith('.service') ? e.cgroup.split('/').pop() : `cgroup ${e.cgroup}`);
const inGate = (e) => (e.cgroup ?? '').includes('upgrade-hook@topo.service');
const fixedAt = () => command('rerun-6').t;
function runsOf(version, from, to) {
    const reboot = snap('deferred-5').t;
    const gatePids = (file) => new Set([...text(file).matchAll(/upgrade-hook@topo\[(\d+)\]/g)].map((m) => Number(m[1])));
    const pids = { boot1: gatePids('journal-boot1.txt'), boot2: gatePids('journal-boot2.txt') };
    return lines('history.jsonl')
        .filter((r) => r.t === 'run-start' && r.to === `${version}-1`)
        .map((r) => ({ ...r, epoch: Date.parse(r.at) / 1000 }))
        .filter((r) => r.epoch >= from && r.epoch <= to)
        .map((r) => ({ ...r, gate: (r.epoch < reboot ? pids.boot1 : pids.boot2).has(r.pid) }));
}
const describeRuns = (runs) => runs.map((r) => `run ${r.run} (pid ${r.pid}${r.gate ? `, in ${GATE}` : ''}) at ${r.at}`).join('\n');
// A test whose failure keeps the results folder.
let flowTag = '';
function check(name, fn) {
    test(`${flowTag}${name}`, () => {
        try {
            fn();
        }
        catch (e) {
            failed = true;
            throw e;
        }
    });
}
// Every admin command of the flow exited 0 (repairs between flows and queries are not judged).
function commandsExitedZero(flow) {
    const bad = commands().filter((c) => c.flow === flow && c.kind === 'admin' && c.rc !== 0);
    assert.deepEqual(bad.map((c) => `${c.cmd} -> exit ${c.rc}: ${text(`${c.name}.out`).trim().split('\n').slice(-3).join(' | ')}`), [], `flow ${flow}: admin commands that failed`);
}
// What the upgrade's own failure looked like, for the messages of checks that find nothing to judge.
function outcome(u) {
    const a = snap(u.after);
    return `after the flow: data ${a.dataVersion}, marker ${a.marker ? `${a.marker.state}/${a.marker.reason}: ${a.marker.detail ?? ''}` : 'none'}`;
}
function upgradeChecks(u) {
    const v = `${u.version}-1`;
    check('every admin command exited 0', () => commandsExitedZero(u.flow));
    check('the upgrade ran, once: each once-script of this version exactly once during the flow', () => {
        const ev = evidenceOf(u.version);
        const counts = new Map();
        for (const e of ev)
            counts.set(e.script, (counts.get(e.script) ?? 0) + 1);
        const expected = ['offline', 'backend', 'online'].map((p) => `${p === 'offline' ? 1 : p === 'backend' ? 4 : 7}${u.version.slice(2)}00_${p}_v${u.version.replace('.', '_')}`);
        const wrong = expected.filter((s) => counts.get(s) !== 1).map((s) => `${s}: ran ${counts.get(s) ?? 0} times`);
        if (u.version === '1.5') {
            const n = counts.get(FAILING) ?? 0;
            if (n !== 2)
                wrong.push(`${FAILING}: ran ${n} times (expected twice: failed once, then the fixed rerun)`);
        }
        assert.deepEqual(wrong, [], `${outcome(u)}\n${ev.map((e) => `  ${e.script} [${e.phase}] in ${where(e)}`).join('\n')}`);
    });
    check('offline phase: db, app, api, workers and sidekick down, the api socket not listening', () => {
        const ev = evidenceOf(u.version).filter((e) => e.phase === 'offline');
        assert.ok(ev.length > 0, `no offline script ran during the flow (${outcome(u)})`);
        const bad = ev.flatMap((e) => [DB, APP, API, ...WORKERS, SIDEKICK, SOCKET]
            .filter((x) => !down(e.units[x]))
            .map((x) => `${e.script} (in ${where(e)}): ${x} is ${e.units[x]}   [${unitsLine(e)}] jobs: ${e.jobs.join(', ')}`));
        assert.deepEqual(bad, []);
    });
    check('backend phase: db up, every gated unit down', () => {
        const ev = evidenceOf(u.version).filter((e) => e.phase === 'backend');
        assert.ok(ev.length > 0, `no backend script ran during the flow (${outcome(u)})`);
        const bad = ev.flatMap((e) => [
            ...(e.units[DB] === 'active' ? [] : [`${e.script}: ${DB} is ${e.units[DB]}`]),
            ...(e.units[STORAGE] === 'active'
                ? []
                : [`${e.script}: ${STORAGE} (which the db requires) is ${e.units[STORAGE]}`]),
            ...GATED.filter((x) => !down(e.units[x])).map((x) => `${e.script}: ${x} is ${e.units[x]}`),
        ].map((m) => `${m}   [${unitsLine(e)}]`));
        assert.deepEqual(bad, []);
    });
    check('online phase: app and api up', () => {
        const ev = evidenceOf(u.version).filter((e) => e.phase === 'online');
        assert.ok(ev.length > 0, `no online script ran during the flow (${outcome(u)})`);
        const bad = ev.flatMap((e) => [DB, APP, API]
            .filter((x) => e.units[x] !== 'active')
            .map((x) => `${e.script}: ${x} is ${e.units[x]}   [${unitsLine(e)}]`));
        assert.deepEqual(bad, []);
    });
    check('afterwards: data upgraded and stamped, no marker', () => {
        const s = snap(u.after);
        assert.deepEqual({ package: s.package, data: s.dataVersion, format: s.format, marker: s.marker }, { package: v, data: v, format: v, marker: null }, `after the upgrade (${u.after})`);
    });
    check('afterwards: every unit active before is active again', () => {
        const b = snap(u.before);
        const a = snap(u.after);
        const lost = ALL.filter((x) => b.units[x]?.active === 'active' && a.units[x]?.active !== 'active').map((x) => `${x}: ${a.units[x]?.active} (${a.units[x]?.sub}, result ${a.units[x]?.result})`);
        assert.deepEqual(lost, [], `${u.after}: units down that were up in ${u.before}`);
    });
    check('afterwards: every running daemon runs the new code', () => {
        const a = snap(u.after);
        const old = Object.entries(a.units)
            .filter(([, s]) => s.active === 'active' && s.code !== null && s.code !== v)
            .map(([x, s]) => `${x} (pid ${s.pid}) still runs ${s.code}`);
        assert.deepEqual(old, []);
    });
    check('afterwards: no unit failed, the system is not degraded', () => {
        const a = snap(u.after);
        assert.deepEqual({ failed: a.failedUnits, system: a.systemState }, { failed: [], system: 'running' });
    });
}
function upgradeFlow(u) {
    describe(`flow ${u.flow}: ${u.version === '1.5' ? '' : 'upgrade to '}${u.version} (${u.how})`, () => {
        flowTag = `[${u.flow}] `;
        upgradeChecks(u);
        if (u.flow === 2 || u.flow === 3 || u.flow === 6 || u.flow === 8) {
            check('one upgrade run, where the package manager said it runs, never in the gate', () => {
                const out = text(`${u.flow === 6 ? 'dnf-1.5' : u.command}.out`);
                const said = out.split('\n').find((l) => /^topo: (upgrade deferred|upgrading data)/.test(l)) ?? '(nothing)';
                const until = u.flow === 6 ? fixedAt() : snap(u.after).t;
                const runs = runsOf(u.version, snap(u.before).t, until);
                const scripts = evidenceOf(u.version)
                    .filter((e) => e.t < until && inGate(e))
                    .map((e) => `${e.script} ran in ${GATE}`);
                const problems = [
                    ...(runs.length === 1
                        ? []
                        : [`${runs.length} upgrade runs${u.flow === 6 ? ' before the fix' : ''}, expected 1`]),
                    ...runs.filter((r) => r.gate).map((r) => `run ${r.run} was the gate's (pid ${r.pid})`),
                    ...scripts,
                ];
                assert.deepEqual(problems, [], `the transaction said: ${said}\n${describeRuns(runs)}`);
            });
        }
        if (u.flow === 4) {
            check('the SYSTEMD_OFFLINE transaction deferred the upgrade and ran nothing', () => {
                const s = snap('deferred-4');
                assert.equal(s.marker?.state, 'deferred');
                assert.equal(s.dataVersion, '1.2-1');
                const restart = command('restart-target-4');
                assert.deepEqual(evidenceOf('1.3')
                    .filter((e) => e.t < restart.t)
                    .map((e) => e.script), [], 'scripts that ran before the restart');
            });
            check('plan names the gated units the descriptor does not list, and the trigger socket', () => {
                const out = text('plan-4.out');
                assert.deepEqual([...WORKERS, SIDEKICK, SOCKET].filter((x) => !out.includes(x)), [], `upgrade-hook plan topo:\n${out}`);
            });
        }
        if (u.flow === 5) {
            check('deferred before the reboot, run by the gate during the boot', () => {
                const s = snap('deferred-5');
                assert.equal(s.marker?.state, 'deferred', `marker before the reboot: ${JSON.stringify(s.marker)}`);
                assert.equal(s.dataVersion, '1.3-1');
                const ev = evidenceOf('1.4');
                assert.deepEqual(ev.filter((e) => e.t < s.t).map((e) => e.script), [], 'scripts that ran before the reboot');
                // (run by upgrade-hook@topo.service, or by a follow-up unit of upgrade-hook's for the later phases)
                assert.ok(ev.length > 0 && inGate(ev[0]) && ev.every((e) => /upgrade-hook[^/]*\.service$/.test(e.cgroup ?? '')), `the scripts of 1.4 after the reboot:\n${ev.map((e) => `${e.script} in ${where(e)}`).join('\n')}`);
            });
        }
        if (u.flow === 4 || u.flow === 8) {
            check(`restart request: topo-db restarted after the online script asked, topo-app (BindsTo=) came back`, () => {
                const asked = evidenceOf(u.version).find((e) => e.phase === 'online');
                assert.ok(asked, 'the online script did not run');
                const after = starts().filter((s) => s.t > asked.t);
                assert.ok(after.some((s) => s.unit === DB), 'topo-db was not restarted after the online script');
                const dbAt = after.find((s) => s.unit === DB).t;
                assert.ok(after.some((s) => s.unit === APP && s.t > dbAt), 'topo-app did not start after topo-db restarted');
                assert.equal(snap(u.after).units[APP]?.active, 'active', `topo-app after the flow (${u.after})`);
            });
        }
        if (u.flow === 6) {
            check('dnf exits 0, the marker says the once-script failed', () => {
                assert.equal(command('dnf-1.5').rc, 0);
                const s = snap('failed-6');
                assert.deepEqual({ state: s.marker?.state, reason: s.marker?.reason, script: s.marker?.script }, { state: 'failed', reason: 'script-failed', script: FAILING }, `marker: ${JSON.stringify(s.marker)}`);
            });
            check("dnf's output names the failure, the log and the command", () => {
                const out = text('dnf-1.5.out');
                assert.deepEqual([FAILING, '/var/log/topo/upgrade.log', 'upgrade-hook run topo'].filter((x) => !out.includes(x)), [], `dnf's output (the end; all of it in dnf-1.5.out):\n${out
                    .trim()
                    .split('\n')
                    .filter((l) => !/^ *(Running scriptlet|Upgrading|Cleanup|Verifying) /.test(l))
                    .slice(-12)
                    .join('\n')}`);
            });
            check('not retried unattended: one run and one attempt of the failed script until the fix (restarts, socket pokes)', () => {
                const attempts = evidenceOf('1.5').filter((e) => e.script === FAILING && e.t < fixedAt());
                const runs = runsOf('1.5', snap('before-6').t, fixedAt());
                assert.deepEqual({ runs: runs.length, attempts: attempts.length }, { runs: 1, attempts: 1 }, `${describeRuns(runs)}\n${attempts.map((e) => `${e.script} at ${e.t} in ${where(e)}`).join('\n')}`);
            });
            check('while failed: topo-app does not start, status shows the failure and the command to run', () => {
                const s = snap('failed-6b');
                assert.notEqual(s.units[APP]?.active, 'active');
                const out = text('status-failed-6.out');
                assert.deepEqual([FAILING, 'upgrade-hook run topo'].filter((x) => !out.includes(x)), [], `upgrade-hook status topo:\n${out}`);
            });
            check('the rerun after the fix succeeds; the gate is not failed afterwards', () => {
                assert.equal(command('rerun-6').rc, 0, text('rerun-6.out'));
                const a = snap('after-6');
                assert.deepEqual({ gate: a.units[GATE]?.active, system: a.systemState }, { gate: 'inactive', system: 'running' });
            });
        }
    });
}
function burstFlow() {
    describe('flow 7: burst of admin commands on up-to-date data', () => {
        flowTag = '[7] ';
        check('each of the 25 single systemctl start/restart of gated units exited 0', () => {
            const burst = commands().filter((c) => c.name.startsWith('burst-'));
            assert.equal(burst.length, 25);
            const last = burst[burst.length - 1];
            const span = (last.t * 1000 + last.ms - burst[0].t * 1000) / 1000;
            assert.deepEqual(burst
                .filter((c) => c.rc !== 0)
                .map((c) => `#${c.name.slice(6)} ${c.cmd} -> exit ${c.rc}: ${text(`${c.name}.out`).trim()}`), [], `25 commands in ${span.toFixed(1)} s`);
        });
        check('systemctl restart topo.target exited 0', () => assert.equal(command('restart-target-7').rc, 0, text('restart-target-7.out')));
        check('afterwards every unit is up, none failed', () => {
            const a = snap('after-7');
            assert.deepEqual({ down: ALL.filter((x) => a.units[x]?.active !== 'active'), failed: a.failedUnits }, { down: [], failed: [] });
        });
    });
}
describe('systemd topology: the topo product through every upgrade path (booted bookworm container)', { skip }, () => {
    before(() => {
        const t0 = performance.now();
        const image = ensureImage();
        stage = stageArtifacts();
        const b = spawnSync('bash', [join(repoRoot, 'test/e2e/topology/build.sh')], {
            encoding: 'utf8',
            env: { ...process.env, TOPO_BUILD_DIR: join(stage, 'topo') },
            timeout: 300_000,
        });
        if (b.status !== 0)
            throw new Error(`test/e2e/topology/build.sh failed (exit ${b.status}):\n${b.stderr}${b.stdout}`);
        results = newResultsDir('topology');
        upper = newResultsDir('topology-tree');
        console.log(`# image ${image.cold ? 'cold, built' : 'warm, reused'}; RPMs built in ${((performance.now() - t0) / 1000).toFixed(1)} s; results in ${results}`);
        boot('topo_boot1');
        if (runs[0]?.code === 0)
            boot('topo_boot2');
        console.log(`# topology total: ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    });
    after(() => {
        if (stage)
            removeDir(stage);
        if (upper && !process.env.UPGRADE_HOOK_KEEP_RESULTS)
            removeDir(upper);
        if (failed || process.env.UPGRADE_HOOK_KEEP_RESULTS)
            console.log(`# topology results kept in ${results}`);
        else if (results)
            removeDir(results);
    });
    check('both boots ran their flows (power off, boot the same tree)', () => {
        assert.deepEqual(runs.map((r) => [r.fn, r.code]), [
            ['topo_boot1', 0],
            ['topo_boot2', 0],
        ], runs.map((r) => `${r.fn}: ${r.stderr.slice(-2000)}`).join('\n'));
    });
    describe('flow 1: install, setup, start topo.target', () => {
        flowTag = '[1] ';
        check('every admin command exited 0', () => commandsExitedZero(1));
        check('every unit is up, on data 1.0-1', () => {
            const s = snap('after-1');
            assert.equal(s.dataVersion, '1.0-1');
            assert.deepEqual(ALL.filter((x) => s.units[x]?.active !== 'active').map((x) => `${x}: ${s.units[x]?.active}`), []);
        });
    });
    for (const flow of [2, 3, 4, 5, 6, 7, 8]) {
        const u = UPGRADES.find((x) => x.flow === flow);
        if (u)
            upgradeFlow(u);
        else
            burstFlow();
    }
    describe('across all flows', () => {
        flowTag = '[all] ';
        check('new code never on old data: no gated daemon started on a data format other than its code version', () => {
            const bad = starts()
                .filter((s) => s.unit !== DB && s.unit !== STORAGE && s.code !== s.format)
                .map((s) => `${s.unit} ${s.code} started on data format ${s.format} at ${s.t}`);
            assert.deepEqual(bad, []);
        });
        check('ordering kept: topo-db never started while topo-storage was not active', () => {
            const bad = starts()
                .filter((s) => s.unit === DB && (s.storage !== 'active' || !s.storageMounted))
                .map((s) => `topo-db ${s.code} started at ${s.t} with topo-storage ${s.storage}${s.storageMounted ? '' : ' (not mounted)'}`);
            assert.deepEqual(bad, []);
        });
    });
});

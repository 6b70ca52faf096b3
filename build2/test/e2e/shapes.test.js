// Issue 21's unit shapes (items 3, 6, 7, 8): the shp test product (test/e2e/shapes/) upgraded by real rpm/dnf
// in a booted systemd 252 container, in two boots of one tree (lib/shapes-scenarios.sh): a path-started
// oneshot job running when the upgrade stops the product; a gated worker with RefuseManualStop=yes and a
// target that only Wants= its units; the database behind the gate; a Katello-shaped socket-activated
// Type=notify app with task workers after SYSTEMD_OFFLINE=1 dnf and a real reboot. The assertions read
// what the flows left. Results are kept when a test fails (or with UPGRADE_HOOK_KEEP_RESULTS=1).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { containerSkipReason, ensureImage, newResultsDir, removeDir, repoRoot, stageArtifacts, } from './lib/container.js';
const skip = containerSkipReason();
const PRODUCT_UNITS = [
    'shp-db.service',
    'shp-app.socket',
    'shp-app.service',
    'shp-tasks@1.service',
    'shp-import.path',
    'shp-report.timer',
];
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
        `. /mnt/lib/shapes-scenarios.sh; ${fn}`,
    ];
    const t0 = performance.now();
    const r = spawnSync('bash', args, { encoding: 'utf8', timeout: 600_000, killSignal: 'SIGTERM', maxBuffer: 64 << 20 });
    runs.push({ fn, code: r.status, stderr: r.stderr });
    const s = ((performance.now() - t0) / 1000).toFixed(1);
    console.log(`# ${fn}: ${s} s (exit ${r.status})\n${(r.stdout ?? '').replace(/^/gm, '#   ')}`);
    if (r.status !== 0)
        console.log(`# ${fn} stderr:\n${(r.stderr ?? '').replace(/^/gm, '#   ')}`);
}
const text = (name) => (existsSync(join(results, name)) ? readFileSync(join(results, name), 'utf8') : '');
function snap(label) {
    const p = join(results, `snap-${label}.json`);
    assert.ok(existsSync(p), `no snapshot ${label} (the flow did not get there; see the story)`);
    return JSON.parse(readFileSync(p, 'utf8'));
}
const active = (s, u) => s.units[u]?.ActiveState === 'active';
const describeUnits = (s, units) => units.map((u) => `${u}: ${s.units[u]?.ActiveState} (${s.units[u]?.SubState}, ${s.units[u]?.Result})`).join('; ');
const markerLine = (s) => (s.marker ? `${s.marker.state}/${s.marker.reason}: ${s.marker.detail ?? ''}` : 'none');
// The units up before that are down now: what the flow took down and did not bring back.
function lost(before, after) {
    return PRODUCT_UNITS.filter((u) => active(before, u) && !active(after, u)).map((u) => `${u}: ${after.units[u]?.ActiveState} (${after.units[u]?.Result})`);
}
function check(name, fn) {
    test(name, () => {
        try {
            fn();
        }
        catch (e) {
            failed = true;
            throw e;
        }
    });
}
describe('unit shapes of real products (shp, booted bookworm container)', { skip }, () => {
    before(() => {
        const t0 = performance.now();
        ensureImage();
        stage = stageArtifacts();
        const b = spawnSync('bash', [join(repoRoot, 'test/e2e/shapes/build.sh')], {
            encoding: 'utf8',
            env: { ...process.env, SHP_BUILD_DIR: join(stage, 'shp') },
            timeout: 300_000,
        });
        if (b.status !== 0)
            throw new Error(`test/e2e/shapes/build.sh failed (exit ${b.status}):\n${b.stderr}${b.stdout}`);
        results = newResultsDir('shapes');
        upper = newResultsDir('shapes-tree');
        boot('shapes_boot1');
        if (runs[0]?.code === 0)
            boot('shapes_boot2');
        console.log(`# shapes total: ${((performance.now() - t0) / 1000).toFixed(1)} s; results in ${results}`);
    });
    after(() => {
        if (stage)
            removeDir(stage);
        if (upper)
            removeDir(upper);
        if (failed || process.env.UPGRADE_HOOK_KEEP_RESULTS)
            console.log(`# shapes results kept in ${results}`);
        else if (results)
            removeDir(results);
    });
    check('both boots ran their flows', () => {
        assert.deepEqual(runs.map((r) => [r.fn, r.code]), [
            ['shapes_boot1', 0],
            ['shapes_boot2', 0],
        ], runs.map((r) => `${r.fn}: ${r.stderr.slice(-2000)}`).join('\n'));
    });
    check('the product is installed and up', () => {
        const s = snap('installed');
        assert.deepEqual(PRODUCT_UNITS.filter((u) => !active(s, u)), [], describeUnits(s, PRODUCT_UNITS));
    });
    describe('item 3: a path-started oneshot job runs when the upgrade stops the product', () => {
        check('the job was running when rpm -U started the upgrade', () => {
            assert.equal(snap('before-3').units['shp-import.service']?.ActiveState, 'activating');
        });
        check('the upgrade succeeds: data upgraded, no marker, nothing left to restore, every unit back', () => {
            const a = snap('after-3');
            assert.deepEqual({ data: a.dataVersion, marker: markerLine(a), stopped: a.stoppedUnits, lost: lost(snap('before-3'), a) }, { data: '1.1-1', marker: 'none', stopped: null, lost: [] }, text('rpm-1.1.out'));
        });
        check('the path unit, started again, ran the interrupted import to its end: the inbox is empty, no unit failed', () => {
            const a = snap('after-3');
            assert.deepEqual({ inbox: a.inbox, failed: a.failed }, { inbox: [], failed: [] }, text('imports.log'));
        });
    });
    describe('item 6: RefuseManualStop=yes on a gated worker; a target that only Wants= its units', () => {
        check('plan names the worker and the fix before anything runs', () => {
            assert.match(text('plan-6.out'), /ERROR: shp-tasks@1\.service has RefuseManualStop=yes.*remove RefuseManualStop= from shp-tasks@1\.service/);
        });
        check('status warns that systemctl restart shp.target exits 0 though the gate failed', () => {
            assert.match(text('status-6.out'), /WARNING: shp\.target only Wants= .*exits 0 even when upgrade-hook@shp\.service failed/);
        });
        check('the upgrade fails before it stops anything, naming the worker: every unit stays up', () => {
            const a = snap('after-6');
            assert.deepEqual(lost(snap('before-6'), a), [], `${text('rpm-1.2.out')}\nmarker: ${markerLine(a)}`);
            assert.match(markerLine(a), /shp-tasks@1\.service has RefuseManualStop=yes/);
            assert.match(text('rpm-1.2.out'), /RefuseManualStop/);
        });
        check("the gate refuses the admin's restart of the app with the same failure: the worker and the fix", () => {
            assert.notEqual(text('gate-6.rc').trim(), '0', text('gate-6.out'));
            assert.match(text('gate-6.journal'), /shp-tasks@1\.service has RefuseManualStop=yes.*remove RefuseManualStop= from shp-tasks@1\.service/);
        });
        check('without the drop-in the rerun completes the upgrade', () => {
            const f = snap('fixed-6');
            assert.deepEqual({ data: f.dataVersion, marker: markerLine(f) }, { data: '1.2-1', marker: 'none' }, text('rerun-6.out'));
        });
    });
    describe('item 8: the database behind the gate', () => {
        check('plan names the backend and the fix', () => {
            assert.match(text('plan-8.out'), /ERROR: backend shp-db\.service is behind upgrade-hook@shp\.service.*remove Requires=\/After=upgrade-hook@shp\.service from shp-db\.service/);
        });
        check('the upgrade is refused before anything stops, naming the backend: every unit stays up', () => {
            const a = snap('after-8');
            assert.deepEqual(lost(snap('before-8'), a), [], `${text('rpm-1.3.out')}\nmarker: ${markerLine(a)}`);
            assert.match(text('rpm-1.3.out'), /backend shp-db\.service is behind upgrade-hook@shp\.service/);
        });
        check("status and the gate (the admin's restart of the database) name the backend and the fix", () => {
            const fix = /backend shp-db\.service is behind upgrade-hook@shp\.service.*remove Requires=\/After=upgrade-hook@shp\.service from shp-db\.service/;
            assert.match(text('status-8.out'), fix);
            assert.notEqual(text('gate-8.rc').trim(), '0', text('gate-8.out'));
            assert.match(text('gate-8.journal'), fix);
        });
        check('without the drop-in the rerun completes the upgrade', () => {
            const f = snap('fixed-8');
            assert.deepEqual({ data: f.dataVersion, marker: markerLine(f) }, { data: '1.3-1', marker: 'none' }, text('repair-8.out'));
        });
    });
    describe('item 7: a socket-activated Type=notify app and its workers after SYSTEMD_OFFLINE=1 dnf and a reboot', () => {
        check('the transaction deferred the upgrade', () => {
            const d = snap('deferred-7');
            assert.deepEqual({ package: d.package, data: d.dataVersion, state: d.marker?.state }, { package: '1.4-1', data: '1.3-1', state: 'deferred' });
        });
        check('after the reboot: data upgraded, no marker, the app, its socket, its worker and the path unit up, nothing failed', () => {
            const a = snap('after-7');
            assert.deepEqual({
                data: a.dataVersion,
                marker: markerLine(a),
                down: PRODUCT_UNITS.filter((u) => !active(a, u)),
                failed: a.failed,
                finish: a.units['upgrade-hook-finish@shp.service']?.Result,
            }, { data: '1.4-1', marker: 'none', down: [], failed: [], finish: 'success' }, `${describeUnits(a, [...PRODUCT_UNITS, 'upgrade-hook-finish@shp.service'])}\n${text('journal-boot2.txt').slice(-4000)}`);
        });
        check('the app started at boot got its socket from systemd (LISTEN_FDS), not a port of its own', () => {
            const appStarts = text('starts.log')
                .split('\n')
                .filter((l) => l.startsWith('app '));
            assert.equal(appStarts.at(-1), 'app 1.4-1 socket', appStarts.join('\n'));
        });
        check('the app answers on its socket with the new code', () => {
            assert.equal(text('poke-7.rc').trim(), '0', text('poke-7.out'));
            assert.match(text('poke-7.out'), /app 1\.4-1/);
        });
    });
});

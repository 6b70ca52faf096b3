// Issue 21: two products (depot and portal, Katello + Pulp-like) on one shared database unit, in a booted
// systemd 252 container, with upgrade-hook installed from its RPM. Each product has a target, an app that
// Requires= the database, a Restart=on-failure worker that only Wants= it and a timer-started oneshot job
// (test/e2e/stack/stack-product). The flows (lib/stack-scenarios.sh, one boot): both gates at once as at
// the first boot after an image build; an admin's `systemctl restart portal.target` during depot's last
// offline script; a failed upgrade of depot. Every upgrade script records which units run at its start
// (evidence.jsonl). Results are kept when a test fails (or with UPGRADE_HOOK_KEEP_RESULTS=1).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { containerSkipReason, ensureImage, newResultsDir, removeDir, repoRoot, stageArtifacts, } from './lib/container.js';
const skip = containerSkipReason();
const DB = 'stack-db.service';
const PORTAL = ['portal-app.service', 'portal-worker.service', 'portal-job.timer'];
const DEPOT = ['depot-app.service', 'depot-worker.service', 'depot-job.timer'];
let results = '';
let stage = '';
let failed = false;
let story = '';
let code = null;
function text(name) {
    const p = join(results, name);
    return existsSync(p) ? readFileSync(p, 'utf8') : '';
}
const lines = (name) => text(name)
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l));
function snap(label) {
    const p = join(results, `snap-${label}.json`);
    assert.ok(existsSync(p), `no snapshot ${label} (the flow did not get there):\n${story.slice(-3000)}`);
    return JSON.parse(readFileSync(p, 'utf8'));
}
const commands = () => lines('commands.jsonl');
function command(name) {
    const c = commands().find((x) => x.name === name);
    assert.ok(c, `command ${name} did not run`);
    return c;
}
/** The evidence recorded between two snapshots. */
const evidenceBetween = (from, to) => lines('evidence.jsonl').filter((e) => e.t >= snap(from).t && e.t <= snap(to).t);
const notDown = (units, names) => names.filter((u) => units[u] !== 'inactive' && units[u] !== 'failed').map((u) => `${u}=${units[u]}`);
const notUp = (s, names) => names.filter((u) => s.units[u] !== 'active').map((u) => `${u}=${s.units[u]}`);
const outcome = (s) => JSON.stringify(s.products);
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
describe('a stack: two products on one database (booted bookworm container)', { skip }, () => {
    before(() => {
        const t0 = performance.now();
        const image = ensureImage();
        stage = stageArtifacts();
        const b = spawnSync('bash', [join(repoRoot, 'test/e2e/stack/build.sh')], {
            encoding: 'utf8',
            env: { ...process.env, STACK_BUILD_DIR: join(stage, 'stack') },
            timeout: 300_000,
        });
        if (b.status !== 0)
            throw new Error(`test/e2e/stack/build.sh failed (exit ${b.status}):\n${b.stderr}${b.stdout}`);
        cpSync(join(repoRoot, 'test/e2e/stack'), join(stage, 'stack'), { recursive: true });
        results = newResultsDir('stack');
        const r = spawnSync('bash', [
            join(repoRoot, 'test/e2e/lib/container.sh'),
            'run',
            '--bind-ro',
            `${stage}:/mnt/build`,
            '--bind-ro',
            `${join(repoRoot, 'test/e2e/lib')}:/mnt/lib`,
            '--bind',
            `${results}:/mnt/results`,
            '--',
            'bash',
            '-c',
            '. /mnt/lib/stack-scenarios.sh; stack_flows',
        ], { encoding: 'utf8', timeout: 600_000, killSignal: 'SIGTERM', maxBuffer: 64 << 20 });
        code = r.status;
        story = r.stdout ?? '';
        console.log(`# image ${image.cold ? 'cold' : 'warm'}; stack total ${((performance.now() - t0) / 1000).toFixed(1)} s (exit ${r.status})\n${story.replace(/^/gm, '#   ')}`);
        if (r.status !== 0)
            console.log(`# stderr:\n${(r.stderr ?? '').replace(/^/gm, '#   ')}`);
    });
    after(() => {
        if (stage)
            removeDir(stage);
        if (failed || process.env.UPGRADE_HOOK_KEEP_RESULTS)
            console.log(`# stack results kept in ${results}`);
        else if (results)
            removeDir(results);
    });
    check('the flows ran (setup commands exited 0)', () => {
        assert.equal(code, 0, story.slice(-2000));
        const bad = commands().filter((c) => c.flow === 0 && c.rc !== 0);
        assert.deepEqual(bad.map((c) => `${c.cmd}: exit ${c.rc}: ${text(`${c.name}.out`).slice(-500)}`), []);
    });
    describe('flow 1: both gates at once (the first boot after an image build)', () => {
        check('both products are upgraded, every unit of both runs, no job is left', () => {
            const s = snap('after-1');
            assert.deepEqual({ depot: s.products.depot?.data, portal: s.products.portal?.data }, { depot: '2.0-1', portal: '2.0-1' }, outcome(s));
            assert.deepEqual(notUp(s, [DB, ...DEPOT, ...PORTAL]), []);
            assert.equal(command('boot-1').rc, 0, text('boot-1.out'));
        });
        check("the upgrades did not overlap: each offline script ran with the database and both products' units down", () => {
            const ev = evidenceBetween('before-1', 'after-1');
            const offline = ev.filter((e) => e.phase === 'offline');
            assert.deepEqual(offline.map((e) => e.product).sort(), ['depot', 'portal'], 'one offline script per product');
            const bad = offline.flatMap((e) => notDown(e.units, [
                DB,
                'depot-app.service',
                'depot-worker.service',
                'portal-app.service',
                'portal-worker.service',
            ]).map((u) => `${e.product} ${e.script}: ${u}`));
            assert.deepEqual(bad, []);
        });
        check('one upgrade at a time: no script of the other product ran while one had its services down (offline to backend)', () => {
            const ev = evidenceBetween('before-1', 'after-1').sort((a, b) => a.t - b.t);
            const bad = [];
            for (const p of ['depot', 'portal']) {
                const down = ev.filter((e) => e.product === p && e.phase !== 'online');
                if (down.length === 0)
                    continue;
                const [from, to] = [down[0].t, down[down.length - 1].t];
                for (const e of ev.filter((x) => x.product !== p && x.t >= from && x.t <= to))
                    bad.push(`${e.product} ${e.script} ran during ${p}'s ${down.map((x) => x.script).join(' .. ')}`);
            }
            assert.deepEqual(bad, []);
        });
    });
    describe("flow 2: an admin's restart of the other product's target during the last offline script", () => {
        // depot's own timer may start its gate first, which then runs the upgrade: judge the run that ran the script
        check('the run that ran the offline script fails, naming the database that started, instead of passing', () => {
            const h = lines('history-depot.jsonl');
            const ran = h.find((r) => r.t === 'script-end' && r.script === '1300_offline_v3')?.run;
            assert.ok(ran, 'no run ran 1300_offline_v3');
            const end = h.find((r) => r.t === 'run-end' && r.run === ran);
            assert.equal(end?.result, 'failed', `${JSON.stringify(end)}\n${text('run-2.out')}`);
            assert.match(end?.reason ?? '', /offline phase is not offline: .*stack-db\.service.*found right after 1300_offline_v3/);
        });
        check('portal runs afterwards; the rerun completes the upgrade and every unit runs', () => {
            assert.deepEqual(notUp(snap('after-2'), PORTAL), []);
            const s = snap('after-2b');
            assert.equal(s.products.depot?.data, '3.0-1', outcome(s));
            assert.deepEqual(notUp(s, [DB, ...DEPOT, ...PORTAL]), []);
        });
    });
    describe('flow 3: a failed upgrade of depot does not leave portal down', () => {
        check("depot's offline phase took portal's app, worker and timer down", () => {
            const ev = evidenceBetween('before-3', 'after-3').filter((e) => e.phase === 'offline');
            assert.ok(ev.length > 0, 'no offline script ran');
            assert.deepEqual(ev.flatMap((e) => notDown(e.units, [DB, ...PORTAL])), []);
        });
        check('after the failure: portal and the database run, depot stays behind its gate with a failed marker', () => {
            const s = snap('after-3');
            assert.notEqual(command('run-3').rc, 0);
            assert.deepEqual(notUp(s, [DB, ...PORTAL]), [], outcome(s));
            assert.equal(s.units['depot-app.service'], 'inactive');
            assert.equal(s.products.depot?.marker?.state, 'failed', outcome(s));
        });
        check('the rerun after the fix brings everything up on 4.0', () => {
            const s = snap('after-3b');
            assert.equal(s.products.depot?.data, '4.0-1', outcome(s));
            assert.deepEqual(notUp(s, [DB, ...DEPOT, ...PORTAL]), []);
        });
    });
    describe('flow 4: a backup by hand, then a rollback of depot', () => {
        check('after the backup every unit of both products runs again', () => {
            assert.equal(command('backup-4').rc, 0, text('backup-4.out'));
            assert.deepEqual(notUp(snap('after-4a'), [DB, ...DEPOT, ...PORTAL]), []);
        });
        check("after the rollback portal and the database run; depot's apps wait for the downgrade", () => {
            assert.equal(command('rollback-4').rc, 0, text('rollback-4.out'));
            const s = snap('after-4');
            assert.deepEqual(notUp(s, [DB, ...PORTAL]), [], `${outcome(s)}\n${text('rollback-4.out')}`);
        });
    });
    describe('flow 5: one dnf transaction of both products, their timers firing during it', () => {
        const ranBy = (product, script) => {
            const h = lines(`history-${product}.jsonl`);
            const runs = h.filter((r) => r.t === 'script-end' && r.script === script).map((r) => r.run);
            return runs.map((run) => h.find((r) => r.t === 'run-start' && r.run === run)?.by ?? '?');
        };
        check('dnf exits 0 and ends with the final state of both products', () => {
            const c = command('dnf-5');
            assert.equal(c.rc, 0, text('dnf-5.out'));
            for (const p of ['depot', 'portal'])
                assert.match(text('dnf-5.out'), new RegExp(`${p}: after this transaction: data at 5\\.0-1`), text('dnf-5.out'));
        });
        check('each product was upgraded once, by the bridge, as dnf said, not by a gate inside the transaction', () => {
            assert.deepEqual({ depot: ranBy('depot', '1500_offline_v5'), portal: ranBy('portal', '1500_offline_v5') }, { depot: ['bridge'], portal: ['bridge'] });
        });
        check('every unit of both products runs on 5.0 afterwards', () => {
            const s = snap('after-5');
            assert.deepEqual({ depot: s.products.depot?.data, portal: s.products.portal?.data }, { depot: '5.0-1', portal: '5.0-1' });
            assert.deepEqual(notUp(s, [DB, ...DEPOT, ...PORTAL]), []);
        });
    });
    describe('flow 6: the outage of both apps, the tool against the same sequence by hand (figures only)', () => {
        check('both sequences complete with every unit up; the outages are reported', () => {
            assert.equal(command('run-6').rc, 0, text('run-6.out'));
            assert.equal(snap('after-6').products.depot?.data, '6.0-1');
            assert.equal(snap('after-6b').products.depot?.data, '7.0-1');
            assert.deepEqual(notUp(snap('after-6b'), [DB, ...DEPOT, ...PORTAL]), []);
            const tool = JSON.parse(text('outage-tool.json') || '{}');
            const hand = JSON.parse(text('outage-hand.json') || '{}');
            for (const u of Object.keys(tool))
                console.log(`# outage of ${u}: tool ${tool[u]} ms, by hand ${hand[u]} ms, ratio ${(tool[u] / hand[u]).toFixed(2)}`);
        });
    });
});

// Issue 14: the Ansible collection (contrib/ansible, upgrade_hook.fleet) rolls an upgrade over a fleet, one host
// at a time, and stops at the first failure. Real Ansible (Debian's ansible-core), real ssh, real hosts: three
// booted bookworm containers (container.sh, the cached image plus a cached ssh layer, lib/fleet-layer.sh), each
// with the tool and acme-server 1.0 installed from a local repo and configured (lib/fleet-scenarios.sh), sshd
// inside and reached from here on its own 127.0.0.1 port (container.sh --forward-tcp). A fourth host, outside the
// rollout's groups, gets a plain `dnf upgrade` over ssh: the role's overhead is measured against it in the same run.
// One boot of the hosts serves every case, in order. Results are kept when a test fails (or with
// UPGRADE_HOOK_KEEP_RESULTS=1).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, copyFileSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, writeFileSync, } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { containerSkipReason, dataVersion, ensureImage, newResultsDir, removeDir, repoRoot, stageArtifacts, } from './lib/container.js';
const COLLECTIONS = join(repoRoot, 'contrib/ansible');
const COLLECTION = join(COLLECTIONS, 'ansible_collections/upgrade_hook/fleet');
const LIB = join(repoRoot, 'test/e2e/lib');
const ROLLOUT = ['host1', 'host2', 'host3']; // inventory order: [primary] host1, [replicas] host2 host3
const BENCH = 'bench1';
const FAILING = '3500_site_policy';
function toolSkipReason() {
    for (const tool of ['ansible-playbook', 'ansible', 'ansible-lint', 'ansible-doc', 'ssh', 'ssh-keygen', 'python3']) {
        if (spawnSync('sh', ['-c', `command -v ${tool}`]).status !== 0)
            return `needs ${tool} (scripts/setup.sh installs ansible-core, ansible-lint, openssh-client)`;
    }
    return undefined;
}
const toolSkip = toolSkipReason();
const skip = containerSkipReason() ?? toolSkip;
let work = '';
let stage = '';
let failed = false;
const hosts = new Map();
function sh(cmd, args, what) {
    const r = spawnSync(cmd, args, { encoding: 'utf8', timeout: 600_000 });
    if (r.status !== 0)
        throw new Error(`${what} failed (exit ${r.status}):\n${r.stderr}${r.stdout}`);
    return r.stdout;
}
async function freePorts(n) {
    const ports = [];
    for (let p = 2200; p < 2300 && ports.length < n; p++) {
        const ok = await new Promise((resolve) => {
            const s = createServer();
            s.once('error', () => resolve(false));
            s.listen(p, '127.0.0.1', () => s.close(() => resolve(true)));
        });
        if (ok)
            ports.push(p);
    }
    if (ports.length < n)
        throw new Error('no free 127.0.0.1 ports in 2200-2299');
    return ports;
}
// ---- the hosts
function bootHost(name, port, layer) {
    const results = join(work, name);
    mkdirSync(results, { recursive: true });
    const log = openSync(join(results, 'console.log'), 'w');
    const args = [
        join(LIB, 'container.sh'),
        'run',
        '--lower',
        layer,
        '--upper',
        join(work, `${name}.tree`),
        '--forward-tcp',
        `${port}:22`,
        '--bind-ro',
        `${stage}:/mnt/build`,
        '--bind-ro',
        `${LIB}:/mnt/lib`,
        '--bind',
        `${results}:/mnt/results`,
        '--bind-ro',
        `${join(work, 'fleet')}:/mnt/fleet`,
        '--',
        'bash',
        '-c',
        '. /mnt/lib/fleet-scenarios.sh; fleet_host',
    ];
    // our stdin is the host's lifeline: it serves until we close it (or die)
    const proc = spawn('bash', args, { stdio: ['pipe', log, log] });
    closeSync(log);
    const host = { name, port, results, proc, code: undefined };
    proc.on('exit', (code) => {
        host.code = code;
    });
    return host;
}
async function waitReady(all) {
    const t0 = performance.now();
    for (;;) {
        const dead = all.find((h) => h.code !== undefined);
        if (dead)
            throw new Error(`${dead.name} stopped before it was ready (exit ${dead.code}):\n${readFileSync(join(dead.results, 'console.log'), 'utf8')}`);
        if (all.every((h) => existsSync(join(h.results, 'ready'))))
            return;
        if (performance.now() - t0 > 480_000)
            throw new Error(`hosts not ready after 480 s: ${all.filter((h) => !existsSync(join(h.results, 'ready'))).map((h) => h.name)}`);
        await sleep(500);
    }
}
async function stopHosts() {
    for (const h of hosts.values())
        h.proc.stdin?.end();
    const t0 = performance.now();
    while ([...hosts.values()].some((h) => h.code === undefined) && performance.now() - t0 < 60_000)
        await sleep(200);
    for (const h of hosts.values())
        if (h.code === undefined)
            h.proc.kill('SIGTERM');
    while ([...hosts.values()].some((h) => h.code === undefined) && performance.now() - t0 < 90_000)
        await sleep(200);
}
// ---- talking to them as an admin does
function onHost(name, command) {
    const h = hosts.get(name);
    const r = spawnSync('ssh', [
        '-F',
        '/dev/null',
        '-i',
        join(work, 'id'),
        '-p',
        String(h.port),
        '-o',
        'BatchMode=yes',
        '-o',
        'StrictHostKeyChecking=no',
        '-o',
        'UserKnownHostsFile=/dev/null',
        '-o',
        'LogLevel=ERROR',
        'root@127.0.0.1',
        command,
    ], { encoding: 'utf8', timeout: 300_000 });
    return { code: r.status, out: r.stdout, err: r.stderr };
}
function snapshot(name) {
    const r = onHost(name, 'node /mnt/lib/container-snapshot.cjs');
    assert.equal(r.code, 0, `snapshot of ${name}: ${r.err}`);
    return JSON.parse(r.out);
}
// the times of the upgrade log's lines written since `since`
function upgradeLogTimes(name, since) {
    const r = onHost(name, 'cat /var/log/acme/upgrade.log');
    return r.out
        .split('\n')
        .filter(Boolean)
        .map((l) => {
        try {
            return Date.parse(JSON.parse(l).time);
        }
        catch {
            return NaN;
        }
    })
        .filter((t) => t >= since);
}
function publish(versions) {
    for (const v of versions)
        for (const f of readdirSync(join(stage, `acme/repo-${v}`)).filter((f) => f.endsWith('.rpm'))) {
            copyFileSync(join(stage, `acme/repo-${v}`, f), join(work, 'fleet/repo', f));
        }
    sh('createrepo_c', ['--quiet', join(work, 'fleet/repo')], 'createrepo_c');
}
function ansibleEnv(timingFile) {
    return {
        ...process.env,
        ANSIBLE_CONFIG: join(work, 'ansible.cfg'),
        ANSIBLE_COLLECTIONS_PATH: COLLECTIONS,
        ANSIBLE_NOCOLOR: '1',
        ANSIBLE_FORCE_COLOR: '0',
        FLEET_TIMING_FILE: timingFile,
    };
}
function playbook(label, extra = []) {
    const timingFile = join(work, `${label}.timing.jsonl`);
    const t0 = performance.now();
    const r = spawnSync('ansible-playbook', [
        '-i',
        join(work, 'inventory.ini'),
        'upgrade_hook.fleet.rolling_upgrade',
        '-e',
        `@${join(COLLECTION, 'examples/fleet-vars.yml')}`,
        '-e',
        'upgrade_hook_wait_delay=2',
        ...extra,
    ], { encoding: 'utf8', env: ansibleEnv(timingFile), timeout: 600_000, maxBuffer: 64 << 20 });
    const ms = performance.now() - t0;
    const out = `${r.stdout}${r.stderr}`;
    writeFileSync(join(work, `${label}.out`), out);
    const timing = existsSync(timingFile)
        ? readFileSync(timingFile, 'utf8')
            .split('\n')
            .filter(Boolean)
            .map((l) => JSON.parse(l))
        : [];
    const recap = out.slice(out.lastIndexOf('PLAY RECAP'));
    console.log(`# playbook ${label}: ${(ms / 1000).toFixed(1)} s (exit ${r.status})\n${recap.replace(/^/gm, '#   ')}`);
    return { code: r.status, out, ms, timing };
}
function adhoc(label, pattern, module, args, extra = []) {
    const r = spawnSync('ansible', ['-i', join(work, 'inventory.ini'), pattern, '-m', module, '-a', args, ...extra], {
        encoding: 'utf8',
        env: ansibleEnv(join(work, `${label}.timing.jsonl`)),
        timeout: 300_000,
    });
    writeFileSync(join(work, `${label}.out`), `${r.stdout}${r.stderr}`);
    return { code: r.status, out: `${r.stdout}${r.stderr}` };
}
function recapOf(play, host) {
    const m = play.out.match(new RegExp(`^${host}\\s+: ok=(\\d+)\\s+changed=(\\d+)\\s+unreachable=(\\d+)\\s+failed=(\\d+)`, 'm'));
    return m ? { ok: Number(m[1]), changed: Number(m[2]), unreachable: Number(m[3]), failed: Number(m[4]) } : undefined;
}
// a host's time in the play: its first task's start to its last task's end
function hostSeconds(play, host) {
    const mine = play.timing.filter((t) => t.host === host);
    return mine.length ? Math.max(...mine.map((t) => t.end)) - Math.min(...mine.map((t) => t.start)) : NaN;
}
function taskSeconds(play, host, action) {
    return play.timing
        .filter((t) => t.host === host && t.action.endsWith(action))
        .reduce((s, t) => s + t.end - t.start, 0);
}
// The data is right: the rows kept, the 1.1 column filled, no marker, the app answering the new version.
function assertUpgradedTo(s, version, host) {
    assert.equal(s.package, version, `${host}: package`);
    assert.equal(dataVersion(s.state), version, `${host}: data_version in sysupgrade.state:\n${s.state}`);
    assert.equal(s.marker, null, `${host}: no marker after a successful upgrade: ${JSON.stringify(s.marker)}`);
    assert.equal(s.columns, 'id,body,contact', `${host}: columns`);
    assert.equal(s.rows, '3', `${host}: rows kept`);
    assert.equal(s.units['acme-web.service'], 'active', `${host}: acme-web`);
    assert.equal(s.app.body?.version, version, `${host}: the app answers ${version}`);
    assert.deepEqual(s.app.body?.notes.map((n) => n.contact), ['ops@acme.example', 'ops@acme.example', 'ops@acme.example'], `${host}: contacts filled`);
}
const figures = [];
let rollout;
describe('fleet rollout with Ansible (three booted hosts over ssh)', { skip }, () => {
    before(async () => {
        const t0 = performance.now();
        const image = ensureImage();
        stage = stageArtifacts();
        const layer = sh('bash', [join(LIB, 'fleet-layer.sh')], 'fleet-layer.sh').trim();
        work = newResultsDir('fleet');
        mkdirSync(join(work, 'fleet/repo'), { recursive: true });
        sh('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'upgrade-hook fleet test', '-f', join(work, 'id')], 'ssh-keygen');
        copyFileSync(join(work, 'id.pub'), join(work, 'fleet/id.pub'));
        publish(['1.0', '1.1']); // what the vendor has published when the rollout starts
        const ports = await freePorts(4);
        const names = [...ROLLOUT, BENCH];
        for (const [i, n] of names.entries())
            hosts.set(n, bootHost(n, ports[i], layer));
        const p = (n) => hosts.get(n).port;
        writeFileSync(join(work, 'inventory.ini'), [
            '[primary]',
            `host1 ansible_port=${p('host1')}`,
            '',
            '[replicas]',
            `host2 ansible_port=${p('host2')}`,
            `host3 ansible_port=${p('host3')}`,
            '',
            '[bench]',
            `${BENCH} ansible_port=${p(BENCH)}`,
            '',
            '[all:vars]',
            'ansible_host=127.0.0.1',
            'ansible_user=root',
            `ansible_ssh_private_key_file=${join(work, 'id')}`,
            'ansible_python_interpreter=/usr/bin/python3',
            '',
        ].join('\n'));
        writeFileSync(join(work, 'ansible.cfg'), [
            '[defaults]',
            'host_key_checking = False',
            'retry_files_enabled = False',
            'forks = 5',
            `callback_plugins = ${join(repoRoot, 'test/e2e/fleet/callback_plugins')}`,
            'callbacks_enabled = fleet_timing',
            '',
            '[ssh_connection]',
            'pipelining = True',
            `control_path_dir = ${join(work, 'cp')}`,
            'ssh_args = -F /dev/null -o ControlMaster=auto -o ControlPersist=60s -o UserKnownHostsFile=/dev/null -o StrictHostKeyChecking=no -o LogLevel=ERROR',
            '',
        ].join('\n'));
        await waitReady([...hosts.values()]);
        const ready = [...hosts.values()]
            .map((h) => `${h.name} ${readFileSync(join(h.results, 'ready'), 'utf8').trim()} s`)
            .join(', ');
        console.log(`# fleet hosts up in ${((performance.now() - t0) / 1000).toFixed(1)} s (image ${image.cold ? 'built' : 'reused'}; ready: ${ready})`);
    });
    after(async () => {
        await stopHosts();
        for (const h of hosts.values())
            if (h.code !== 0)
                console.log(`# ${h.name} exit ${h.code}:\n${readFileSync(join(h.results, 'console.log'), 'utf8').replace(/^/gm, '#   ')}`);
        if (figures.length)
            console.log(`# fleet figures:\n${figures.map((f) => `#   ${f}`).join('\n')}`);
        if (stage)
            removeDir(stage);
        if (failed || process.env.UPGRADE_HOOK_KEEP_RESULTS)
            console.log(`# fleet results kept in ${work}`);
        else if (work)
            removeDir(work);
    });
    function fails(fn) {
        try {
            return fn();
        }
        catch (e) {
            failed = true;
            throw e;
        }
    }
    test('1. the role upgrades the three hosts to 1.1 one at a time, in inventory order, and the data is right', () => fails(() => {
        const since = Date.now();
        const play = playbook('1-rollout-1.1');
        rollout = play;
        assert.equal(play.code, 0, play.out.slice(-4000));
        for (const h of ROLLOUT) {
            const r = recapOf(play, h);
            assert.ok(r && r.failed === 0 && r.changed > 0, `${h} in the recap, changed, not failed: ${JSON.stringify(r)}`);
            assertUpgradedTo(snapshot(h), '1.1-1', h);
        }
        assert.equal(recapOf(play, BENCH), undefined, 'a host outside the rollout groups is not touched');
        const spans = ROLLOUT.map((h) => {
            const t = upgradeLogTimes(h, since);
            assert.ok(t.length > 0, `${h} wrote its upgrade log during the rollout`);
            return { host: h, first: Math.min(...t), last: Math.max(...t) };
        });
        for (let i = 1; i < spans.length; i++) {
            assert.ok(spans[i - 1].last < spans[i].first, `${spans[i - 1].host}'s upgrade ended before ${spans[i].host}'s began: ${JSON.stringify(spans.map((s) => ({ ...s, first: new Date(s.first).toISOString(), last: new Date(s.last).toISOString() })))}`);
        }
    }));
    test('the role against a plain `dnf upgrade` over ssh (same upgrade, same run): time per host', () => fails(() => {
        assert.ok(rollout, 'case 1 ran');
        const t0 = performance.now();
        const plain = onHost(BENCH, 'dnf -y upgrade acme-server');
        const plainS = (performance.now() - t0) / 1000;
        assert.equal(plain.code, 0, plain.out + plain.err);
        assertUpgradedTo(snapshot(BENCH), '1.1-1', BENCH);
        const per = ROLLOUT.map((h) => hostSeconds(rollout, h));
        const dnf = ROLLOUT.map((h) => taskSeconds(rollout, h, 'dnf'));
        const mean = per.reduce((a, b) => a + b, 0) / per.length;
        figures.push(`1.0 -> 1.1 with the role, per host: ${ROLLOUT.map((h, i) => `${h} ${per[i].toFixed(1)} s (its dnf task ${dnf[i].toFixed(1)} s)`).join(', ')}; whole play ${(rollout.ms / 1000).toFixed(1)} s`);
        figures.push(`plain \`ssh ${BENCH} dnf -y upgrade acme-server\` (1.0 -> 1.1, the plugin runs the upgrade): ${plainS.toFixed(1)} s`);
        figures.push(`role overhead over the plain dnf upgrade: ${(mean - plainS).toFixed(1)} s per host (${(mean / plainS).toFixed(2)}x)`);
        console.log(`# ${figures.slice(-3).join('\n# ')}`);
    }));
    test('2. a second run changes nothing (changed=0), and the modules report ok, unchanged', () => fails(() => {
        const play = playbook('2-rerun');
        assert.equal(play.code, 0, play.out.slice(-4000));
        for (const h of ROLLOUT) {
            const r = recapOf(play, h);
            assert.ok(r && r.failed === 0 && r.changed === 0, `${h}: changed=0 on the second run: ${JSON.stringify(r)}`);
        }
        figures.push(`second run (nothing to do), whole play: ${(play.ms / 1000).toFixed(1)} s; per host ${ROLLOUT.map((h) => hostSeconds(play, h).toFixed(1)).join(', ')} s`);
        const run = adhoc('2-run-module', 'primary:replicas', 'upgrade_hook.fleet.upgrade_hook_run', 'name=acme');
        assert.equal(run.code, 0, run.out);
        for (const h of ROLLOUT)
            assert.match(run.out, new RegExp(`^${h} \\| SUCCESS`, 'm'), `${h}: upgrade_hook_run is ok, unchanged:\n${run.out}`);
        const status = adhoc('2-status-check', 'host1', 'upgrade_hook.fleet.upgrade_hook_status', 'name=acme', [
            '--check',
        ]);
        assert.equal(status.code, 0, status.out);
        assert.match(status.out, /"state": "up-to-date"/);
        assert.match(status.out, /"data_version": "1.1-1"/);
        const unknown = adhoc('2-status-unknown', 'host1', 'upgrade_hook.fleet.upgrade_hook_status', 'name=nosuch');
        assert.notEqual(unknown.code, 0);
        assert.match(unknown.out, /host1 \| FAILED.*product nosuch/s, unknown.out);
        const notool = adhoc('2-status-notool', 'host1', 'upgrade_hook.fleet.upgrade_hook_status', 'name=acme executable=/usr/local/bin/upgrade-hook');
        assert.notEqual(notool.code, 0);
        assert.match(notool.out, /upgrade-hook is not installed on this host/, notool.out);
    }));
    test('3. a once-script failing on host 2 (1.2) stops the rollout there: host 1 upgraded, host 2 named with the step and the command, host 3 untouched', () => fails(() => {
        const plant = onHost('host2', `install -m 0755 /dev/stdin /etc/acme/upgrade.d/once/${FAILING} <<'SH'
#!/bin/bash
# site policy: upgrades need an approval file
[[ -f /etc/acme/upgrade-approved ]] || { echo "site policy: /etc/acme/upgrade-approved is missing" >&2; exit 3; }
echo "site policy: approved"
SH`);
        assert.equal(plant.code, 0, plant.err);
        publish(['1.2']);
        const since = Date.now();
        const play = playbook('3-rollout-1.2-fails');
        assert.notEqual(play.code, 0, 'the playbook fails');
        const fatal = play.out
            .split('\n')
            .filter((l) => /^fatal: \[host2\]/.test(l))
            .join('\n');
        assert.ok(fatal, `a fatal line names host2:\n${play.out.slice(-4000)}`);
        assert.match(fatal, new RegExp(FAILING), 'it names the failed step');
        assert.match(fatal, /upgrade-hook run acme/, 'it names the command to run');
        assert.match(fatal, /\/var\/log\/acme\/upgrade\.log/, 'it names the log');
        assert.match(fatal, /upgrade-approved is missing/, "it shows the step's last output");
        assert.ok(recapOf(play, 'host1')?.changed, 'host1 was upgraded');
        assert.equal(recapOf(play, 'host2')?.failed, 1);
        assert.equal(play.timing.filter((t) => t.host === 'host3').length, 0, 'no task ran on host3');
        assertUpgradedTo(snapshot('host1'), '1.2-1', 'host1');
        const h2 = snapshot('host2');
        assert.equal(h2.package, '1.2-1');
        assert.equal(dataVersion(h2.state), '1.1-1');
        assert.equal(h2.status?.state, 'failed');
        assert.equal(h2.status?.marker?.script, FAILING);
        const h3 = snapshot('host3');
        assert.equal(h3.package, '1.1-1', 'host3 still has 1.1');
        assert.equal(dataVersion(h3.state), '1.1-1');
        assert.equal(h3.marker, null);
        assert.equal(h3.units['acme-web.service'], 'active', 'host3 services up');
        assert.equal(h3.app.body?.version, '1.1-1', 'host3 app answers');
        assert.deepEqual(upgradeLogTimes('host3', since), [], 'host3 upgrade log untouched');
    }));
    test("3b. before the fix: a rerun stops at host 2's pre-check (host 3 still untouched), upgrade_hook_run fails naming step, output, log, command", () => fails(() => {
        const play = playbook('3b-rerun-unfixed');
        assert.notEqual(play.code, 0);
        const fatal = play.out
            .split('\n')
            .filter((l) => /^fatal: \[host2\]/.test(l))
            .join('\n');
        assert.match(fatal, /pre-check refused/, play.out.slice(-3000));
        assert.match(fatal, new RegExp(FAILING));
        assert.match(fatal, /upgrade_hook_force=true/);
        assert.equal(recapOf(play, 'host1')?.changed, 0, 'host1 done: a no-op');
        assert.equal(play.timing.filter((t) => t.host === 'host2' && t.action.endsWith('dnf')).length, 0, 'nothing installed on host2');
        assert.equal(play.timing.filter((t) => t.host === 'host3').length, 0, 'no task ran on host3');
        // the run module on its own, before the fix: it retries, fails, and says what, where and what next
        const run = adhoc('3b-run-module', 'host2', 'upgrade_hook.fleet.upgrade_hook_run', 'name=acme');
        assert.notEqual(run.code, 0);
        assert.match(run.out, /^host2 \| FAILED/m, run.out);
        assert.match(run.out, new RegExp(`failed at step ${FAILING}`));
        assert.match(run.out, /upgrade-approved is missing/, 'the last lines of its output');
        assert.match(run.out, /Log: \/var\/log\/acme\/upgrade\.log/);
        assert.match(run.out, /`upgrade-hook run acme`/);
    }));
    test('4. after the fix on host 2, rerunning the playbook completes hosts 2 and 3', () => fails(() => {
        assert.equal(onHost('host2', 'touch /etc/acme/upgrade-approved').code, 0);
        const play = playbook('4-resume', ['-e', 'upgrade_hook_force=true']);
        assert.equal(play.code, 0, play.out.slice(-4000));
        assert.equal(recapOf(play, 'host1')?.changed, 0, 'host1 done: a no-op');
        for (const h of ['host2', 'host3']) {
            const r = recapOf(play, h);
            assert.ok(r && r.failed === 0 && r.changed > 0, `${h}: ${JSON.stringify(r)}`);
            const s = snapshot(h);
            assertUpgradedTo(s, '1.2-1', h);
            assert.match(s.indexes ?? '', /notes_contact_idx/, `${h}: 1.2's once-script created the index`);
        }
        const ends = snapshot('host2')
            .history.filter((r) => r.t === 'run-end')
            .map((r) => `${r.result}${r.failed ? ` ${r.failed}` : ''}`);
        assert.equal(ends[0], 'ok', `host2's history: 1.1 ok: ${ends}`);
        assert.ok(ends.slice(1, -1).length > 0 && ends.slice(1, -1).every((e) => e === `failed ${FAILING}`), `then 1.2 failed at the planted step: ${ends}`);
        assert.equal(ends.at(-1), 'ok', `then resumed ok: ${ends}`);
        figures.push(`resume (host2 resumed by upgrade_hook_run, host3 1.1 -> 1.2): per host ${['host2', 'host3'].map((h) => `${h} ${hostSeconds(play, h).toFixed(1)} s`).join(', ')}`);
    }));
});
describe('the upgrade_hook.fleet collection itself', { skip: toolSkip }, () => {
    test("ansible-lint (Debian's) is clean on the collection", () => {
        const r = spawnSync('ansible-lint', ['--offline', '--nocolor'], {
            cwd: COLLECTION,
            encoding: 'utf8',
            timeout: 300_000,
            env: { ...process.env, ANSIBLE_COLLECTIONS_PATH: COLLECTIONS, NO_COLOR: '1' },
        });
        assert.equal(r.status, 0, `${r.stdout}${r.stderr}`);
        assert.match(`${r.stdout}${r.stderr}`, /Passed with production profile: 0 failure\(s\), 0 warning\(s\)/);
    });
    test('ansible-doc renders both modules and the role', () => {
        const env = { ...process.env, ANSIBLE_COLLECTIONS_PATH: COLLECTIONS, ANSIBLE_NOCOLOR: '1' };
        for (const m of ['upgrade_hook.fleet.upgrade_hook_status', 'upgrade_hook.fleet.upgrade_hook_run']) {
            const r = spawnSync('ansible-doc', [m], { encoding: 'utf8', env });
            assert.equal(r.status, 0, `${m}: ${r.stderr}`);
            assert.match(r.stdout, /EXAMPLES/);
            assert.match(r.stdout, /RETURN VALUES/);
            assert.doesNotMatch(r.stderr, /ERROR|WARNING/, r.stderr);
        }
        const role = spawnSync('ansible-doc', ['-t', 'role', 'upgrade_hook.fleet.rolling_upgrade'], {
            encoding: 'utf8',
            env,
        });
        assert.equal(role.status, 0, role.stderr);
        assert.match(role.stdout, /upgrade_hook_force/);
    });
});

// Issue 5's systemd scenarios: the acme demo product upgraded by real dnf/rpm in a booted systemd container
// (Debian bookworm under systemd-nspawn, see lib/container.sh), with real PostgreSQL and the app answering.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { containerSkipReason, dataVersion, ensureImage, exitCode, newResultsDir, readResult, readSnapshot, removeDir, runScenario, stageArtifacts, } from './lib/container.js';
const skip = containerSkipReason();
let stage = '';
let imageNote = '';
const dirs = [];
function scenario(label, results, run) {
    const seconds = (run.ms / 1000).toFixed(1);
    console.log(`# ${label}: ${seconds} s (image ${imageNote})\n${run.story.replace(/^/gm, '#   ')}`);
    assert.equal(run.code, 0, `${label}: container run failed (exit ${run.code}); results kept in ${results}\n${run.stderr}`);
}
function results(label) {
    const dir = newResultsDir(label);
    dirs.push(dir);
    return dir;
}
// The data is right: the rows kept, the 1.1 column present and filled from the stored answer, the app answering.
function assertUpgradedTo(s, version, o = { unit: true }) {
    assert.equal(s.package, version);
    assert.equal(dataVersion(s.state), version, `data_version in sysupgrade.state:\n${s.state}`);
    assert.equal(s.marker, null, `no marker after a successful upgrade: ${JSON.stringify(s.marker)}`);
    assert.equal(s.columns, 'id,body,contact');
    assert.equal(s.rows, '3');
    if (o.unit)
        assert.equal(s.units['acme-web.service'], 'active');
    assert.equal(s.app.code, 0, 'the app answers');
    assert.equal(s.app.body?.version, version);
    assert.deepEqual(s.app.body?.notes.map((n) => n.contact), ['ops@acme.example', 'ops@acme.example', 'ops@acme.example']);
}
describe('systemd scenarios (booted bookworm container)', { skip }, () => {
    before(() => {
        const image = ensureImage();
        imageNote = `${image.cold ? 'cold, built' : 'warm, reused'} in ${(image.ms / 1000).toFixed(1)} s`;
        stage = stageArtifacts();
    });
    after(() => {
        if (stage)
            removeDir(stage);
        if (!process.env.UPGRADE_HOOK_KEEP_RESULTS)
            for (const d of dirs)
                removeDir(d);
    });
    test('1. dnf upgrade with the dnf4 plugin: %posttrans defers to the bridge, the plugin runs it after the transaction', () => {
        const r = results('s1');
        scenario('scenario 1 (dnf + bridge, 1.0 -> 1.1 -> 1.2)', r, runScenario('run', 'scenario_dnf_bridge', stage, r));
        const before = readSnapshot(r, 'before');
        assert.equal(dataVersion(before.state), '1.0-1');
        assert.equal(before.columns, 'id,body');
        assert.equal(before.app.body?.version, '1.0-1');
        assert.equal(exitCode(r, 'dnf-1.1'), 0);
        assert.match(readResult(r, 'dnf.rpm.log'), /bridge/i, '%posttrans said it left the upgrade to the dnf bridge');
        const mid = readSnapshot(r, 'after-1.1');
        assertUpgradedTo(mid, '1.1-1');
        assert.ok(mid.backups.includes('acme.ini.1.0-1'), `offline script backed up the config: ${mid.backups}`);
        assert.equal(exitCode(r, 'dnf-1.2'), 0);
        const end = readSnapshot(r, 'after-1.2');
        assertUpgradedTo(end, '1.2-1');
        assert.match(end.indexes ?? '', /notes_contact_idx/, '1.2 once-script created the index');
        assert.equal(end.maintenance, false, 'the cleanup script ended maintenance');
        assert.deepEqual(end.features, ['contact-search']);
        assert.deepEqual(end.app.body?.features, ['contact-search'], 'acme-web was restarted after 6200 asked for it');
        const log = readResult(r, 'upgrade.log');
        for (const script of ['0500_maintenance_on', '3900_analyze', '3200_index_contact', '0500_maintenance_off']) {
            assert.ok(log.includes(script), `${script} ran (upgrade.log)`);
        }
    });
    test('2. rpm -U without dnf: the upgrade runs inside %posttrans (systemd is PID 1)', () => {
        const r = results('s2');
        scenario('scenario 2 (rpm -U, 1.0 -> 1.1)', r, runScenario('run', 'scenario_rpm_posttrans', stage, r));
        assert.equal(exitCode(r, 'rpm-1.1'), 0);
        assert.doesNotMatch(readResult(r, 'rpm-1.1.out'), /defer/i, 'posttrans ran the upgrade, it did not defer it');
        assertUpgradedTo(readSnapshot(r, 'after-1.1'), '1.1-1');
    });
    test('3. image build: deferred in the chroot, run by the gate unit at the first boot before acme-web starts', () => {
        const r = results('s3');
        const upper = results('s3-tree');
        const t0 = performance.now();
        scenario('scenario 3a (base image, booted)', r, runScenario('run', 'scenario_image_base', stage, r, upper));
        scenario('scenario 3b (image build, chroot)', r, runScenario('chroot', 'scenario_image_build', stage, r, upper));
        const noSystemd = results('s3-nosystemd-tree');
        // cp -a keeps overlayfs whiteouts (char devices) and xattrs of the upper dir
        assert.equal(spawnSync('cp', ['-a', `${upper}/.`, noSystemd]).status, 0);
        scenario('scenario 3c (first boot)', r, runScenario('run', 'scenario_image_boot', stage, r, upper));
        console.log(`# scenario 3 total: ${((performance.now() - t0) / 1000).toFixed(1)} s`);
        assert.equal(exitCode(r, 'build-dnf'), 0);
        const marker = JSON.parse(readResult(r, 'build-marker.json'));
        assert.equal(marker?.state, 'deferred', 'the chroot upgrade left a deferred marker');
        assert.equal(dataVersion(readResult(r, 'build-state.txt')), '1.0-1', 'nothing ran in the chroot');
        assert.doesNotMatch(readResult(r, 'build-history.jsonl'), /3100_add_contact_column/, 'no script ran in the chroot');
        assert.equal(readResult(r, 'build-backups.txt').trim(), '');
        const boot = readSnapshot(r, 'first-boot');
        assertUpgradedTo(boot, '1.1-1');
        assert.match(readResult(r, 'gate-journal.txt'), /acme/);
        assert.doesNotMatch(readResult(r, 'web-journal.txt'), /does not fit this build/, 'acme-web never started on old data');
        // this boot: the gate ran the backend script before acme-web's only start (from inside the gate's unit)
        const journal = readResult(r, 'boot-journal.txt');
        const schemaChanged = journal.indexOf('once/3100_add_contact_column');
        const webListening = journal.indexOf('acme-web 1.1-1 listening');
        assert.ok(schemaChanged >= 0 && webListening > schemaChanged, `acme-web started after the schema change:\n${journal}`);
        assert.equal(journal.split('listening on').length - 1, 1, 'acme-web started once this boot');
        // the same built tree on a host without systemd: the admin's start/stop override and a manual run
        scenario('scenario 3d (no systemd, manual run)', r, runScenario('chroot', 'scenario_nosystemd_run', stage, r, noSystemd));
        assert.equal(exitCode(r, 'nosystemd-run'), 0);
        assertUpgradedTo(readSnapshot(r, 'nosystemd'), '1.1-1', { unit: false });
    });
    test('4. a failing once-script: dnf exits 0, acme-web refuses old data, a rerun resumes at the failed step', () => {
        const r = results('s4');
        scenario('scenario 4 (failure and resume)', r, runScenario('run', 'scenario_failure', stage, r));
        assert.equal(exitCode(r, 'dnf-1.1'), 0, 'a failed upgrade does not fail dnf');
        const failed = readSnapshot(r, 'after-failure');
        assert.equal(failed.marker?.state, 'failed');
        assert.equal(dataVersion(failed.state), '1.0-1');
        const started = readSnapshot(r, 'after-start');
        assert.notEqual(exitCode(r, 'start-web'), 0, 'starting acme-web fails while the upgrade is failed');
        assert.notEqual(started.units['acme-web.service'], 'active');
        const gate = readResult(r, 'gate-journal.txt');
        assert.match(gate, /3500_site_policy/, `the journal names the failed script:\n${gate}`);
        assert.match(gate, /upgrade-hook run acme/, 'the journal says what to run');
        assert.equal(exitCode(r, 'rerun'), 0);
        assertUpgradedTo(readSnapshot(r, 'final'), '1.1-1');
        const history = readResult(r, 'history.jsonl');
        const records = history
            .split('\n')
            .filter(Boolean)
            .map((l) => JSON.parse(l));
        const startsOf = (script) => records.filter((rec) => rec.t === 'script-start' && rec.script === script).length;
        assert.equal(startsOf('3100_add_contact_column'), 1, `the rerun did not repeat the finished script:\n${history}`);
        assert.equal(startsOf('3500_site_policy'), 2, 'the failed script ran in dnf and in the rerun; the start in between refused at once, without running it again');
    });
    test('5. downgrade and platform change are refused at start with their reason', () => {
        const r = results('s5');
        scenario('scenario 5 (refusals)', r, runScenario('run', 'scenario_refusals', stage, r));
        assertUpgradedTo(readSnapshot(r, 'fresh'), '1.1-1');
        // dnf: preflight vetoes the older build before anything is installed
        assert.equal(exitCode(r, 'downgrade-dnf'), 1);
        assert.match(readResult(r, 'downgrade-dnf.out'), /inhibitor \[downgrade\]: the new build 1\.0-1 is older than the data/);
        assert.equal(readSnapshot(r, 'after-dnf-downgrade').package, '1.1-1');
        // rpm alone installs it: the start refuses
        assert.equal(exitCode(r, 'downgrade'), 0);
        assert.equal(readSnapshot(r, 'after-downgrade').marker?.state, 'refused');
        assert.equal(exitCode(r, 'check-downgrade'), 3);
        assert.notEqual(exitCode(r, 'gate-downgrade'), 0);
        assert.notEqual(readSnapshot(r, 'downgrade-start').units['acme-web.service'], 'active', 'old code does not start on newer data');
        assert.match(readResult(r, 'gate-journal-downgrade.txt'), /1\.1-1/, 'the journal names the newer data version');
        assert.equal(exitCode(r, 'check-platform'), 3);
        assert.notEqual(exitCode(r, 'restart-platform'), 0);
        assert.match(readResult(r, 'gate-journal-platform.txt'), /el9/, 'the journal names the stored platform');
    });
});

// Issue 12's recovery commands from the installed RPM in a booted systemd container (Debian bookworm under
// systemd-nspawn, lib/container.sh), one boot for all (lib/recovery-scenarios.sh): a dnf upgrade of acme
// fails at a step the admin added; `history` tells it, `run --only` reruns the step by hand, `resolve`
// marks it done and the next start of acme-web finishes the upgrade through the gate.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { containerSkipReason, dataVersion, ensureImage, exitCode, newResultsDir, readResult, readSnapshot, removeDir, runScenario, stageArtifacts, } from './lib/container.js';
const skip = containerSkipReason();
let stage = '';
let r = '';
describe('recovery commands (booted bookworm container, installed RPM)', { skip }, () => {
    before(() => {
        const image = ensureImage();
        stage = stageArtifacts();
        r = newResultsDir('recovery');
        const run = runScenario('run', '. /mnt/lib/recovery-scenarios.sh; scenario_recovery', stage, r);
        console.log(`# recovery scenario: ${(run.ms / 1000).toFixed(1)} s (image ${image.cold ? 'cold' : 'warm'})\n${run.story.replace(/^/gm, '#   ')}`);
        assert.equal(run.code, 0, `container run failed (exit ${run.code}); results in ${r}\n${run.stderr}`);
    });
    after(() => {
        if (stage)
            removeDir(stage);
        if (r && !process.env.UPGRADE_HOOK_KEEP_RESULTS)
            removeDir(r);
    });
    test("the setup: dnf upgrade to 1.1 fails at the admin's 0600_site_check, data stays 1.0-1", () => {
        const s = readSnapshot(r, 'after-failure');
        assert.equal(s.package, '1.1-1');
        assert.equal(dataVersion(s.state), '1.0-1');
        assert.equal(s.marker?.state, 'failed');
        assert.match(s.marker?.detail ?? '', /0600_site_check/);
    });
    test('history (item 4): the bridge run that failed, its steps with durations and exit statuses; status points to it', () => {
        assert.equal(exitCode(r, 'history-list'), 0);
        assert.match(readResult(r, 'history-list.out'), /1\.0-1 -> 1\.1-1 +bridge +failed at 0600_site_check/);
        const last = readResult(r, 'history-last.out');
        assert.match(last, /Started by +: bridge/);
        assert.match(last, /offline +once\/0600_site_check +\d+ ms +failed: exited with status 1/);
        const j = JSON.parse(readResult(r, 'history-json.out'));
        assert.ok(j.runs.some((x) => x.by === 'bridge' && x.result === 'failed' && x.script === '0600_site_check'), JSON.stringify(j.runs));
        assert.match(readResult(r, 'status-failed.out'), /History: upgrade-hook history acme/);
    });
    test('run --only (item 1): by hand, loudly; fails until fixed, then ok; never stamps, the marker stays', () => {
        assert.equal(exitCode(r, 'only-fails'), 1);
        assert.match(readResult(r, 'only-fails.out'), /THIS IS NOT AN UPGRADE/);
        assert.match(readResult(r, 'only-fails.out'), /0600_site_check exited with status 1 \(run by hand; nothing else changed\)/);
        assert.equal(exitCode(r, 'only-unknown'), 2);
        assert.match(readResult(r, 'only-unknown.out'), /no step "0600_site_chek"; close matches: once\/0600_site_check/);
        assert.equal(exitCode(r, 'only-ok'), 0);
        assert.match(readResult(r, 'only-ok.out'), /RUNNING 1 STEP\(S\) OF ACME BY HAND: once\/0600_site_check \(offline\)/);
        const s = readSnapshot(r, 'after-only');
        assert.equal(dataVersion(s.state), '1.0-1', 'not stamped');
        assert.equal(s.marker?.state, 'failed', 'the marker stays');
        assert.notEqual(s.units['acme-web.service'], 'active', 'an upgrade is pending: the app is not started by it');
        const only = JSON.parse(readResult(r, 'only-last.out'));
        assert.equal(only.run.by, 'only');
        assert.deepEqual(only.steps.map((x) => [x.step, x.result]), [['0600_site_check', 'ok']]);
        assert.match(readResult(r, 'upgrade.log'), /steps run by hand \(run --only\), not an upgrade/);
    });
    test('resolve (item 3): the start is refused until resolve; then the next start finishes the upgrade', () => {
        assert.notEqual(exitCode(r, 'start-refused'), 0, 'the gate refuses a standing failure');
        assert.equal(exitCode(r, 'resolve-other'), 2);
        assert.match(readResult(r, 'resolve-other.out'), /refusing to mark once\/1000_backup_config done: the step that failed is 0600_site_check/);
        assert.equal(exitCode(r, 'resolve'), 0, readResult(r, 'resolve.out'));
        const st = JSON.parse(readResult(r, 'status-resolved.out'));
        assert.equal(st.state, 'deferred');
        assert.equal(st.marker.reason, 'resolved');
        assert.equal(exitCode(r, 'start'), 0);
        const s = readSnapshot(r, 'after-resolve');
        assert.equal(dataVersion(s.state), '1.1-1');
        assert.equal(s.marker, null);
        assert.equal(s.columns, 'id,body,contact');
        assert.equal(s.app.body?.version, '1.1-1');
        const rec = s.history.find((x) => x.t === 'resolve');
        assert.equal(rec?.reason, 'orphan rows removed by hand, ticket 4711');
        assert.equal(rec?.user, 'root');
        const ran = s.history.filter((x) => x.t === 'script-end' && x.script === '0600_site_check').length;
        assert.equal(ran, 3, 'the step ran in the failed upgrade and twice by hand, never after resolve');
        const final = readResult(r, 'history-final.out');
        assert.match(final, /resolve \(root\) +resolved once\/0600_site_check/);
        assert.match(final, /gate +(ok|handed-over)/);
    });
});

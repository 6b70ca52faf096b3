// Issue 13 in a booted container: acme 1.1 -> 1.2 with a failing step (real dnf, the dnf bridge, real
// PostgreSQL), `upgrade-hook rollback`, the dnf downgrade it prints, acme 1.1 serving its 1.1 data, then a
// fixed 1.2 upgrading cleanly. Prints what the backup added to the upgrade's downtime.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { containerSkipReason, dataVersion, ensureImage, exitCode, newResultsDir, readResult, readSnapshot, removeDir, runScenario, stageArtifacts, } from './lib/container.js';
const skip = containerSkipReason();
let stage = '';
const dirs = [];
const manifests = (text) => JSON.parse(text);
describe('backup and rollback (booted bookworm container)', { skip }, () => {
    before(() => {
        ensureImage();
        stage = stageArtifacts();
    });
    after(() => {
        if (stage)
            removeDir(stage);
        if (!process.env.UPGRADE_HOOK_KEEP_RESULTS)
            for (const d of dirs)
                removeDir(d);
    });
    test('failed 1.2 upgrade, rollback, dnf downgrade, 1.1 serves its data, fixed 1.2 upgrades', () => {
        const r = newResultsDir('backup');
        dirs.push(r);
        const run = runScenario('run', '. /mnt/lib/backup-scenario.sh; scenario_backup_rollback', stage, r);
        console.log(`# backup scenario: ${(run.ms / 1000).toFixed(1)} s\n${run.story.replace(/^/gm, '#   ')}`);
        assert.equal(run.code, 0, `container run failed (exit ${run.code}); results in ${r}\n${run.stderr}`);
        const before = readSnapshot(r, 'before');
        assert.equal(before.package, '1.1-1');
        assert.equal(before.columns, 'id,body,contact');
        assert.equal(before.rows, '3');
        assert.match(readResult(r, 'plan-1.1.out'), /backup: would be taken before an upgrade that runs scripts .*about [\d.]+ MiB into \/var\/lib\/upgrade-hook\/acme\/backups/);
        assert.equal(exitCode(r, 'dnf-1.2'), 0, 'dnf itself succeeds; the bridge reports the failure');
        const failed = readSnapshot(r, 'after-failure');
        assert.equal(failed.marker?.state, 'failed');
        assert.equal(failed.rows, '2', 'the broken step deleted a row');
        assert.match(failed.indexes ?? '', /notes_contact_idx/, '1.2 created its index before the broken step');
        const [b] = manifests(readResult(r, 'backups-after-failure.json'));
        assert.equal(b?.dataVersion, '1.1-1');
        assert.equal(b?.upgradeTo, '1.2-1');
        assert.equal(exitCode(r, 'rollback'), 0, readResult(r, 'rollback.out'));
        assert.match(readResult(r, 'rollback.out'), /now downgrade the packages: dnf downgrade acme-server-1\.1-1/);
        const rolled = readSnapshot(r, 'after-rollback');
        assert.equal(rolled.package, '1.2-1');
        assert.equal(dataVersion(rolled.state), '1.1-1');
        assert.equal(rolled.marker?.reason, 'rolled-back');
        assert.equal(rolled.units['acme-web.service'], 'inactive');
        assert.equal(exitCode(r, 'check-after-rollback'), 3);
        assert.notEqual(exitCode(r, 'start-refused'), 0, 'the gate refuses 1.2 on the restored 1.1 data');
        assert.match(readResult(r, 'gate-journal-refused.txt'), /downgrade the packages: dnf downgrade acme-server-1\.1-1/);
        assert.equal(exitCode(r, 'downgrade'), 0, readResult(r, 'downgrade.out'));
        assert.equal(exitCode(r, 'start-web'), 0, readResult(r, 'start-web.out'));
        const back = readSnapshot(r, 'after-downgrade');
        assert.equal(back.package, '1.1-1');
        assert.equal(dataVersion(back.state), '1.1-1');
        assert.equal(back.marker, null, 'the gate cleared the rollback marker');
        assert.equal(back.columns, before.columns, 'the 1.1 schema');
        assert.equal(back.rows, '3', 'the deleted row is back');
        assert.equal(back.indexes, before.indexes, 'no 1.2 index');
        assert.equal(back.app.code, 0);
        assert.equal(back.app.body?.version, '1.1-1');
        assert.deepEqual(back.app.body?.notes, before.app.body?.notes, 'the app serves the 1.1 data as before');
        // the same build again, unwaived: preflight keeps it out before anything is installed (issue 23)
        assert.equal(exitCode(r, 'dnf-1.2-vetoed'), 1);
        assert.match(readResult(r, 'dnf-1.2-vetoed.out'), /inhibitor \[rolled-back\]: build 1\.2-1 was rolled back/);
        assert.equal(exitCode(r, 'dnf-1.2-fixed'), 0);
        const fixed = readSnapshot(r, 'after-fixed');
        assert.equal(fixed.package, '1.2-1');
        assert.equal(dataVersion(fixed.state), '1.2-1');
        assert.equal(fixed.marker, null);
        assert.equal(fixed.rows, '3');
        assert.match(fixed.indexes ?? '', /notes_contact_idx/);
        assert.equal(fixed.app.body?.version, '1.2-1');
        assert.equal(readResult(r, 'set-aside-left.txt').trim(), '', 'the data set aside by the rollback went with the successful upgrade');
        const all = manifests(readResult(r, 'backups-final.json'));
        assert.equal(all.length, 2, 'keep = 2');
        const last = all.at(-1);
        const added = (last.copyMs + last.syncMs) / 1000;
        const figure = `backup added to acme's upgrade downtime: ${added.toFixed(2)} s (copy ${(last.copyMs / 1000).toFixed(2)} s + sync ${(last.syncMs / 1000).toFixed(2)} s of ${(last.sizeBytes / 1048576).toFixed(1)} MiB: PostgreSQL cluster, /var/lib/acme, /etc/acme)`;
        console.log(`# ${figure}`);
        console.log(`# data sizes:\n${readResult(r, 'data-size.txt').replace(/^/gm, '#   ')}`);
    });
});

// Issue 12 items 2 and 5 from the installed RPMs in a booted systemd container (one boot): an admin's
// checks make the gate upgrade at equal versions and refuse a start that needs a manual fix; a packager
// lints the installed product and builds acme's spec, whose %check fails on a planted mistake.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { containerSkipReason, ensureImage, newResultsDir, readSnapshot, removeDir, repoRoot, stageArtifacts, } from './lib/container.js';
const skip = containerSkipReason();
let stage = '';
let results = '';
let story = '';
const out = (name) => existsSync(join(results, `${name}.out`)) ? readFileSync(join(results, `${name}.out`), 'utf8') : '';
const rc = (name) => Number(readFileSync(join(results, `${name}.rc`), 'utf8').trim());
describe('checks and lint (booted bookworm container, installed RPMs)', { skip }, () => {
    before(() => {
        const image = ensureImage();
        stage = stageArtifacts();
        cpSync(join(repoRoot, 'examples/acme'), join(stage, 'acme-src'), { recursive: true });
        results = newResultsDir('checks-lint');
        const args = [
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
            '. /mnt/lib/checks-lint-scenarios.sh; scenario_checks_lint',
        ];
        const t0 = performance.now();
        const r = spawnSync('bash', args, { encoding: 'utf8', timeout: 900_000, killSignal: 'SIGTERM' });
        story = r.stdout;
        console.log(`# checks-lint: ${((performance.now() - t0) / 1000).toFixed(1)} s (image ${image.cold ? 'cold' : 'warm'})\n${story.replace(/^/gm, '#   ')}`);
        assert.equal(r.status, 0, `container run failed (exit ${r.status}); results in ${results}\n${r.stderr}`);
    });
    after(() => {
        if (stage)
            removeDir(stage);
        if (results && !process.env.UPGRADE_HOOK_KEEP_RESULTS)
            removeDir(results);
    });
    test('item 2: "needs upgrade" makes the gate upgrade at equal versions; the app starts; the check then passes', () => {
        assert.equal(rc('check-needs'), 4, out('check-needs'));
        assert.match(out('check-needs'), /acme: upgrade needed: check search-index: search index has format 1; the upgrade rebuilds it/);
        assert.match(out('status-needs'), /Check: search-index: needs-upgrade/);
        assert.equal(rc('start-needs'), 0, out('start-needs'));
        assert.equal(readFileSync(join(results, 'index-rebuilt'), 'utf8').trim(), 'yes', 'the always-script ran');
        assert.equal(rc('check-after'), 0, out('check-after'));
        const s = readSnapshot(results, 'after-needs');
        assert.equal(s.units['acme-web.service'], 'active');
        assert.equal(s.marker, null);
    });
    test('item 2: "needs a manual fix" refuses the start with the check\'s message; after the fix it starts', () => {
        assert.notEqual(rc('start-expired'), 0, 'systemctl reports the refused start');
        const s = readSnapshot(results, 'after-expired');
        assert.notEqual(s.units['acme-web.service'], 'active', 'acme-web did not start on a setup that needs a fix');
        assert.equal(s.marker, null, 'no marker: the check decides');
        assert.match(readFileSync(join(results, 'gate-journal-expired.txt'), 'utf8'), /not starting: needs a manual fix: check certs: CA certificate \/etc\/acme\/ca\.pem expired: renew it with acme-ca renew/);
        assert.equal(rc('check-expired'), 3);
        const st = JSON.parse(out('status-expired'));
        assert.equal(st.state, 'refused');
        assert.deepEqual(st.checks.map((c) => `${c.name}:${c.verdict}`), ['certs:manual-fix', 'search-index:ok']);
        assert.equal(rc('start-fixed'), 0, out('start-fixed'));
        assert.equal(readSnapshot(results, 'after-fixed').units['acme-web.service'], 'active');
    });
    test("item 5: lint passes on the installed product; acme's spec builds with %upgrade_hook_check and fails on a planted mistake, naming the file", () => {
        assert.equal(rc('lint-installed'), 0, out('lint-installed'));
        assert.match(out('lint-installed'), /acme: lint of \/: 0 error\(s\)/);
        assert.equal(rc('rpmbuild-clean'), 0, out('rpmbuild-clean'));
        assert.match(readFileSync(join(results, 'rpms-clean.txt'), 'utf8'), /acme-server-1\.2-1\.noarch\.rpm/);
        assert.match(out('rpmbuild-clean'), /upgrade-hook lint --root .* acme postgresql@15-main\.service/, 'the %check ran the installed tool');
        assert.notEqual(rc('rpmbuild-planted'), 0);
        assert.match(out('rpmbuild-planted'), /error: \/usr\/share\/acme\/upgrade\.d\/once\/3200_index_contact: is not executable: chmod 0755 it/);
        assert.match(out('rpmbuild-planted'), /Bad exit status from .* \(%check\)/);
        assert.equal(readFileSync(join(results, 'rpms-planted.txt'), 'utf8').trim(), '', 'no package was written');
    });
});

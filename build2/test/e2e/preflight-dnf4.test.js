// Issue 23: the new build vetoes the dnf transaction before anything is installed. Real dnf4 with
// upgrade-hook's plugin in a booted systemd sandbox: the plugin extracts each product package of the
// transaction and runs `upgrade-hook preflight --new-root`; an inhibitor aborts the transaction. After each
// veto dnf exits non-zero showing the finding and its remediation, and the installed packages, the data and
// `dnf history` are exactly as before. A waiver lets it through and the upgrade's history records it.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync } from 'node:fs';
import { join } from 'node:path';
import { buildHello, buildPackages, inSandbox, newResultsDir, newWorkDir, readResult, removeDir, run, sandboxSkipReason, } from './lib/sandbox-rpms.js';
import { assertPreflightScenario, preflightScript } from './lib/preflight-scenario.js';
const skip = sandboxSkipReason(['dnf']);
let work = '';
let pkgs;
before(() => {
    if (skip)
        return;
    work = newWorkDir('preflight');
    pkgs = buildPackages(work);
    // hello-server 1.2 declares min_data_version = 1.1-1 (a required stop); only this test's repository has it
    cpSync(buildHello(work, '1.2'), join(pkgs.repo, 'hello-server-1.2-1.noarch.rpm'));
    run('createrepo_c', ['-q', pkgs.repo], 'createrepo_c');
});
after(() => {
    if (work)
        removeDir(work);
});
const DNF4 = {
    dnf: `dnf -y --releasever=12 --setopt=reposdir=/dev/null --repofrompath=t,/repo --nogpgcheck --disableplugin='*' --enableplugin=upgrade_hook`,
    history: 'dnf history list',
    tools: 'upgrade-hook python3-dnf-plugin-upgrade-hook',
};
test('dnf4: each inhibitor vetoes the transaction; nothing is installed, changed or recorded; a waiver lets it in', {
    skip,
}, () => {
    const results = newResultsDir(work, 'vetoes');
    const r = inSandbox(preflightScript(DNF4), { results, repo: pkgs.repo, container: true, timeoutSec: 420 });
    const show = (n) => readResult(results, n) ?? `(no ${n})`;
    assert.equal(r.code, 0, r.stderr + show('install.out') + show('upgrade.out') + show('rollback.out'));
    assertPreflightScenario(results);
});

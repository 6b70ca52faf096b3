// Issue 5, packaging 3: dnf4 with upgrade-hook's plugin. The plugin's pre_transaction makes %posttrans defer
// to the bridge; its transaction() hook runs `upgrade-hook bridge end` after the transaction, with the rpm lock
// released, and the upgrade completes. The plugin never breaks dnf: not when the tool crashes, not when it is gone.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { buildPackages, calls, COLLECT_HELLO, dataVersion, events, inSandbox, newResultsDir, newWorkDir, readMarker, readResult, removeDir, sandboxSkipReason, SPY_ON_TOOL, } from './lib/sandbox-rpms.js';
const skip = sandboxSkipReason(['dnf']);
let work = '';
let pkgs;
before(() => {
    if (skip)
        return;
    work = newWorkDir('dnf4');
    pkgs = buildPackages(work);
});
after(() => {
    if (work)
        removeDir(work);
});
// Debian's dnf4 in the sandbox, only the repository of this test, only upgrade-hook's plugin.
const DNF = `dnf -y --releasever=12 --setopt=reposdir=/dev/null --repofrompath=t,/repo --nogpgcheck --disableplugin='*' --enableplugin=upgrade_hook`;
const INSTALL_10 = `${COLLECT_HELLO}
${DNF} -q install upgrade-hook python3-dnf-plugin-upgrade-hook hello-server-1.0 > /results/install.out 2>&1
upgrade-hook stamp hello
/usr/libexec/hello-server/ctl start
`;
const UPGRADE = `set +e; ${DNF} upgrade hello-server > /results/dnf.out 2>&1; echo $? > /results/dnf.exit; set -e
grep -h 'hello' /var/log/dnf.rpm.log > /results/scriptlet.log || :`;
const UPGRADED = [
    'start',
    'stop',
    'once 2000 offline from=1.0-1 to=1.1-1',
    'start',
    'always 6500 online from=1.0-1 to=1.1-1',
];
test('dnf4 + plugin: %posttrans defers to the bridge, transaction() runs the upgrade after the rpm lock is released', {
    skip,
}, () => {
    const results = newResultsDir(work, 'bridge');
    const r = inSandbox(`${INSTALL_10}${UPGRADE}`, { results, repo: pkgs.repo, container: true });
    assert.equal(r.code, 0, r.stderr + readResult(results, 'install.out') + readResult(results, 'dnf.out'));
    assert.equal(readResult(results, 'dnf.exit'), '0\n', readResult(results, 'dnf.out'));
    // what %posttrans said (dnf logs scriptlet output to /var/log/dnf.rpm.log)
    assert.match(readResult(results, 'scriptlet.log') ?? '', /hello: upgrade deferred \(bridge\): dnf4 will run the upgrade right after this transaction/);
    // what the plugin then did, in dnf's own output
    assert.match(readResult(results, 'dnf.out') ?? '', /hello: data upgraded to 1\.1-1/);
    assert.deepEqual(events(results), UPGRADED);
    assert.equal(dataVersion(readResult(results, 'state')), '1.1-1');
    assert.equal(readMarker(results), undefined);
    const ancestry = readResult(results, 'once-ancestry') ?? '';
    assert.match(ancestry, /^\/usr\/bin\/node \/usr\/bin\/upgrade-hook bridge end/m);
    assert.match(ancestry, /^\/usr\/bin\/python3 \/usr\/bin\/dnf .* upgrade hello-server/m);
    assert.doesNotMatch(ancestry, /rpm-tmp/, 'not from a scriptlet');
    assert.equal(readResult(results, 'once-rpm-lock'), 'free\n', 'after the transaction, the rpm lock is free');
});
test('dnf4 + plugin in a chroot: %posttrans defers for the chroot, which the bridge leaves to the next start', {
    skip,
}, () => {
    const results = newResultsDir(work, 'chroot');
    const r = inSandbox(`${INSTALL_10}${UPGRADE}`, { results, repo: pkgs.repo });
    assert.equal(r.code, 0, r.stderr + readResult(results, 'dnf.out'));
    assert.equal(readResult(results, 'dnf.exit'), '0\n', readResult(results, 'dnf.out'));
    assert.equal(readMarker(results)?.reason, 'chroot');
    assert.deepEqual(events(results), ['start']);
    assert.equal(dataVersion(readResult(results, 'state')), '1.0-1');
});
test('dnf4 + plugin, the tool crashes in bridge end: dnf succeeds, warns, and the marker waits for the next start', {
    skip,
}, () => {
    const results = newResultsDir(work, 'crash');
    const r = inSandbox(`${INSTALL_10}
    mv /usr/bin/upgrade-hook /usr/bin/upgrade-hook.real
    printf '#!/bin/sh\\nif [ "$1" = bridge ]; then echo "simulated crash" >&2; kill -SEGV $$; fi\\nexec /usr/bin/upgrade-hook.real "$@"\\n' > /usr/bin/upgrade-hook
    chmod 0755 /usr/bin/upgrade-hook
    ${UPGRADE}
    cp /var/lib/upgrade-hook/hello/marker /results/marker-after-dnf
    upgrade-hook gate hello > /results/gate.out 2>&1`, { results, repo: pkgs.repo, container: true });
    assert.equal(r.code, 0, r.stderr + readResult(results, 'dnf.out'));
    assert.equal(readResult(results, 'dnf.exit'), '0\n', readResult(results, 'dnf.out'));
    const out = readResult(results, 'dnf.out') ?? '';
    assert.match(out, /simulated crash/);
    assert.match(out, /upgrade-hook: "\/usr\/bin\/upgrade-hook bridge end" exited with -11/);
    assert.match(out, /^Complete!$/m);
    const marker = JSON.parse(readResult(results, 'marker-after-dnf') ?? '{}');
    assert.equal(marker.state, 'deferred');
    assert.equal(marker.reason, 'bridge');
    // the gate at the next start picks it up
    assert.deepEqual(events(results), UPGRADED);
    assert.equal(dataVersion(readResult(results, 'state')), '1.1-1');
});
test('dnf4 + plugin with the tool gone: the plugin stands aside and dnf succeeds', { skip }, () => {
    const results = newResultsDir(work, 'gone');
    const r = inSandbox(`${INSTALL_10}
    rm /usr/bin/upgrade-hook
    ${UPGRADE}`, { results, repo: pkgs.repo, container: true });
    assert.equal(r.code, 0, r.stderr + readResult(results, 'dnf.out'));
    assert.equal(readResult(results, 'dnf.exit'), '0\n', readResult(results, 'dnf.out'));
    assert.match(readResult(results, 'dnf.out') ?? '', /^Complete!$/m);
    assert.doesNotMatch(readResult(results, 'dnf.out') ?? '', /Traceback|upgrade-hook: cannot/);
    assert.equal(readResult(results, 'package'), 'hello-server-1.1-1.noarch\n');
    assert.deepEqual(events(results), ['start']);
});
test("dnf4 + plugin with --installroot: the host's tool is left alone (no bridge end); on the host it runs", {
    skip,
}, () => {
    const results = newResultsDir(work, 'installroot');
    const r = inSandbox(`${DNF} -q install upgrade-hook python3-dnf-plugin-upgrade-hook > /results/install.out 2>&1
    ${SPY_ON_TOOL}
    # a package with no dependencies and no scriptlets, so an empty installroot can take it
    d=$(mktemp -d)
    printf 'Name: noop\\nVersion: 1\\nRelease: 1\\nSummary: nothing\\nLicense: MIT\\nBuildArch: noarch\\n%%%%description\\nnothing\\n%%%%files\\n' > $d/noop.spec
    rpmbuild --quiet --define "_topdir $d" -bb $d/noop.spec 2>/dev/null
    createrepo_c -q $d/RPMS/noarch
    NOOP="dnf -y -q --releasever=12 --setopt=reposdir=/dev/null --repofrompath=noop,$d/RPMS/noarch --nogpgcheck --disableplugin='*' --enableplugin=upgrade_hook"
    $NOOP --installroot=/ir install noop > /results/installroot.out 2>&1
    rpm --root /ir -q noop > /results/installroot.q
    cp /results/calls /results/calls-installroot 2>/dev/null || : > /results/calls-installroot
    $NOOP install noop > /results/host.out 2>&1`, { results, repo: pkgs.repo, container: true });
    assert.equal(r.code, 0, r.stderr +
        readResult(results, 'install.out') +
        readResult(results, 'installroot.out') +
        readResult(results, 'host.out'));
    assert.equal(readResult(results, 'installroot.q'), 'noop-1-1.noarch\n');
    assert.equal(readResult(results, 'calls-installroot'), '', 'no bridge for an installroot');
    assert.deepEqual(calls(results), ['bridge end'], 'on the host, the plugin ran bridge end');
});

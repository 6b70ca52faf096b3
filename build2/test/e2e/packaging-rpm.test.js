// Issue 5, packaging 1: the spec builds from dist/ with Debian's rpmbuild, rpmlint finds no errors, and the
// RPMs install (rpm -i and dnf) with the files of DESIGN §9; the tool runs from /usr/bin, the gate unit passes
// systemd-analyze verify, and the installed macros expand the way a product's spec needs.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildPackages, inSandbox, newResultsDir, newWorkDir, readResult, removeDir, repoRoot, run, sandboxSkipReason, } from './lib/sandbox-rpms.js';
const skip = sandboxSkipReason(['dnf']);
let work = '';
let pkgs;
before(() => {
    if (skip)
        return;
    work = newWorkDir('rpm');
    pkgs = buildPackages(work);
    console.log(`# built upgrade-hook ${pkgs.toolVersion} and hello-server 1.0/1.1 in ${(pkgs.ms / 1000).toFixed(1)} s`);
});
after(() => {
    if (work)
        removeDir(work);
});
const SECTION_9 = [
    '/usr/bin/upgrade-hook',
    '/usr/lib/upgrade-hook/upgrade-hook.cjs',
    '/usr/lib/upgrade-hook/upgrade-hook-deps.cjs',
    '/usr/lib/upgrade-hook/upgrade-hook-lazy.cjs',
    '/usr/lib/systemd/system/upgrade-hook@.service',
    '/usr/lib/rpm/macros.d/macros.upgrade-hook',
    '/usr/lib/upgrade-hook/products.d',
    '/etc/upgrade-hook/products.d',
    '/var/lib/upgrade-hook',
    '/etc/dnf/libdnf5-plugins/actions.d/upgrade-hook.actions',
    '/usr/lib/tmpfiles.d/upgrade-hook.conf',
];
const PLUGIN = ['/usr/lib/python3/dist-packages/dnf-plugins/upgrade_hook.py', '/etc/dnf/plugins/upgrade_hook.conf'];
test('rpmlint reports no errors on the spec and both RPMs', {
    skip: skip || (!hasRpmlint() && 'needs rpmlint'),
}, () => {
    const rpms = [pkgs.tool, pkgs.dnfPlugin].map((f) => join(pkgs.repo, f));
    const r = spawnSync('rpmlint', ['-c', join(repoRoot, 'rpm/rpmlint.toml'), join(repoRoot, 'rpm/upgrade-hook.spec'), ...rpms], { encoding: 'utf8' });
    console.log(r.stdout.replace(/^/gm, '#   '));
    assert.match(r.stdout, / 0 errors, /, r.stdout);
    assert.equal(r.status, 0, r.stdout + r.stderr);
});
test('the RPM says what it needs and holds the files of DESIGN §9', { skip }, () => {
    const tool = join(pkgs.repo, pkgs.tool);
    const requires = run('rpm', ['-qp', '--requires', tool], 'rpm -qpR');
    assert.match(requires, /^nodejs >= 18\.19$/m);
    assert.match(requires, /^\/usr\/bin\/node$/m);
    // /bin/sh: dnf5's preflight action is a shell script (it must cost next to nothing per package); the
    // package itself has no scriptlets
    assert.match(requires, /^\/bin\/sh$/m);
    assert.equal(run('rpm', ['-qp', '--scripts', tool], 'rpm -qp --scripts').trim(), '', 'no scriptlets');
    const files = run('rpm', ['-qp', '--list', tool], 'rpm -qpl').split('\n');
    for (const path of SECTION_9)
        assert.ok(files.includes(path), `${path} missing from ${pkgs.tool}`);
    // The man pages are packaged when the sources have them (written separately), compressed.
    for (const [page, section] of [
        ['upgrade-hook.8', 8],
        ['upgrade-hook.conf.5', 5],
    ]) {
        const packaged = files.includes(`/usr/share/man/man${section}/${page}.gz`);
        assert.equal(packaged, existsSync(join(repoRoot, 'docs', page)), `docs/${page} and the RPM disagree`);
    }
    assert.equal(run('rpm', ['-qp', '--queryformat', '%{ARCH}', tool], 'rpm -qp arch'), 'noarch');
    const pluginFiles = run('rpm', ['-qp', '--list', join(pkgs.repo, pkgs.dnfPlugin)], 'rpm -qpl plugin').split('\n');
    for (const path of PLUGIN)
        assert.ok(pluginFiles.includes(path), `${path} missing from ${pkgs.dnfPlugin}`);
});
// Fedora's guidelines for a bundle: every npm package inside it is a Provides: bundled(npm(NAME)) = VERSION,
// License: names every license, and %license ships their texts (issue 22).
test('the RPM declares every npm package it bundles, their licenses and their texts', { skip }, () => {
    const tool = join(pkgs.repo, pkgs.tool);
    const notices = readFileSync(join(repoRoot, 'dist/THIRD-PARTY-LICENSES.txt'), 'utf8');
    const bundled = [...notices.matchAll(/^={78}\n(\S+) (\S+) \((.+)\)\n={78}$/gm)];
    assert.ok(bundled.length >= 20, `only ${bundled.length} packages in the notices`);
    const provides = run('rpm', ['-qp', '--provides', tool], 'rpm -qp --provides').split('\n');
    for (const [, name, version] of bundled)
        assert.ok(provides.includes(`bundled(npm(${name})) = ${version}`), `${name} ${version} not provided: ${provides}`);
    const license = run('rpm', ['-qp', '--queryformat', '%{LICENSE}', tool], 'rpm -qp license');
    for (const [, , , l] of bundled)
        assert.ok(license.includes(l ?? '?'), `License: ${license} does not name ${l}`);
    const files = run('rpm', ['-qp', '--list', tool], 'rpm -qpl').split('\n');
    // Fedora's rpm names the directory after the package, Debian's after the package and its version
    const texts = files.filter((f) => /^\/usr\/share\/licenses\/upgrade-hook(-[^/]+)?\/THIRD-PARTY-LICENSES\.txt$/.test(f));
    assert.equal(texts.length, 1, files.join('\n'));
});
test('rpm -i installs it; the tool runs from /usr/bin; the unit verifies; the macros expand', { skip }, () => {
    const results = newResultsDir(work, 'rpm-i');
    const r = inSandbox(`rpm -i --force-debian /repo/${pkgs.tool} /repo/${pkgs.dnfPlugin}
     for p in ${[...SECTION_9, ...PLUGIN].join(' ')}; do ls -d "$p"; done > /results/present
     head -1 /usr/bin/upgrade-hook > /results/shebang
     cd / && env -i PATH=/usr/bin:/bin upgrade-hook --version > /results/version
     # lint's code is in the file beside the tool (/usr/lib/upgrade-hook): found through the /usr/bin link
     env -i PATH=/usr/bin:/bin upgrade-hook lint --root / none > /results/lint 2>&1 || :
     stat -c '%a %U' /var/lib/upgrade-hook /usr/lib/upgrade-hook/products.d > /results/modes
     # the lock directory as boot (or the tmpfiles file trigger) makes it: root's, 0700
     rm -rf /run/lock/upgrade-hook && systemd-tmpfiles --create /usr/lib/tmpfiles.d/upgrade-hook.conf
     stat -c '%a %U' /run/lock/upgrade-hook > /results/lock-dir
     man=no; ls /usr/share/man/man8/upgrade-hook.8* >/dev/null 2>&1 && man=yes
     # an instance as a product would pull it in, checked by systemd's own parser
     systemd-analyze verify --man=$man /usr/lib/systemd/system/upgrade-hook@.service /usr/lib/systemd/system/upgrade-hook@acme.service > /results/verify 2>&1
     rpm --define 'epoch 2' --define 'version 1.1' --define 'release 3.el9' --eval '%upgrade_hook_posttrans acme' > /results/posttrans-macro
     rpm --eval '%upgrade_hook_requires' > /results/requires-macro
     rpm --eval '%upgrade_hook_service_deps acme' > /results/service-deps-macro
     if rpm --eval '%upgrade_hook_posttrans' > /dev/null 2> /results/macro-error; then echo "no error" >> /results/macro-error; fi
     # a product built with %upgrade_hook_dropin: its unit now sits behind the gate
     rpm -i --force-debian /repo/${pkgs.hello10}
     cp /usr/lib/systemd/system/hello-server.service.d/upgrade-hook.conf /results/dropin
     systemd-analyze verify --man=no /usr/lib/systemd/system/hello-server.service > /results/verify-product 2>&1
     systemd-analyze dot --from-pattern=hello-server.service > /results/deps 2>/dev/null || :`, { results, repo: pkgs.repo });
    assert.equal(r.code, 0, r.stderr + r.stdout);
    assert.equal(readResult(results, 'present')?.trim().split('\n').length, SECTION_9.length + PLUGIN.length);
    assert.equal(readResult(results, 'shebang'), '#!/usr/bin/node\n');
    assert.equal(readResult(results, 'version'), `upgrade-hook ${pkgs.toolVersion}\n`);
    assert.match(readResult(results, 'lint') ?? '', /no descriptor for none in the build root/);
    assert.equal(readResult(results, 'modes'), '755 root\n755 root\n');
    assert.equal(readResult(results, 'lock-dir'), '700 root\n', 'tmpfiles.d makes the lock directory root-only');
    assert.equal(readResult(results, 'verify'), '', 'systemd-analyze verify is silent on a good unit');
    assert.equal(readResult(results, 'posttrans-macro')?.trim(), '/usr/bin/upgrade-hook posttrans acme --build-version 2:1.1-3.el9 || :');
    assert.equal(readResult(results, 'requires-macro')?.trim(), `Requires: upgrade-hook >= ${pkgs.toolVersion}\nRequires(posttrans): upgrade-hook >= ${pkgs.toolVersion}`);
    assert.equal(readResult(results, 'service-deps-macro')?.trim(), 'Requires=upgrade-hook@acme.service\nAfter=upgrade-hook@acme.service');
    assert.match(readResult(results, 'macro-error') ?? '', /upgrade_hook_posttrans needs the product name/);
    assert.equal(readResult(results, 'dropin'), '[Unit]\nRequires=upgrade-hook@hello.service\nAfter=upgrade-hook@hello.service\n');
    assert.equal(readResult(results, 'verify-product'), '', 'the product unit and its drop-in verify');
});
test('systemd-analyze verify speaks up on a broken gate unit (the checks above can fail)', { skip }, () => {
    const results = newResultsDir(work, 'verify-broken');
    const unit = '/usr/lib/systemd/system/upgrade-hook@.service';
    const r = inSandbox(`rpm -i --force-debian /repo/${pkgs.tool}
     cp ${unit} /results/good.service
     sed -i 's|^Type=oneshot|Type=oneshoot|' ${unit}
     systemd-analyze verify --man=no /usr/lib/systemd/system/upgrade-hook@acme.service > /results/typo 2>&1 || :
     sed '/^ExecStart=/d' /results/good.service > ${unit}
     if systemd-analyze verify --man=no /usr/lib/systemd/system/upgrade-hook@acme.service > /results/no-exec 2>&1; then echo passed >> /results/no-exec; fi
     # a product unit behind a gate that is not installed
     rpm -i --force-debian --nodeps /repo/${pkgs.hello10}
     rm ${unit}
     if systemd-analyze verify --man=no /usr/lib/systemd/system/hello-server.service > /results/no-gate 2>&1; then echo passed >> /results/no-gate; fi`, { results, repo: pkgs.repo });
    assert.equal(r.code, 0, r.stderr);
    // A typo is only a warning (exit 0): the empty output asserted above is what catches it.
    assert.match(readResult(results, 'typo') ?? '', /Failed to parse service type, ignoring: oneshoot/);
    assert.match(readResult(results, 'no-exec') ?? '', /has no ExecStart=/);
    assert.doesNotMatch(readResult(results, 'no-exec') ?? '', /passed/);
    assert.match(readResult(results, 'no-gate') ?? '', /Unit upgrade-hook@hello\.service not found/);
    assert.doesNotMatch(readResult(results, 'no-gate') ?? '', /passed/);
});
test('dnf installs the tool, the plugin and a product from a repository', { skip }, () => {
    const results = newResultsDir(work, 'dnf-install');
    const r = inSandbox(`dnf -y -q --releasever=12 --setopt=reposdir=/dev/null --repofrompath=t,/repo --nogpgcheck --disableplugin='*' \
       install upgrade-hook python3-dnf-plugin-upgrade-hook hello-server-1.0 > /results/dnf.out 2>&1
     rpm -q upgrade-hook python3-dnf-plugin-upgrade-hook hello-server > /results/installed
     rpm -V upgrade-hook python3-dnf-plugin-upgrade-hook > /results/verify 2>&1 || :`, { results, repo: pkgs.repo });
    assert.equal(r.code, 0, r.stderr + readResult(results, 'dnf.out'));
    assert.equal(readResult(results, 'installed'), `upgrade-hook-${pkgs.toolVersion}-1.noarch\npython3-dnf-plugin-upgrade-hook-${pkgs.toolVersion}-1.noarch\nhello-server-1.0-1.noarch\n`);
    assert.equal(readResult(results, 'verify'), '', 'rpm -V: every installed file as packaged');
});
function hasRpmlint() {
    return spawnSync('sh', ['-c', 'command -v rpmlint']).status === 0;
}

// Issue 5, packaging 2: a plain `rpm -U` of a product (no dnf, no bridge). Its %posttrans, written with
// %upgrade_hook_posttrans, defers in a chroot (the marker says why, rpm exits 0, nothing ran) and the next
// start runs it; in a container whose PID 1 shares its root (not a chroot, no systemd, but the product uses
// start/stop commands) it runs the whole upgrade inside the transaction; a failing upgrade script never fails rpm.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  buildPackages,
  COLLECT_HELLO,
  dataVersion,
  events,
  inSandbox,
  newResultsDir,
  newWorkDir,
  readMarker,
  readResult,
  removeDir,
  sandboxSkipReason,
  type Packages,
} from './lib/sandbox-rpms.js';

const skip = sandboxSkipReason();
let work = '';
let pkgs: Packages;

before(() => {
  if (skip) return;
  work = newWorkDir('posttrans');
  pkgs = buildPackages(work);
});
after(() => {
  if (work) removeDir(work);
});

// hello-server 1.0 installed and configured (stamped by "its installer"), its server running.
const INSTALL_10 = () => `${COLLECT_HELLO}
rpm -i --force-debian /repo/${pkgs.tool} /repo/${pkgs.hello10}
upgrade-hook stamp hello
/usr/libexec/hello-server/ctl start
`;
const UPGRADE = `set +e; rpm -U --force-debian /repo/hello-server-1.1-1.noarch.rpm > /results/rpm.out 2>&1; echo $? > /results/rpm.exit; set -e`;

test('rpm -U in a chroot: %posttrans defers (reason chroot), rpm exits 0, nothing ran; the gate runs it later', {
  skip,
}, () => {
  const results = newResultsDir(work, 'chroot');
  const r = inSandbox(
    `${INSTALL_10()}
    ${UPGRADE}
    cp /var/lib/upgrade-hook/hello/marker /results/marker-after-rpm
    cp /var/lib/hello-server/events /results/events-after-rpm
    upgrade-hook check hello > /results/check 2>&1 || echo "exit $?" >> /results/check
    # what upgrade-hook@hello.service does at the next start
    upgrade-hook gate hello > /results/gate.out 2>&1`,
    { results, repo: pkgs.repo },
  );
  assert.equal(r.code, 0, r.stderr + r.stdout + readResult(results, 'rpm.out'));
  assert.equal(readResult(results, 'rpm.exit'), '0\n');
  const marker = JSON.parse(readResult(results, 'marker-after-rpm') ?? '{}');
  assert.equal(marker.state, 'deferred');
  assert.equal(marker.reason, 'chroot');
  assert.match(marker.detail, /^running in a chroot \(\/ differs from /);
  assert.equal(marker.from, '1.0-1');
  assert.equal(marker.to, '1.1-1');
  assert.match(readResult(results, 'rpm.out') ?? '', /^hello: upgrade deferred \(chroot\)/m);
  assert.deepEqual(
    readResult(results, 'events-after-rpm')?.trim().split('\n'),
    ['start'],
    'no stop, no script in the transaction',
  );
  // upgrade needed (4), or deferred (5) when check reports the marker
  assert.match(readResult(results, 'check') ?? '', /upgrade needed[\s\S]*exit [45]$/m);
  // The next start: the gate ran the upgrade, the marker is gone.
  assert.deepEqual(events(results), [
    'start',
    'stop',
    'once 2000 offline from=1.0-1 to=1.1-1',
    'start',
    'always 6500 online from=1.0-1 to=1.1-1',
  ]);
  assert.equal(dataVersion(readResult(results, 'state')), '1.1-1');
  assert.equal(readMarker(results), undefined);
  assert.doesNotMatch(readResult(results, 'once-ancestry') ?? '', /rpm-tmp/, 'the gate, not a scriptlet, ran it');
  assert.equal(readResult(results, 'once-rpm-lock'), 'free\n');
});

test('rpm -U in a container without systemd: %posttrans runs the upgrade inside the transaction', { skip }, () => {
  const results = newResultsDir(work, 'container');
  const r = inSandbox(
    `${INSTALL_10()}
    cp /run/hello-fence-at-pre /results/fence-at-install
    ${UPGRADE}
    cp /run/hello-fence-at-pre /results/fence-at-pre
    if [ -e /run/lock/upgrade-hook/fence-hello ]; then echo stands; else echo gone; fi > /results/fence-after
    exec 3<>/dev/tcp/127.0.0.1/18080 && cat <&3 > /results/greeting`,
    { results, repo: pkgs.repo, container: true },
  );
  assert.equal(r.code, 0, r.stderr + r.stdout + readResult(results, 'rpm.out'));
  assert.equal(readResult(results, 'rpm.exit'), '0\n');
  assert.match(readResult(results, 'rpm.out') ?? '', /^hello: data upgraded to 1\.1-1$/m);
  assert.deepEqual(events(results), [
    'start',
    'stop',
    'once 2000 offline from=1.0-1 to=1.1-1',
    'start',
    'always 6500 online from=1.0-1 to=1.1-1',
  ]);
  assert.equal(dataVersion(readResult(results, 'state')), '1.1-1');
  assert.equal(readMarker(results), undefined);
  // Who ran the once-script: upgrade-hook posttrans, under rpm's %posttrans scriptlet, under rpm -U.
  const ancestry = readResult(results, 'once-ancestry') ?? '';
  assert.match(ancestry, /upgrade-hook posttrans hello --build-version 1\.1-1/);
  assert.match(ancestry, /^\/bin\/sh \/var\/tmp\/rpm-tmp\.\w+ 2/m);
  assert.match(ancestry, /^rpm -U /m);
  assert.equal(readResult(results, 'once-rpm-lock'), 'held\n', 'inside the transaction the rpm lock is held');
  assert.equal(readResult(results, 'greeting'), 'Hello, v2\n', 'the server runs the new code on the upgraded data');
  assert.equal(readResult(results, 'package'), 'hello-server-1.1-1.noarch\n');
  // a bare rpm -U fences the product from %pretrans (issue 20): held by rpm itself, lifted by %posttrans
  const [installFence] = (readResult(results, 'fence-at-install') ?? '').split('\n');
  assert.equal(installFence, 'none', 'a first install, the tool in the same transaction: nothing to fence');
  const [fence = '', rpmLine = ''] = (readResult(results, 'fence-at-pre') ?? '').split('\n');
  assert.match(fence, /^\d+ \d+$/, 'the fence stood while rpm replaced the files');
  assert.equal(`rpm ${fence.split(' ')[0]}`, rpmLine, 'its holder is the rpm process');
  assert.equal(readResult(results, 'fence-after'), 'gone\n', '%posttrans lifted it');
});

test('rpm -U whose upgrade script fails: rpm exits 0, the marker says failed, the data version stays', { skip }, () => {
  const results = newResultsDir(work, 'failing');
  const r = inSandbox(
    `${INSTALL_10()}
    # the admin's copy of the once-script overrides the packaged one, and fails
    mkdir -p /etc/hello-server/upgrade.d/once
    printf '#!/bin/sh\\necho "disk full" >&2\\nexit 3\\n' > /etc/hello-server/upgrade.d/once/2000_greeting_v2
    chmod 0755 /etc/hello-server/upgrade.d/once/2000_greeting_v2
    ${UPGRADE}`,
    { results, repo: pkgs.repo, container: true },
  );
  assert.equal(r.code, 0, r.stderr + r.stdout + readResult(results, 'rpm.out'));
  assert.equal(readResult(results, 'rpm.exit'), '0\n', readResult(results, 'rpm.out'));
  assert.equal(readResult(results, 'package'), 'hello-server-1.1-1.noarch\n', 'the package is installed all the same');
  const marker = readMarker(results);
  assert.equal(marker?.state, 'failed');
  assert.equal(dataVersion(readResult(results, 'state')), '1.0-1');
  assert.match(readResult(results, 'rpm.out') ?? '', /upgrade-hook run hello/, 'the command to rerun');
  assert.match(readResult(results, 'upgrade.log') ?? '', /disk full/);
});

// Issue 5, packaging 4: dnf5 and rpm 6 (a cached Debian sid root; bookworm has neither). upgrade-hook's libdnf5
// actions file bridges: pre_transaction leaves the flag, %posttrans defers to it, post_transaction runs
// `bridge end` after every scriptlet and the upgrade completes; dnf5 reports success. rpm 6 runs scriptlets
// without network: without the bridge, a product probed over TCP defers with reason no-network.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  buildHello,
  buildPackages,
  calls,
  COLLECT_HELLO,
  dataVersion,
  ensureSidRoot,
  events,
  inSandbox,
  newResultsDir,
  newWorkDir,
  readMarker,
  readResult,
  removeDir,
  run,
  sandboxSkipReason,
  SPY_ON_TOOL,
  type Packages,
} from './lib/sandbox-rpms.js';
import { assertPreflightScenario, preflightScript } from './lib/preflight-scenario.js';
import { cpSync } from 'node:fs';
import { join } from 'node:path';

const skip = sandboxSkipReason(['debootstrap']);
let work = '';
let pkgs: Packages;
let sid = '';

before(() => {
  if (skip) return;
  const built = ensureSidRoot();
  sid = built.root;
  console.log(
    `# sid root (dnf5, rpm 6) ${built.cold ? 'built' : 'reused'} in ${(built.ms / 1000).toFixed(1)} s: ${sid}`,
  );
  work = newWorkDir('dnf5');
  pkgs = buildPackages(work);
});
after(() => {
  if (work) removeDir(work);
});

const DNF5 =
  'dnf5 -y --setopt=reposdir=/dev/null --repofrompath=t,/repo --repo=t --setopt=t.gpgcheck=0 --disable-plugin=local';
// hello-server 1.0 installed, configured and running; the admin has it probed over TCP (needs the network).
const INSTALL_10 = `${COLLECT_HELLO}
rpm --version > /results/rpm-version
${DNF5} install upgrade-hook hello-server-1.0 > /results/install.out 2>&1
upgrade-hook stamp hello
mkdir -p /etc/upgrade-hook/products.d
printf '[service hello]\\nready = tcp:127.0.0.1:18080\\n' > /etc/upgrade-hook/products.d/hello.conf
/usr/libexec/hello-server/ctl start
`;
const UPGRADE = `set +e; ${DNF5} upgrade hello-server > /results/dnf.out 2>&1; echo $? > /results/dnf.exit; set -e
ls -A /run/upgrade-hook/bridge.d > /results/flags-left 2>/dev/null || :
ls -A /run/lock/upgrade-hook 2>/dev/null | grep '^fence-' > /results/fences-left || :
grep 'ERROR Actions plugin' /var/log/dnf5.log > /results/action-errors || :`;
const UPGRADED = [
  'start',
  'stop',
  'once 2000 offline from=1.0-1 to=1.1-1',
  'start',
  'always 6500 online from=1.0-1 to=1.1-1',
];
// the preflight action names the downloaded package, in dnf5's cache: its path varies
const callsWithoutPaths = (results: string) =>
  calls(results).map((c) =>
    c.replace(/--package \S+/, '--package FILE').replace(/^(bridge fence \S+) \d+$/, '$1 DNF5_PID'),
  );
const sandbox = (results: string, container: boolean) => ({
  results,
  repo: pkgs.repo,
  lower: sid,
  container,
  timeoutSec: 240,
});

test('dnf5 + rpm 6 + actions: pre_transaction flags, %posttrans defers to the bridge, post_transaction upgrades', {
  skip,
}, () => {
  const results = newResultsDir(work, 'bridge');
  const r = inSandbox(
    `${INSTALL_10}${SPY_ON_TOOL}${UPGRADE}
    exec 3<>/dev/tcp/127.0.0.1/18080 && cat <&3 > /results/greeting`,
    sandbox(results, true),
  );
  assert.equal(r.code, 0, r.stderr + readResult(results, 'install.out') + readResult(results, 'dnf.out'));
  assert.match(readResult(results, 'rpm-version') ?? '', /^RPM version 6\./);
  const out = readResult(results, 'dnf.out') ?? '';
  assert.equal(readResult(results, 'dnf.exit'), '0\n', out);
  assert.match(out, /^Complete!$/m);
  assert.match(out, /hello: upgrade deferred \(bridge\): dnf5 will run the upgrade right after this transaction/);
  // The tool's messages reach the admin; dnf5 reads an action's stdout as commands, so they go to stderr.
  assert.match(out, /hello: data upgraded to 1\.1-1/);
  assert.equal(readResult(results, 'action-errors'), '');
  assert.deepEqual(callsWithoutPaths(results), [
    'bridge begin',
    'preflight hello --package FILE',
    'bridge fence hello DNF5_PID',
    // the package's %pretrans (Lua inside dnf5): the same holder again
    'bridge fence hello DNF5_PID',
    'posttrans hello --build-version 1.1-1',
    'bridge end',
  ]);
  assert.equal(readResult(results, 'flags-left'), '', 'bridge end removed the flag');
  assert.equal(readResult(results, 'fences-left'), '', "the product's %posttrans lifted its fence");
  assert.deepEqual(events(results), UPGRADED);
  assert.equal(dataVersion(readResult(results, 'state')), '1.1-1');
  assert.equal(readMarker(results), undefined);
  const ancestry = readResult(results, 'once-ancestry') ?? '';
  assert.match(ancestry, /^\/usr\/bin\/node \/usr\/bin\/upgrade-hook\.real bridge end/m);
  assert.match(ancestry, /^dnf5 .* upgrade hello-server/m);
  assert.doesNotMatch(ancestry, /rpm-tmp/);
  assert.equal(readResult(results, 'once-rpm-lock'), 'free\n');
  assert.equal(readResult(results, 'greeting'), 'Hello, v2\n', 'readiness over TCP worked outside the scriptlet');
});

test('dnf5 + rpm 6 without the actions: the network-less %posttrans defers (no-network); dnf5 succeeds', {
  skip,
}, () => {
  const results = newResultsDir(work, 'no-network');
  const r = inSandbox(
    `${INSTALL_10}
    rm /etc/dnf/libdnf5-plugins/actions.d/upgrade-hook.actions
    ${UPGRADE}
    cp /var/lib/upgrade-hook/hello/marker /results/marker-after-dnf
    upgrade-hook run hello > /results/run.out 2>&1`,
    sandbox(results, true),
  );
  assert.equal(r.code, 0, r.stderr + readResult(results, 'dnf.out') + readResult(results, 'run.out'));
  assert.equal(readResult(results, 'dnf.exit'), '0\n', readResult(results, 'dnf.out'));
  const marker = JSON.parse(readResult(results, 'marker-after-dnf') ?? '{}');
  assert.equal(marker.state, 'deferred');
  assert.equal(marker.reason, 'no-network');
  assert.match(marker.detail, /no network \(only lo\)/);
  // the admin's run, outside the transaction, has the network
  assert.deepEqual(events(results), UPGRADED);
  assert.equal(dataVersion(readResult(results, 'state')), '1.1-1');
  assert.equal(readMarker(results), undefined);
});

test('dnf5 + rpm 6 in a chroot (root a mount point): %posttrans defers (chroot), bridge end runs, dnf5 succeeds', {
  skip,
}, () => {
  const results = newResultsDir(work, 'chroot');
  const r = inSandbox(`${INSTALL_10}${SPY_ON_TOOL}${UPGRADE}`, sandbox(results, false));
  assert.equal(r.code, 0, r.stderr + readResult(results, 'install.out') + readResult(results, 'dnf.out'));
  const out = readResult(results, 'dnf.out') ?? '';
  assert.equal(readResult(results, 'dnf.exit'), '0\n', out);
  assert.match(out, /^Complete!$/m);
  assert.deepEqual(callsWithoutPaths(results), [
    'bridge begin',
    'preflight hello --package FILE',
    'bridge fence hello DNF5_PID',
    // the package's %pretrans (Lua inside dnf5): the same holder again
    'bridge fence hello DNF5_PID',
    'posttrans hello --build-version 1.1-1',
    'bridge end',
  ]);
  assert.equal(readResult(results, 'flags-left'), '');
  const marker = readMarker(results);
  assert.equal(marker?.state, 'deferred');
  assert.equal(
    marker?.reason,
    'chroot',
    'the bridge runs in the same chroot: it must leave this one to the next start',
  );
  assert.deepEqual(events(results), ['start']);
  assert.equal(dataVersion(readResult(results, 'state')), '1.0-1');
});

test("dnf5 --installroot: the host-only actions leave the host's tool alone; on the host they run", { skip }, () => {
  const results = newResultsDir(work, 'installroot');
  const r = inSandbox(
    `${DNF5} install upgrade-hook > /results/install.out 2>&1
    ${SPY_ON_TOOL}
    # a package with no dependencies and no scriptlets, so an empty installroot can take it
    d=$(mktemp -d)
    printf 'Name: noop\\nVersion: 1\\nRelease: 1\\nSummary: nothing\\nLicense: MIT\\nBuildArch: noarch\\n%%%%description\\nnothing\\n%%%%files\\n' > $d/noop.spec
    rpmbuild --quiet --define "_topdir $d" -bb $d/noop.spec 2>/dev/null
    NOOP="dnf5 -y --setopt=reposdir=/dev/null --disable-plugin=local --use-host-config --setopt=localpkg_gpgcheck=0"
    $NOOP --installroot=/ir install $d/RPMS/noarch/noop-1-1.noarch.rpm > /results/installroot.out 2>&1
    rpm --root /ir -q noop > /results/installroot.q
    cp /results/calls /results/calls-installroot 2>/dev/null || : > /results/calls-installroot
    $NOOP install $d/RPMS/noarch/noop-1-1.noarch.rpm > /results/host.out 2>&1`,
    sandbox(results, true),
  );
  assert.equal(
    r.code,
    0,
    r.stderr +
      readResult(results, 'install.out') +
      readResult(results, 'installroot.out') +
      readResult(results, 'host.out'),
  );
  assert.equal(readResult(results, 'installroot.q'), 'noop-1-1.noarch\n');
  assert.equal(readResult(results, 'calls-installroot'), '', 'enabled=host-only: no bridge for an installroot');
  assert.deepEqual(calls(results), ['bridge begin', 'bridge end'], 'on the host, both actions ran');
});

// Issue 23: the preflight action (pre_transaction, raise_error=1) vetoes a transaction whose new build cannot
// work on this host's data, for each inhibitor (lib/preflight-scenario.ts); libdnf5 5.4 aborts it: nothing
// installed, nothing in dnf5 history. Its own repository adds hello-server 1.2 (min_data_version = 1.1-1).
test('dnf5 + actions: each preflight inhibitor aborts the transaction; a waiver lets it in', { skip }, () => {
  const results = newResultsDir(work, 'preflight');
  const repo = join(work, 'repo-preflight');
  cpSync(pkgs.repo, repo, { recursive: true });
  cpSync(buildHello(work, '1.2'), join(repo, 'hello-server-1.2-1.noarch.rpm'));
  run('createrepo_c', ['-q', repo], 'createrepo_c');
  const r = inSandbox(preflightScript({ dnf: DNF5, history: 'dnf5 history list', tools: 'upgrade-hook' }), {
    ...sandbox(results, true),
    repo,
    timeoutSec: 420,
  });
  const show = (n: string) => readResult(results, n) ?? `(no ${n})`;
  assert.equal(r.code, 0, r.stderr + show('install.out') + show('upgrade.out') + show('rollback.out'));
  assertPreflightScenario(results);
});

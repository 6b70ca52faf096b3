// posttrans, gate, bridge and stamp as rpm, systemd and an installer call them, on real files.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { cli, cliBackground } from '../helpers/cli.js';
import { waitForFile } from '../helpers/wait.js';
import { evidenceScript, installedThenUpgraded, makeProduct } from '../helpers/product.js';
test('posttrans runs the upgrade now when nothing stands in the way, in one line, exit 0', (t) => {
    const p = makeProduct();
    t.after(p.cleanup);
    p.script('once', '0010_old', evidenceScript(p));
    installedThenUpgraded(p, '1.0-1', '1.1-1');
    p.script('once', '0020_new', evidenceScript(p));
    const r = p.run('posttrans', 'acme', '--build-version', '1.1-1');
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(p.evidenceLines(), ['0020_new offline once']);
    assert.equal(p.run('check', 'acme', '--build-version', '1.1-1').code, 0);
    assert.equal(p.marker(), undefined);
});
test('posttrans defers (marker with the reason, nothing run, exit 0): dnf bridge, systemd units without systemd, SYSTEMD_OFFLINE, SYSTEMD_IN_CHROOT, auto_upgrade = no', (t) => {
    const cases = [
        ['bridge', { UPGRADE_HOOK_BRIDGE: 'dnf4' }, '', 'bridge'],
        ['no-systemd', {}, '[service db]\nrole = backend\nunit = postgresql.service', 'no-systemd'],
        ['systemd-offline', { SYSTEMD_OFFLINE: '1' }, '', 'systemd-offline'],
        ['systemd-in-chroot', { SYSTEMD_IN_CHROOT: 'yes' }, '', 'chroot'],
        ['auto-upgrade-off', {}, '', 'auto-upgrade-off'],
    ];
    for (const [what, env, extra, reason] of cases) {
        const p = makeProduct();
        t.after(p.cleanup);
        p.descriptor(extra, what === 'auto-upgrade-off' ? 'auto_upgrade = no' : '');
        installedThenUpgraded(p, '1.0-1', '1.1-1');
        p.script('once', '0010_new', evidenceScript(p));
        p.env = { ...p.env, ...env };
        const r = p.run('posttrans', 'acme');
        assert.equal(r.code, 0, `${what}: ${r.stderr}`);
        assert.match(r.stdout, new RegExp(`acme: upgrade deferred \\(${reason}\\): .*${reason === 'bridge' ? 'right after this transaction$' : '; to run it now: upgrade-hook run acme'}`, 'm'));
        assert.equal(r.stdout.trim().split('\n').length, 1, 'one line');
        assert.deepEqual(p.evidenceLines(), [], `${what}: nothing ran`);
        const m = p.marker();
        assert.equal(m.state, 'deferred');
        assert.equal(m.reason, reason);
        assert.match(readFileSync(p.logFile, 'utf8'), new RegExp(`posttrans: deferred \\(${reason}\\)`));
    }
});
test('the dnf bridge runs what was deferred to it after the transaction', (t) => {
    const p = makeProduct();
    t.after(p.cleanup);
    installedThenUpgraded(p, '1.0-1', '1.1-1');
    p.script('once', '0010_new', evidenceScript(p));
    p.env.UPGRADE_HOOK_BRIDGE = 'dnf4';
    assert.equal(p.run('posttrans', 'acme').code, 0);
    assert.equal(p.marker()?.reason, 'bridge');
    const end = p.run('bridge', 'end');
    assert.equal(end.code, 0, end.stderr);
    assert.match(end.stdout, /acme: running the upgrade deferred to the package manager/);
    assert.deepEqual(p.evidenceLines(), ['0010_new offline once']);
    assert.equal(p.run('check', 'acme').code, 0);
});
test('gate: up to date starts at once; a deferred upgrade runs; auto_upgrade = no refuses with the command to run', (t) => {
    const p = makeProduct();
    t.after(p.cleanup);
    installedThenUpgraded(p, '1.0-1', '1.0-1');
    const up = p.run('gate', 'acme');
    assert.equal(up.code, 0);
    assert.equal(up.stdout, '', 'quiet when up to date');
    p.setBuild('1.1-1');
    p.script('once', '0010_new', evidenceScript(p));
    p.descriptor('', 'auto_upgrade = no');
    const refused = p.run('gate', 'acme');
    assert.equal(refused.code, 4);
    assert.match(refused.stderr, /not starting: upgrade needed: .*auto_upgrade = no/);
    assert.match(refused.stdout, /run: upgrade-hook run acme/);
    assert.deepEqual(p.evidenceLines(), []);
    p.descriptor();
    const ran = p.run('gate', 'acme');
    assert.equal(ran.code, 0, ran.stderr);
    assert.deepEqual(p.evidenceLines(), ['0010_new offline once']);
});
test('a failing upgrade in posttrans exits 0, leaves a failed marker; the gate then refuses to start', (t) => {
    const p = makeProduct();
    t.after(p.cleanup);
    installedThenUpgraded(p, '1.0-1', '1.1-1');
    p.script('once', '0010_broken', '#!/bin/sh\necho "cannot migrate" >&2\nexit 1\n');
    const r = p.run('posttrans', 'acme');
    assert.equal(r.code, 0);
    assert.match(r.stderr, /upgrade failed: 0010_broken exited with status 1/);
    assert.match(r.stderr, /0010_broken: cannot migrate/, 'the last lines the script printed are shown');
    assert.match(r.stderr, /upgrade-hook run acme/);
    assert.equal(p.marker()?.state, 'failed');
    const g = p.run('gate', 'acme');
    assert.equal(g.code, 1);
    assert.match(g.stderr, /not retried unattended: 0010_broken exited with status 1; log: /);
    assert.match(g.stderr, /upgrade-hook run acme/);
    const starts = () => p.history().filter((h) => h.t === 'script-start' && h.script === '0010_broken').length;
    assert.equal(p.run('gate', 'acme').code, 1, 'a second start is refused too');
    assert.equal(starts(), 1, 'the gate never reruns the failed script while it is unchanged');
    const s = JSON.parse(p.run('status', 'acme', '--json').stdout);
    assert.equal(s.state, 'failed');
    assert.equal(s.lastRun.failedScript, '0010_broken');
    assert.equal(s.next, 'upgrade-hook run acme');
    assert.deepEqual(s.marker.lastOutput, ['cannot migrate']);
    assert.match(p.run('status', 'acme').stdout, /\| cannot migrate/);
    // the admin fixes the script: the next start runs the upgrade again, and it resumes at the fixed script
    p.script('once', '0010_broken', '#!/bin/sh\necho fixed\n');
    const fixed = p.run('gate', 'acme');
    assert.equal(fixed.code, 0, fixed.stderr);
    assert.equal(starts(), 2);
    assert.equal(p.marker(), undefined);
});
test('a downgrade is refused by posttrans (marker, exit 0) and by the gate (exit 3)', (t) => {
    const p = makeProduct();
    t.after(p.cleanup);
    installedThenUpgraded(p, '2.0-1', '1.0-1');
    const r = p.run('posttrans', 'acme');
    assert.equal(r.code, 0);
    assert.equal(p.marker()?.state, 'refused');
    const g = p.run('gate', 'acme');
    assert.equal(g.code, 3);
    assert.match(g.stderr, /not starting: data version 2\.0-1 is newer than the installed build 1\.0-1/);
});
test('posttrans defers when another upgrade holds the lock', async (t) => {
    const p = makeProduct();
    t.after(p.cleanup);
    installedThenUpgraded(p, '1.0-1', '1.1-1');
    const started = join(p.root, 'started');
    p.script('once', '0010_slow', `#!/bin/sh\ntouch ${started}\nsleep 7\n`);
    const holder = cliBackground(['run', 'acme'], p.env);
    await waitForFile(started);
    const r = p.run('posttrans', 'acme');
    assert.equal(r.code, 0);
    // the holder's own marker stands (posttrans has no lock to replace it with): it says so
    assert.match(r.stdout, /another upgrade is running .*its marker stands/);
    assert.equal((await holder.result).code, 0);
});
test('not configured: posttrans and gate do nothing and leave no marker', (t) => {
    const p = makeProduct();
    t.after(p.cleanup);
    p.script('once', '0010_x', evidenceScript(p));
    assert.equal(p.run('posttrans', 'acme').code, 0);
    assert.equal(p.run('gate', 'acme').code, 0);
    assert.equal(p.marker(), undefined);
    assert.deepEqual(p.evidenceLines(), []);
});
test('a corrupt state file is an error naming it; it is never replaced', (t) => {
    const p = makeProduct();
    t.after(p.cleanup);
    installedThenUpgraded(p, '1.0-1', '1.1-1');
    const corrupt = 'data_version = 1.0-1\n[acme\n';
    writeFileSync(p.stateFile, corrupt);
    for (const cmd of ['check', 'run', 'status']) {
        const r = p.run(cmd, 'acme');
        assert.equal(r.code, 78, `${cmd}: ${r.stderr}`);
        assert.match(r.stderr, new RegExp(`${p.stateFile.replace(/[.]/g, '\\.')} line 1`));
    }
    assert.equal(p.run('state', 'set', 'acme', 'acme', 'k', 'v').code, 78);
    assert.equal(readFileSync(p.stateFile, 'utf8'), corrupt);
    assert.equal(p.run('posttrans', 'acme').code, 0);
    assert.equal(readFileSync(p.stateFile, 'utf8'), corrupt);
});
test('state get/set/unset keep foreign sections byte for byte; get of a missing key exits 6', (t) => {
    const p = makeProduct();
    t.after(p.cleanup);
    writeFileSync(p.stateFile, '# written by hand\n[installation]\ncomplete = True\nweird key = a=b: 50%% \u00e9\n\n[acme]\nadmin_email = a@b\n');
    assert.equal(p.run('state', 'set', 'acme', 'acme', 'Mixed_Case', 'x = y: %(z)s').code, 0);
    assert.equal(p.run('state', 'get', 'acme', 'acme', 'Mixed_Case').stdout, 'x = y: %(z)s\n');
    assert.equal(p.run('state', 'unset', 'acme', 'acme', 'admin_email').code, 0);
    assert.equal(p.run('state', 'get', 'acme', 'acme', 'admin_email').code, 6);
    assert.equal(readFileSync(p.stateFile, 'utf8'), '# written by hand\n[installation]\ncomplete = True\nweird key = a=b: 50%% \u00e9\n\n[acme]\nMixed_Case = x = y: %(z)s\n');
    const bad = p.run('state', 'set', 'acme', 'acme', 'bad=key', 'v');
    assert.notEqual(bad.code, 0);
    assert.doesNotMatch(bad.stderr, /\n\s+at /);
});
test('--version, --help and COMMAND --help', () => {
    const env = { PATH: process.env.PATH };
    assert.match(cli(['--version'], env).stdout, /^upgrade-hook \d+\.\d+\.\d+/);
    const help = cli(['--help'], env);
    assert.equal(help.code, 0);
    for (const c of ['run', 'posttrans', 'gate', 'check', 'status', 'plan', 'stamp', 'state', 'vercmp'])
        assert.match(help.stdout, new RegExp(`\\n  ${c} `));
    const runHelp = cli(['run', '--help'], env);
    assert.match(runHelp.stdout, /--force/);
    assert.match(runHelp.stdout, /Exit status:/);
    assert.match(runHelp.stdout, /Example:/);
});
test('run refuses to start an upgrade it cannot finish: systemd units without systemd -> deferred, exit 5, nothing run', (t) => {
    const p = makeProduct();
    t.after(p.cleanup);
    p.descriptor('[service db]\nrole = backend\nunit = postgresql.service');
    installedThenUpgraded(p, '1.0-1', '1.1-1');
    p.script('once', '0010_new', evidenceScript(p));
    const r = p.run('run', 'acme');
    assert.equal(r.code, 5, r.stderr);
    assert.match(r.stdout, /acme: cannot upgrade here: systemd is not running as PID 1 and the services postgresql\.service are systemd units; it runs at the next start/);
    assert.deepEqual(p.evidenceLines(), []);
    assert.equal(p.marker()?.reason, 'no-systemd');
    assert.equal(p.run('check', 'acme').code, 5);
});

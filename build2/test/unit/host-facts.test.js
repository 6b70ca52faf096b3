// readHostFacts against fake trees (every signal, one at a time) and against the real machine: plain, in the
// overlay chroot sandbox (where /proc/1/root is EACCES here, so the ancestor walk decides), and in a netns with only lo.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readHostFacts } from '../../src/host/facts.js';
const repo = fileURLToPath(new URL('../../..', import.meta.url));
// The sandbox mounts a fresh /tmp (and /run): a checkout under /tmp (as CI may have) is bound in explicitly.
const repoInside = ['--bind', `${repo.replace(/\/$/, '')}:${repo.replace(/\/$/, '')}`];
const isRoot = process.getuid?.() === 0;
const NETDEV_HEAD = 'Inter-|   Receive\n face |bytes    packets\n';
const MOUNTINFO_ROOT = '27 1 254:0 / / rw,relatime - ext4 /dev/vda rw\n22 27 0:21 / /proc rw - proc proc rw\n';
// A fake root that looks like a plain host: PID 1 shares our root, eth0 exists, nothing else set.
function fakeHost(files = {}, links = {}) {
    const root = mkdtempSync(join(tmpdir(), 'host-facts-'));
    const all = {
        'proc/self/stat': '4242 (node) S 4241 4242 4242 0 -1',
        'proc/self/mountinfo': MOUNTINFO_ROOT,
        'proc/self/cgroup': '0::/user.slice/session-1.scope\n',
        'proc/net/dev': `${NETDEV_HEAD}    lo: 0 0\n  eth0: 1 2\n`,
        ...files,
    };
    for (const [path, content] of Object.entries(all)) {
        mkdirSync(dirname(join(root, path)), { recursive: true });
        writeFileSync(join(root, path), content);
    }
    const allLinks = { 'proc/1/root': root, ...links };
    for (const [path, target] of Object.entries(allLinks)) {
        mkdirSync(dirname(join(root, path)), { recursive: true });
        if (target !== '')
            symlinkSync(target, join(root, path));
    }
    return root;
}
function factsOf(root, env = {}) {
    try {
        return readHostFacts(env, root);
    }
    finally {
        rmSync(root, { recursive: true, force: true });
    }
}
test('readHostFacts: a plain host without systemd', () => {
    assert.deepEqual(factsOf(fakeHost()), {
        chroot: false,
        chrootEvidence: '/ is the root of PID 1',
        systemdRunning: false,
        systemdOffline: false,
        offlineUpgradeBoot: false,
        networkIsolated: false,
        container: undefined,
        bridge: undefined,
    });
});
test('readHostFacts: systemd running, SYSTEMD_OFFLINE', () => {
    const root = fakeHost({ 'run/systemd/system/.keep': '' });
    assert.equal(readHostFacts({}, root).systemdRunning, true);
    assert.equal(factsOf(root, { SYSTEMD_OFFLINE: '1' }).systemdOffline, true);
    assert.equal(factsOf(fakeHost(), { SYSTEMD_OFFLINE: '0' }).systemdOffline, false);
});
test('readHostFacts: SYSTEMD_IN_CHROOT decides first, as systemd-detect-virt --chroot does; SYSTEMD_IGNORE_CHROOT skips the check', () => {
    const elsewhere = mkdtempSync(join(tmpdir(), 'host-facts-other-root-'));
    try {
        const chrooted = () => fakeHost({}, { 'proc/1/root': elsewhere });
        assert.deepEqual(pick(factsOf(fakeHost(), { SYSTEMD_IN_CHROOT: 'yes' })), {
            chroot: true,
            chrootEvidence: 'SYSTEMD_IN_CHROOT=yes',
        });
        assert.deepEqual(pick(factsOf(chrooted(), { SYSTEMD_IN_CHROOT: '0' })), {
            chroot: false,
            chrootEvidence: 'SYSTEMD_IN_CHROOT=0',
        });
        assert.deepEqual(pick(factsOf(chrooted(), { SYSTEMD_IGNORE_CHROOT: 'On' })), {
            chroot: false,
            chrootEvidence: 'SYSTEMD_IGNORE_CHROOT=On',
        });
        // Not a boolean: ignored, as systemd ignores it, and /proc decides.
        assert.deepEqual(pick(factsOf(chrooted(), { SYSTEMD_IN_CHROOT: 'maybe' })), {
            chroot: true,
            chrootEvidence: '/ differs from /proc/1/root',
        });
        assert.equal(factsOf(chrooted(), { SYSTEMD_IGNORE_CHROOT: '0' }).chroot, true);
    }
    finally {
        rmSync(elsewhere, { recursive: true, force: true });
    }
});
function pick(f) {
    return { chroot: f.chroot, chrootEvidence: f.chrootEvidence };
}
test('readHostFacts: chroot when PID 1 has another root', () => {
    const elsewhere = mkdtempSync(join(tmpdir(), 'host-facts-other-'));
    const facts = factsOf(fakeHost({}, { 'proc/1/root': elsewhere }));
    rmSync(elsewhere, { recursive: true });
    assert.equal(facts.chroot, true);
    assert.equal(facts.chrootEvidence, '/ differs from /proc/1/root');
});
test('readHostFacts: chroot when /proc is not mounted', () => {
    const root = mkdtempSync(join(tmpdir(), 'host-facts-'));
    const facts = factsOf(root);
    assert.equal(facts.chroot, true);
    assert.equal(facts.chrootEvidence, '/proc is not mounted');
    assert.equal(facts.networkIsolated, false, 'no /proc/net/dev proves nothing about the network');
});
test('readHostFacts: /proc/1/root unreadable and no mountinfo entry for / means chroot', () => {
    const facts = factsOf(fakeHost({ 'proc/self/mountinfo': '22 27 0:21 / /proc rw - proc proc rw\n' }, { 'proc/1/root': '' }));
    assert.equal(facts.chroot, true);
    assert.equal(facts.chrootEvidence, '/proc/self/mountinfo has no entry for /');
});
test('readHostFacts: /proc/1/root unreadable, an ancestor outside the chroot gives it away', () => {
    const elsewhere = mkdtempSync(join(tmpdir(), 'host-facts-other-'));
    const root = fakeHost({
        'proc/self/stat': '500 (sh) S 400 1 1 0 -1',
        'proc/400/stat': '400 (rpm (6.0)) S 300 1 1 0 -1',
        'proc/400/comm': 'rpm\n',
        'proc/300/stat': '300 (dnf) S 1 1 1 0 -1',
        'proc/300/comm': 'dnf\n',
    }, { 'proc/1/root': '', 'proc/400/root': '', 'proc/300/root': elsewhere });
    const facts = factsOf(root);
    rmSync(elsewhere, { recursive: true });
    assert.equal(facts.chroot, true);
    assert.equal(facts.chrootEvidence, '/ differs from the root of ancestor process dnf (300)');
});
test('readHostFacts: /proc/1/root unreadable, every ancestor shares our root: not a chroot', () => {
    const root = fakeHost({ 'proc/self/stat': '500 (sh) S 400 1 1', 'proc/400/stat': '400 (bash) S 1 1 1' }, { 'proc/1/root': '' });
    symlinkSync(root, join(root, 'proc/400/root'));
    const facts = factsOf(root);
    assert.equal(facts.chroot, false);
    assert.match(facts.chrootEvidence, /unreadable/);
});
test('readHostFacts: offline system upgrade, by the generator link or by the cgroup', () => {
    const byTarget = fakeHost({}, { 'run/systemd/generator.early/default.target': '/usr/lib/systemd/system/system-update.target' });
    assert.equal(factsOf(byTarget).offlineUpgradeBoot, true);
    const normalBoot = fakeHost({}, { 'run/systemd/generator.early/default.target': '/usr/lib/systemd/system/multi-user.target' });
    assert.equal(factsOf(normalBoot).offlineUpgradeBoot, false);
    for (const unit of ['dnf-system-upgrade.service', 'dnf5-offline-transaction.service']) {
        const byCgroup = fakeHost({ 'proc/self/cgroup': `0::/system.slice/${unit}\n` });
        assert.equal(factsOf(byCgroup).offlineUpgradeBoot, true, unit);
    }
});
test('readHostFacts: network isolated only when lo is the only interface', () => {
    assert.equal(factsOf(fakeHost({ 'proc/net/dev': `${NETDEV_HEAD}    lo: 0 0\n` })).networkIsolated, true);
    assert.equal(factsOf(fakeHost({ 'proc/net/dev': `${NETDEV_HEAD}    lo: 0 0\n  ifb0: 0\n` })).networkIsolated, false);
    assert.equal(factsOf(fakeHost({ 'proc/net/dev': NETDEV_HEAD })).networkIsolated, false);
});
test('readHostFacts: container, from the environment or the files each manager leaves', () => {
    assert.equal(factsOf(fakeHost(), { container: 'oci' }).container, 'oci');
    assert.equal(factsOf(fakeHost({ 'run/systemd/container': 'systemd-nspawn\n' })).container, 'systemd-nspawn');
    assert.equal(factsOf(fakeHost({ 'run/.containerenv': '' })).container, 'podman');
    assert.equal(factsOf(fakeHost({ '.dockerenv': '' })).container, 'docker');
});
test('readHostFacts: bridge from dnf4 variable, or a dnf5 flag naming one of our ancestors', () => {
    assert.equal(factsOf(fakeHost(), { UPGRADE_HOOK_BRIDGE: 'dnf4' }).bridge, 'dnf4');
    assert.equal(factsOf(fakeHost(), { UPGRADE_HOOK_BRIDGE: 'yes' }).bridge, undefined);
    assert.equal(factsOf(fakeHost({ 'run/upgrade-hook/bridge.d/4241': '', 'proc/4241/stat': '4241 (dnf5) S 1 4241 4241 0 -1' }))
        .bridge, 'dnf5', 'our parent');
    assert.equal(factsOf(fakeHost({ 'run/upgrade-hook/bridge.d/777': '', 'proc/777/stat': '777 (dnf5) S 1 777 777 0 -1' })).bridge, undefined, 'alive, not ours');
    assert.equal(factsOf(fakeHost({ 'run/upgrade-hook/bridge.d/778': '' })).bridge, undefined, 'dead pid');
    assert.equal(factsOf(fakeHost({ 'run/upgrade-hook/bridge.d/junk': '', 'proc/junk/x': '' })).bridge, undefined);
});
test('readHostFacts: this machine, as it is', () => {
    const facts = readHostFacts(process.env);
    assert.equal(facts.chroot, false, facts.chrootEvidence);
    const interfaces = readdirSync('/sys/class/net');
    assert.equal(facts.networkIsolated, interfaces.every((name) => name === 'lo'));
    assert.equal(facts.bridge, undefined);
});
// Runs readHostFacts in a child process and returns what it saw.
function factsFrom(command, env = {}) {
    const probe = `import(${JSON.stringify(join(repo, 'build/src/host/facts.js'))}).then((m) => console.log(JSON.stringify(m.readHostFacts(process.env))))`;
    const r = spawnSync(command[0], [...command.slice(1), process.execPath, '--input-type=module', '-e', probe], {
        encoding: 'utf8',
        env: { PATH: process.env.PATH, ...env },
    });
    assert.equal(r.status, 0, r.stderr);
    return JSON.parse(r.stdout);
}
test('readHostFacts: the overlay chroot sandbox is seen as a chroot', { skip: !isRoot && 'needs root' }, () => {
    const facts = factsFrom([join(repo, 'test/e2e/lib/sandbox.sh'), '--bare', ...repoInside, '--timeout', '60', '--']);
    assert.equal(facts.chroot, true);
    assert.match(facts.chrootEvidence, /\/proc\/1\/root|ancestor process/);
});
test('readHostFacts: a network namespace with only lo is isolated', { skip: !isRoot && 'needs root' }, () => {
    const facts = factsFrom(['unshare', '-n', '--']);
    assert.equal(facts.networkIsolated, true);
    assert.equal(facts.chroot, false);
});
test('readHostFacts: a dnf5 flag counts only for its own descendants; a dead one never', {
    skip: !isRoot && 'needs root',
}, () => {
    // Inside the sandbox (its own PID namespace): the flag names our own process (as dnf5 is the parent of
    // the scriptlet), then an unrelated live process, then a pid nobody has.
    const sandbox = [join(repo, 'test/e2e/lib/sandbox.sh'), '--bare', ...repoInside, '--'];
    const ours = 'mkdir -p /run/upgrade-hook/bridge.d; touch /run/upgrade-hook/bridge.d/$$ && exec "$@"';
    assert.equal(factsFrom([...sandbox, 'sh', '-c', ours, 'sh']).bridge, 'dnf5');
    const unrelated = 'mkdir -p /run/upgrade-hook/bridge.d; sleep 30 & touch /run/upgrade-hook/bridge.d/$! && exec "$@"';
    assert.equal(factsFrom([...sandbox, 'sh', '-c', unrelated, 'sh']).bridge, undefined, 'another dnf5 on the host does not count');
    const dead = 'mkdir -p /run/upgrade-hook/bridge.d && touch /run/upgrade-hook/bridge.d/4194000 && exec "$@"';
    assert.equal(factsFrom([...sandbox, 'sh', '-c', dead, 'sh']).bridge, undefined);
});
test("readHostFacts: a dnf5 flag recording its process's start time does not count for a reused pid", () => {
    // proc/PID/stat with field 22 (start time) = START: after ") " field 3 is first, so 22 is the 20th
    const stat = (pid, start) => `${pid} (dnf5) S 1 ${Array.from({ length: 17 }, () => '0').join(' ')} ${start} 0 0`;
    const flag = (start) => `2026-11-27T00:00:00.000Z\nstart=${start}\n`;
    assert.equal(factsOf(fakeHost({ 'run/upgrade-hook/bridge.d/4241': flag('5555'), 'proc/4241/stat': stat(4241, '5555') })).bridge, 'dnf5', 'the same dnf5');
    assert.equal(factsOf(fakeHost({ 'run/upgrade-hook/bridge.d/4241': flag('5555'), 'proc/4241/stat': stat(4241, '9999') })).bridge, undefined, 'the pid was reused by our ancestor: a stale flag');
});

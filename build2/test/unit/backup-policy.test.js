// The pure parts of backups: when an upgrade takes one, its name, which ones go, the space verdict, the
// package command after a rollback, the [backup] section's validation, and decide() after a rollback.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { backupDue, backupName, backupsToPrune, dataPathNote, downgradeCommand, formatBytes, HEADROOM_BYTES, spaceProblem, } from '../../src/backup/policy.js';
import { foreignTargets, pendingTargets, pickBackup } from '../../src/backup/pick.js';
import { nextSeq } from '../../src/backup/store.js';
import { historyWithout } from '../../src/backup/take.js';
import { decide } from '../../src/plan/decide.js';
import { validateDescriptor } from '../../src/product/validate.js';
const spec = {
    paths: ['/var/lib/acme'],
    dump: undefined,
    restore: undefined,
    dir: '/var/lib/upgrade-hook/acme/backups',
    keep: 2,
    required: true,
};
const at = '2026-01-01T00:00:00Z';
const runStart = (run) => ({ t: 'run-start', run, at, from: '1.0', to: '1.1', pid: 1 });
const scriptStart = (run, script) => ({
    t: 'script-start',
    run,
    at,
    script,
    kind: 'once',
    phase: 'offline',
    sum: 's',
});
const runEnd = (run, result) => ({ t: 'run-end', run, at, result });
const baseline = { t: 'baseline', run: 'stamp', at, script: '0010_a', sum: 's', version: '1.0' };
const dueRows = [
    ['no [backup] section', undefined, [], 3, false, /no \[backup\] section/],
    ['nothing to run', spec, [], 0, false, /no script runs/],
    ['a fresh upgrade after a stamp', spec, [baseline], 2, true, /required before every upgrade/],
    [
        'a fresh upgrade after a successful one',
        spec,
        [runStart('a'), scriptStart('a', '0010_a'), runEnd('a', 'ok')],
        1,
        true,
        /required/,
    ],
    [
        'a run that failed before any script (a failed backup, a service): back up again',
        spec,
        [runStart('a'), runEnd('a', 'failed')],
        1,
        true,
        /required/,
    ],
    ['a run killed during its backup: back up again', spec, [runStart('a')], 1, true, /required/],
    [
        'a resume after a failed script',
        spec,
        [runStart('a'), scriptStart('a', '0010_a'), runEnd('a', 'failed')],
        1,
        false,
        /resuming: once\/0010_a already ran/,
    ],
    [
        'a resume after a kill in a script',
        spec,
        [baseline, runStart('a'), scriptStart('a', '0020_b')],
        1,
        false,
        /resuming: once\/0020_b/,
    ],
    [
        'the finish unit after the gate handed over (not a success)',
        spec,
        [runStart('a'), scriptStart('a', '0010_a'), { t: 'run-end', run: 'a', at, result: 'handed-over' }],
        1,
        false,
        /resuming: once\/0010_a/,
    ],
    ['required = no', { ...spec, required: false }, [], 1, true, /taken when possible/],
];
for (const [name, s, records, toRun, take, why] of dueRows) {
    test(`backup due: ${name}`, () => {
        const d = backupDue(s, records, toRun);
        assert.equal(d.take, take);
        assert.match(d.why, why);
    });
}
test('a backup is named after the from-version and the time, with unsafe characters replaced', () => {
    assert.equal(backupName('1.1-1', new Date('2026-11-27T15:30:00.123Z')), '1.1-1-20261127T153000Z');
    assert.equal(backupName('1:2.0/x', new Date('2026-11-27T15:30:00Z')), '1_2.0_x-20261127T153000Z');
});
test('pruning keeps the newest `keep` backups and removes the oldest first', () => {
    const b = (name, createdAt) => ({ name, createdAt, manifest: {} });
    const all = [b('c', '2026-03'), b('a', '2026-01'), b('b', '2026-02')];
    assert.deepEqual(backupsToPrune(all, 2).map((x) => x.name), ['a']);
    assert.deepEqual(backupsToPrune(all, 1).map((x) => x.name), ['a', 'b']);
    assert.deepEqual(backupsToPrune(all, 5), []);
});
// issue 19: a clock stepped back gives the newest backup the oldest time; the sequence still orders them
const seqRows = [
    [
        'the sequence wins over a clock stepped back',
        [
            ['new', '2026-01', 3],
            ['old', '2026-05', 2],
            ['older', '2026-04', 1],
        ],
        1,
        undefined,
        ['older', 'old'],
    ],
    [
        'backups from before sequences are older than any with one',
        [
            ['legacy', '2026-09', undefined],
            ['seq1', '2026-01', 1],
        ],
        1,
        undefined,
        ['legacy'],
    ],
    [
        'without sequences: by time',
        [
            ['b', '2026-02', undefined],
            ['a', '2026-01', undefined],
        ],
        1,
        undefined,
        ['a'],
    ],
    [
        'the one just taken stays whatever its order says',
        [
            ['taken', '2026-01', undefined],
            ['later', '2026-02', undefined],
        ],
        1,
        'taken',
        [],
    ],
    [
        'keep below 1 still keeps the newest',
        [
            ['b', '2026-02', 2],
            ['a', '2026-01', 1],
        ],
        0,
        undefined,
        ['a'],
    ],
];
for (const [name, rows, keep, justTaken, pruned] of seqRows) {
    test(`pruning: ${name}`, () => {
        const all = rows.map(([n, createdAt, seq]) => ({ name: n, createdAt, manifest: seq === undefined ? {} : { seq } }));
        assert.deepEqual(backupsToPrune(all, keep, justTaken).map((x) => x.name), pruned);
    });
}
test('the next sequence number follows the highest one, whatever the order', () => {
    assert.equal(nextSeq([]), 1);
    assert.equal(nextSeq([{ manifest: {} }]), 1);
    assert.equal(nextSeq([{ manifest: { seq: 4 } }, { manifest: { seq: 2 } }, { manifest: {} }]), 5);
});
const bk = (name, dataVersion, upgradeTo) => {
    const m = { name, dataVersion, upgradeTo, trigger: upgradeTo === null ? 'manual' : 'upgrade' };
    return { ...m, manifest: { ...m, createdAt: `2026-01-0${name.length}T00:00:00Z` } };
};
const b1to2 = bk('b-1', '1.0', '2.0');
const b2to3 = bk('b-22', '2.0', '3.0');
const b3hand = bk('b-333', '3.0', null);
const b3to4 = bk('b-4444', '3.0', '4.0');
const pickRows = [
    ['the failed attempt took one: it', [b1to2, b2to3, b3to4], undefined, '3.0', ['4.0'], 'b-4444'],
    ['its backup is picked even when an older one is newer on disk', [b3to4, b2to3], undefined, '3.0', ['4.0'], 'b-4444'],
    [
        'the attempt took none (its backup step failed): the newest holds 2.0 data under 3.0: refused, saying 2.0 -> 3.0 would be lost',
        [b1to2, b2to3],
        undefined,
        '3.0',
        ['4.0'],
        /not rolling back without a backup named: the upgrade to 4\.0 took no backup of data 3\.0[\s\S]*backup b-22 holds 2\.0: the 2\.0 -> 3\.0 upgrade would be lost\n {2}backup b-1 holds 1\.0: the 1\.0 -> 3\.0 upgrade would be lost\nnothing was stopped or changed/,
    ],
    [
        "a backup by hand of the same data is not the attempt's: refused, saying the changes since would be lost",
        [b2to3, b3hand],
        undefined,
        '3.0',
        ['4.0'],
        /backup b-333 holds 3\.0 \(taken by hand at 2026-01-05T00:00:00Z\): the changes made to the data since then would be lost/,
    ],
    [
        'no failed attempt (the last upgrade succeeded): refused',
        [b2to3],
        undefined,
        '3.0',
        [],
        /no upgrade of this data failed or was cut short[\s\S]*backup b-22 holds 2\.0: the 2\.0 -> 3\.0 upgrade would be lost/,
    ],
    [
        'the data version unknown: refused',
        [b3to4],
        undefined,
        undefined,
        ['4.0'],
        /the data now on disk is of unknown version/,
    ],
    [
        "a fixed build resumed the failed upgrade: its first attempt's backup",
        [b2to3, b3to4],
        undefined,
        '3.0',
        ['4.0-fix', '4.0'],
        'b-4444',
    ],
    ['named: that one, whatever it would lose', [b1to2, b2to3], 'b-1', '3.0', ['4.0'], 'b-1'],
    [
        'named but absent: usage error listing them',
        [b1to2],
        'nope',
        '3.0',
        ['4.0'],
        /no backup named nope in \/b; there are: b-1/,
    ],
    ['none at all', [], undefined, '3.0', ['4.0'], /no backup in \/b/],
];
for (const [name, backups, requested, dataVersion, attemptTo, expected] of pickRows) {
    test(`rollback picks: ${name}`, () => {
        const r = pickBackup({ product: 'acme', dir: '/b', backups, requested, dataVersion, attemptTo });
        if (typeof expected === 'string') {
            assert.ok('pick' in r, JSON.stringify(r));
            assert.equal(r.pick.name, expected);
        }
        else {
            assert.ok('refuse' in r, JSON.stringify(r));
            assert.match(r.refuse.message, expected);
            if (requested === undefined && backups.length > 0) {
                assert.equal(r.refuse.code, 'REFUSED');
                assert.match(r.refuse.hint, /name the backup: upgrade-hook rollback acme BACKUP/);
            }
        }
    });
}
test("the pending targets: the marker's, then the runs since the last success (not --only ones)", () => {
    const rs = (run, to, extra = {}) => ({
        t: 'run-start',
        run,
        at,
        from: '1.0',
        to,
        pid: 1,
        ...extra,
    });
    assert.deepEqual(pendingTargets(undefined, [rs('a', '2.0'), runEnd('a', 'ok')]), []);
    assert.deepEqual(pendingTargets('4.0-fix', [
        rs('a', '3.0'),
        runEnd('a', 'ok'),
        rs('b', '4.0'),
        runEnd('b', 'failed'),
        rs('c', '4.0-fix'),
        rs('d', '4.0', { by: 'only', only: ['0010_a'] }),
    ]), ['4.0-fix', '4.0']);
    assert.deepEqual(pendingTargets(undefined, [rs('b', '4.0'), baseline]), []);
});
test("a backup may restore only the descriptor's paths (a link: into where it still leads) and state file", () => {
    const resolved = (p) => ({ '/var/lib/acme/data': '/big/acme' })[p];
    const ok = {
        paths: [
            { path: '/etc/acme', copy: 'files/0/acme' },
            { path: '/big/acme', copy: 'files/1/acme', link: '/var/lib/acme/data' },
        ],
        stateFile: '/s',
    };
    assert.deepEqual(foreignTargets(ok, ['/etc/acme', '/var/lib/acme/data'], '/s', resolved), []);
    assert.deepEqual(foreignTargets({
        paths: [
            { path: '/etc/cron.d', copy: 'files/0/cron.d' },
            { path: '/root/.ssh', copy: null, link: '/var/lib/acme/data' },
        ],
        stateFile: '/etc/shadow',
    }, ['/etc/acme', '/var/lib/acme/data'], '/s', resolved), [
        '/etc/cron.d is not in [backup] paths',
        '/var/lib/acme/data was a link to /root/.ssh when backed up; it now leads to /big/acme',
        "its state file /etc/shadow is not the descriptor's (/s)",
    ]);
});
test('a [backup] path that does not exist is a warning (a pattern is named as one); a link is a note', () => {
    assert.equal(dataPathNote('/var/lib/acme', { kind: 'plain' }), undefined);
    assert.match(dataPathNote('/var/lib/acmee', { kind: 'missing' }).line, /^\[backup\] paths: \/var\/lib\/acmee does not exist \(a typo\?\)/);
    assert.match(dataPathNote('/var/lib/acme/*.db', { kind: 'missing' }).line, /does not exist \(paths are not patterns: list each path\)/);
    assert.equal(dataPathNote('/x', { kind: 'missing' }).warning, true);
    assert.equal(dataPathNote('/x', { kind: 'dangling' }).warning, true);
    const link = dataPathNote('/var/lib/acme', { kind: 'link', to: '/big/acme' });
    assert.deepEqual([link.warning, /content of \/big\/acme is backed up/.test(link.line)], [false, true]);
});
test('the space verdict says how much is needed and where, or nothing when it fits', () => {
    assert.equal(spaceProblem(1024, HEADROOM_BYTES + 1024, '/b'), undefined);
    const p = spaceProblem(100 * 1024 * 1024, 50 * 1024 * 1024, '/var/lib/upgrade-hook/acme/backups');
    assert.match(p, /^not enough space for the backup in \/var\/lib\/upgrade-hook\/acme\/backups: it needs 164 MiB \(100 MiB of data \+ 64\.0 MiB headroom\), the filesystem has 50\.0 MiB free; free 114 MiB there/);
    assert.equal(formatBytes(512), '512 B');
    assert.equal(formatBytes(1536), '1.5 KiB');
});
test('the downgrade command: dnf history undo when the transaction is known, else dnf downgrade PACKAGE-VERSION', () => {
    const facts = { restoredVersion: '1.1-1', owningPackage: undefined, transaction: undefined };
    assert.equal(downgradeCommand({ ...facts, buildSource: { kind: 'rpm', package: 'acme-server' }, transaction: 42 }), 'dnf history undo 42');
    assert.equal(downgradeCommand({ ...facts, buildSource: { kind: 'rpm', package: 'acme-server' } }), 'dnf downgrade acme-server-1.1-1');
    assert.equal(downgradeCommand({ ...facts, restoredVersion: '0:1.1-1', buildSource: { kind: 'rpm', package: 'acme-server' } }), 'dnf downgrade acme-server-1.1-1');
    assert.equal(downgradeCommand({
        ...facts,
        owningPackage: 'acme-server',
        buildSource: { kind: 'file', path: '/usr/share/acme/VERSION' },
    }), 'dnf downgrade acme-server-1.1-1');
    assert.match(downgradeCommand({ ...facts, buildSource: { kind: 'literal', value: '1.2' } }), /^dnf downgrade PACKAGE-1\.1-1 /);
});
test('the backup keeps the history as it was before the upgrade that takes it', () => {
    const text = [
        '{"t":"baseline","run":"stamp"}',
        '{"t":"run-start","run":"r2"}',
        '{"t":"run-end","run":"r1"}',
        '{"t":"torn',
    ].join('\n');
    assert.equal(historyWithout(text, 'r2'), '{"t":"baseline","run":"stamp"}\n{"t":"run-end","run":"r1"}\n');
});
// [backup] in the descriptor
const FILE = '/usr/lib/upgrade-hook/products.d/acme.conf';
let line = 1;
const v = (value) => ({ value, file: FILE, line: line++ });
const section = (name, keys) => ({
    name,
    file: FILE,
    line: line++,
    keys: new Map(Object.entries(keys)),
});
function descriptor(backup) {
    const product = section('product', {
        build_version: v('1.0'),
        state_file: v('/var/lib/acme/state'),
        state_section: v('acme'),
        scripts: v('/usr/share/acme/upgrade.d'),
        var_dir: v('/var/lib/uh/acme'),
    });
    return { name: 'acme', sources: [FILE], sections: new Map([product, backup].map((s) => [s.name, s])) };
}
test('[backup] with only paths gets the defaults: dir under var_dir, keep 2, required', () => {
    const r = validateDescriptor(descriptor(section('backup', { paths: v('/var/lib/acme/data  /etc/acme/acme.conf') })));
    assert.ok(r.ok, JSON.stringify(!r.ok && r.problems));
    assert.deepEqual(r.descriptor.backup, {
        paths: ['/var/lib/acme/data', '/etc/acme/acme.conf'],
        dump: undefined,
        restore: undefined,
        dir: '/var/lib/uh/acme/backups',
        keep: 2,
        required: true,
    });
});
test('[backup] with dump and restore, keep and required = no', () => {
    const r = validateDescriptor(descriptor(section('backup', {
        dump: v('pg_dump -Fc -f "$UPGRADE_HOOK_DUMP_FILE" acme # the db'),
        restore: v('pg_restore -d acme "$UPGRADE_HOOK_DUMP_FILE"'),
        dir: v('/srv/backups/acme/'),
        keep: v('5'),
        required: v('no'),
    })));
    assert.ok(r.ok, JSON.stringify(!r.ok && r.problems));
    assert.deepEqual(r.warnings, [], 'a shell command keeps its # comment without a warning');
    assert.equal(r.descriptor.backup.dir, '/srv/backups/acme');
    assert.equal(r.descriptor.backup.keep, 5);
    assert.equal(r.descriptor.backup.required, false);
});
const badRows = [
    ['relative path', { paths: 'data' }, /\[backup\] paths: data must be an absolute path/],
    ['the root', { paths: '/' }, /\[backup\] paths: \/ is not a product's data/],
    ['nothing to back up', { keep: '2' }, /\[backup\] needs paths = .* or dump = /],
    ['dump without restore', { dump: 'pg_dump' }, /\[backup\] dump needs restore = /],
    ['restore without dump', { paths: '/srv/a', restore: 'x' }, /\[backup\] restore without dump/],
    ['keep 0', { paths: '/srv/a', keep: '0' }, /\[backup\] keep = 0: use a whole number of backups, 1 or more/],
    ['required maybe', { paths: '/srv/a', required: 'maybe' }, /\[backup\] required = maybe: use yes or no/],
    ['relative dir', { paths: '/srv/a', dir: 'backups' }, /\[backup\] dir = backups: must be an absolute path/],
    [
        'dir inside a backed-up path',
        { paths: '/var/lib/uh', dir: '/var/lib/uh/acme/b' },
        /\[backup\] dir \/var\/lib\/uh\/acme\/b is inside the backed-up path \/var\/lib\/uh/,
    ],
    [
        'default dir inside a backed-up path',
        { paths: '/var/lib' },
        /dir \/var\/lib\/uh\/acme\/backups is inside the backed-up path \/var\/lib/,
    ],
    ['a misspelt key', { paths: '/srv/a', kep: '3' }, /unknown key "kep" in \[backup\]: did you mean "keep"\?/],
];
for (const [name, keys, message] of badRows) {
    test(`[backup] refused: ${name}, at the file and line of the key`, () => {
        const values = Object.fromEntries(Object.entries(keys).map(([k, x]) => [k, v(x)]));
        const r = validateDescriptor(descriptor(section('backup', values)));
        assert.equal(r.ok, false);
        if (r.ok)
            return;
        const hit = r.problems.find((p) => message.test(p.message));
        assert.ok(hit, r.problems.map((p) => p.message).join('\n'));
        assert.equal(hit.file, FILE);
        assert.ok(hit.line > 0);
    });
}
// decide() after a rollback: the build rolled back from is refused on the restored data
const input = (o) => ({
    scheme: 'rpm',
    dataVersion: '1.1-1',
    dataPlatform: 'f40',
    buildVersion: '1.2-1',
    buildPlatform: 'f40',
    skipVersionCheck: false,
    adopted: false,
    marker: { state: 'refused', reason: 'rolled-back', to: '1.2-1', downgrade: 'dnf downgrade acme-server-1.1-1' },
    ...o,
});
test('decide after a rollback: the build rolled back from is refused with the downgrade command', () => {
    const d = decide(input({}));
    assert.equal(d.kind, 'refuse');
    assert.match(d.message, /rolled back to 1\.1-1; build 1\.2-1 is the one it was rolled back from: downgrade the packages: dnf downgrade acme-server-1\.1-1/);
});
test('decide after a rollback: the packages downgraded, the data matches: up to date', () => {
    assert.equal(decide(input({ buildVersion: '1.1-1' })).kind, 'up-to-date');
});
test('decide after a rollback: a new (fixed) build upgrades as usual', () => {
    assert.equal(decide(input({ buildVersion: '1.2-2' })).kind, 'needed');
});
test('decide after a rollback: --skip-version-check upgrades anyway, loudly', () => {
    const d = decide(input({ skipVersionCheck: true }));
    assert.equal(d.kind, 'needed');
    assert.match(d.message, /forced by --skip-version-check/);
});

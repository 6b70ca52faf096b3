// Backups through the bundled CLI on real files: the copy an upgrade takes before its first script (hard
// links, sparse files, xattrs, owner, mode, times), the failing upgrade → rollback → downgrade → fixed
// upgrade story, a dump with the backends up, a failed backup, a kill during the backup, keep, the space
// check on a tiny tmpfs (refusing before anything stops), and the time a 1 GB file takes to copy.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, linkSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync, } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { BUNDLE, cliBackground } from '../helpers/cli.js';
import { installedThenUpgraded, makeProduct } from '../helpers/product.js';
import { waitForFile } from '../helpers/wait.js';
const isRoot = process.getuid?.() === 0;
const has = (cmd) => spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;
/** A product with data under ROOT/data, a backend and an app given by commands that log what they do. */
function productWithData(extraBackup = '') {
    const p = makeProduct();
    const data = join(p.root, 'data');
    mkdirSync(data);
    const ev = (what) => `echo "${what}" >> ${p.evidence}`;
    p.descriptor([
        '[service db]',
        'role = backend',
        `start = ${ev('start db')}`,
        `stop = ${ev('stop db')}`,
        '[service web]',
        'role = app',
        `start = ${ev('start web')}`,
        `stop = ${ev('stop web')}`,
        '[backup]',
        `paths = ${data} ${join(p.root, 'etc-acme.conf')}`,
        extraBackup,
    ].join('\n'));
    writeFileSync(join(p.root, 'etc-acme.conf'), 'listen = 8080\n');
    return Object.assign(p, {
        data,
        backups: join(p.varDir, 'backups'),
        services: () => p.evidenceLines().filter((l) => /^(start|stop) /.test(l)),
    });
}
const backupDirs = (dir) => (existsSync(dir) ? readdirSync(dir).sort() : []);
const sh = (command) => {
    const r = spawnSync('sh', ['-c', command], { encoding: 'utf8' });
    assert.equal(r.status, 0, `${command}: ${r.stderr}`);
    return r.stdout;
};
test('an upgrade backs up with every service down before the first script: hard links, sparse files, xattrs, owner, mode, times kept', (t) => {
    const p = productWithData();
    t.after(p.cleanup);
    const f = join(p.data, 'table.dat');
    writeFileSync(f, 'rows of 1.0\n');
    chmodSync(f, 0o640);
    chownSync(f, 1234, 4321);
    utimesSync(f, new Date('2001-02-03T04:05:06Z'), new Date('2001-02-03T04:05:06Z'));
    linkSync(f, join(p.data, 'table.hardlink'));
    symlinkSync('table.dat', join(p.data, 'table.symlink'));
    sh(`truncate -s 200M ${join(p.data, 'sparse.img')} && printf x | dd of=${join(p.data, 'sparse.img')} bs=1 seek=100000000 conv=notrunc status=none`);
    const xattrs = has('setfattr') && has('getfattr');
    if (xattrs)
        sh(`setfattr -n user.acme.kind -v table ${f}`);
    installedThenUpgraded(p, '1.0-1', '1.1-1');
    // the first script sees a complete backup already there, and no service running
    p.script('once', '0010_migrate', `#!/bin/sh\necho "0010 backups: $(ls ${p.varDir}/backups | tr '\\n' ' ')" >> ${p.evidence}\necho 'rows of 1.1' > ${f}\n`);
    const plan = p.run('plan', 'acme');
    assert.match(plan.stdout, /backup: would be taken before the first script \(required before every upgrade\): about [\d.]+ KiB into .*\/backups \([\d.]+ [GMT]iB free\)/);
    const r = p.run('run', 'acme');
    assert.equal(r.code, 0, r.stderr + r.stdout);
    assert.match(r.stdout, /backup: copying the data with every service down\n {2}backup: .*\/backups\/1\.0-1-\d{8}T\d{6}Z\n {2}\[offline\] once\/0010_migrate/);
    const [name] = backupDirs(p.backups);
    assert.ok(name, 'one backup');
    assert.deepEqual(p.evidenceLines(), ['stop web', 'stop db', `0010 backups: ${name} `, 'start db', 'start web']);
    const b = join(p.backups, name);
    const copy = join(b, 'files/0/data');
    assert.equal(readFileSync(join(copy, 'table.dat'), 'utf8'), 'rows of 1.0\n', 'the data as it was before the script');
    const st = statSync(join(copy, 'table.dat'));
    assert.equal(st.mode & 0o7777, 0o640);
    assert.deepEqual([st.uid, st.gid], [1234, 4321]);
    assert.equal(st.mtime.toISOString(), '2001-02-03T04:05:06.000Z');
    assert.equal(statSync(join(copy, 'table.hardlink')).ino, st.ino, 'the hard link is a hard link in the copy');
    assert.equal(readFileSync(join(copy, 'table.symlink'), 'utf8'), 'rows of 1.0\n');
    const sparse = statSync(join(copy, 'sparse.img'));
    assert.equal(sparse.size, 200 * 1024 * 1024);
    assert.ok(sparse.blocks * 512 < 1024 * 1024, `the sparse file stays sparse (${sparse.blocks * 512} bytes allocated)`);
    if (xattrs)
        assert.match(sh(`getfattr -n user.acme.kind ${join(copy, 'table.dat')}`), /user\.acme\.kind="table"/);
    else
        t.diagnostic('setfattr/getfattr missing (Debian package attr): xattrs not checked');
    assert.equal(readFileSync(join(b, 'files/1/etc-acme.conf'), 'utf8'), 'listen = 8080\n');
    assert.match(readFileSync(join(b, 'state'), 'utf8'), /data_version = 1\.0-1/);
    assert.doesNotMatch(readFileSync(join(b, 'history.jsonl'), 'utf8'), /run-start/, 'the history as it was before this upgrade');
    const list = p.run('backup', 'list', 'acme', '--json');
    assert.equal(list.code, 0, list.stderr);
    const [m] = JSON.parse(list.stdout);
    assert.equal(m.dataVersion, '1.0-1');
    assert.equal(m.upgradeTo, '1.1-1');
    assert.equal(m.trigger, 'upgrade');
    assert.ok(m.sizeBytes < 2 * 1024 * 1024, "the size counts allocated blocks, not the sparse file's length");
    const status = p.run('status', 'acme', '--json');
    assert.equal(JSON.parse(status.stdout).latestBackup.name, name);
    assert.match(p.run('status', 'acme').stdout, new RegExp(`Backup: ${name} \\(data 1\\.0-1, `));
    p.script('always', '0020_always', '#!/bin/sh\n');
    const again = p.run('run', 'acme', '--force');
    assert.equal(again.code, 0, again.stderr);
    assert.equal(backupDirs(p.backups).length, 2, 'every upgrade that runs scripts takes one (names distinct within a second)');
    assert.equal(p.run('backup', 'acme').code, 0);
    assert.equal(backupDirs(p.backups).length, 2, 'keep = 2 by default');
});
test('a failed upgrade, rollback, the packages downgraded, then a fixed build upgrades cleanly', (t) => {
    const p = productWithData([
        `dump = cp ${'$'}{UPGRADE_HOOK_DUMP_FILE%/dump}/../../../../db.txt "$UPGRADE_HOOK_DUMP_FILE" && echo dump >> EVIDENCE`,
        `restore = cp "$UPGRADE_HOOK_DUMP_FILE" DB && echo restore >> EVIDENCE`,
    ].join('\n'));
    t.after(p.cleanup);
    // a database the product does not own on disk: only the dump saves it
    const db = join(p.root, 'db.txt');
    const conf = readFileSync(join(p.confDir, 'acme.conf'), 'utf8')
        .replaceAll('EVIDENCE', p.evidence)
        .replace(/dump = .*/, `dump = cp ${db} "$UPGRADE_HOOK_DUMP_FILE" && echo dump >> ${p.evidence}`)
        .replace('DB &&', `${db} &&`);
    writeFileSync(join(p.confDir, 'acme.conf'), conf);
    writeFileSync(db, 'schema 1.0\nrow 1\nrow 2\n');
    writeFileSync(join(p.data, 'table.dat'), 'rows of 1.0\n');
    installedThenUpgraded(p, '1.0-1', '1.1-1');
    p.script('once', '0010_files', `#!/bin/sh\necho 'rows of 1.1' > ${p.data}/table.dat\n`);
    p.script('once', '3010_schema', `#!/bin/sh\necho 'schema 1.1' > ${db}\nexit 1\n`);
    const failed = p.run('run', 'acme');
    assert.equal(failed.code, 1);
    assert.deepEqual(p.evidenceLines(), ['stop web', 'start db', 'dump', 'stop db', 'start db'], 'dump with the apps down and the backends up, copy with all down');
    const [name] = backupDirs(p.backups);
    assert.equal(readFileSync(join(p.data, 'table.dat'), 'utf8'), 'rows of 1.1\n');
    // a rerun resumes: no backup of half-upgraded data
    const rerun = p.run('run', 'acme');
    assert.equal(rerun.code, 1);
    assert.match(rerun.stdout, /no backup: resuming: once\/0010_files already ran on this data/);
    assert.equal(backupDirs(p.backups).length, 1);
    const manual = p.run('backup', 'acme');
    assert.equal(manual.code, 1);
    assert.match(manual.stderr, /not backing up half-upgraded data/);
    rmSync(p.evidence);
    const rb = p.run('rollback', 'acme');
    assert.equal(rb.code, 0, rb.stderr + rb.stdout);
    assert.match(rb.stdout, new RegExp(`rolling back to 1\\.0-1 from backup ${name}`));
    assert.match(rb.stdout, /now downgrade the packages: dnf downgrade PACKAGE-1\.0-1/);
    assert.deepEqual(p.evidenceLines(), ['stop web', 'stop db', 'start db', 'restore'], 'the apps stay down; the restore runs with the backends up');
    assert.equal(readFileSync(join(p.data, 'table.dat'), 'utf8'), 'rows of 1.0\n');
    assert.equal(readFileSync(db, 'utf8'), 'schema 1.0\nrow 1\nrow 2\n');
    const aside = readdirSync(p.root).filter((n) => n.startsWith('data.before-rollback-'));
    assert.equal(aside.length, 1, 'the replaced data is kept aside');
    assert.equal(readFileSync(join(p.root, aside[0], 'data', 'table.dat'), 'utf8'), 'rows of 1.1\n');
    assert.match(readFileSync(p.stateFile, 'utf8'), /data_version = 1\.0-1/);
    assert.deepEqual(p.history().filter((h) => h.t === 'run-start'), [], 'the history as it was before the upgrade');
    // the build rolled back from is refused until the packages go back
    const check = p.run('check', 'acme');
    assert.equal(check.code, 3);
    assert.match(check.stderr, /rolled back to 1\.0-1; build 1\.1-1 is the one it was rolled back from/);
    assert.equal(p.run('run', 'acme').code, 3, 'run refuses to upgrade the restored data with the same build');
    const st = p.run('status', 'acme', '--json');
    const sj = JSON.parse(st.stdout);
    assert.deepEqual([sj.state, sj.marker.reason, sj.next], ['refused', 'rolled-back', "dnf downgrade PACKAGE-1.0-1 (the product's packages back to 1.0-1)"]);
    // "dnf downgrade": the build matches the data again; the gate would pass; the marker goes
    p.setBuild('1.0-1');
    assert.equal(p.run('check', 'acme').code, 0);
    const up = p.run('run', 'acme');
    assert.equal(up.code, 0, up.stderr);
    assert.match(up.stdout, /the rollback is complete/);
    assert.equal(p.marker(), undefined);
    // the fixed build
    p.script('once', '3010_schema', `#!/bin/sh\necho 'schema 1.1' > ${db}.new && cat ${db} | tail -n +2 >> ${db}.new && mv ${db}.new ${db}\n`);
    p.setBuild('1.1-2');
    const fixed = p.run('run', 'acme');
    assert.equal(fixed.code, 0, fixed.stderr + fixed.stdout);
    assert.equal(readFileSync(db, 'utf8'), 'schema 1.1\nrow 1\nrow 2\n');
    assert.equal(p.run('check', 'acme').code, 0);
    assert.deepEqual(readdirSync(p.root).filter((n) => n.includes('.before-rollback-')), [], 'the set-aside data goes after a successful upgrade');
    assert.equal(backupDirs(p.backups).length, 2, 'keep = 2');
});
test('a failed backup stops the upgrade before any script: the backends come back, the marker says why', (t) => {
    const p = productWithData(`dump = echo 'pg_dump: connection refused' >&2; exit 2\nrestore = true`);
    t.after(p.cleanup);
    installedThenUpgraded(p, '1.0-1', '1.1-1');
    p.script('once', '0010_migrate', `#!/bin/sh\necho ran >> ${p.evidence}\n`);
    const r = p.run('run', 'acme');
    assert.equal(r.code, 1);
    assert.match(r.stderr, /upgrade failed: backup failed: the dump command failed \(exit 2\): pg_dump: connection refused/);
    assert.match(r.stderr, /next: no script ran and the data is unchanged|next: nothing was changed/);
    assert.deepEqual(p.evidenceLines(), ['stop web', 'start db'], 'no script ran; the backend is up (it was started for the dump), the app waits');
    const m = p.marker();
    assert.deepEqual([m.state, m.reason], ['failed', 'backup-failed']);
    assert.deepEqual(backupDirs(p.backups), [], 'nothing half-made is left');
    assert.equal(p.history().filter((h) => h.t === 'script-start').length, 0);
});
test('a kill during the backup, then a rerun: the partial backup is discarded and a whole one taken', async (t) => {
    const p = productWithData();
    t.after(p.cleanup);
    const slow = join(p.root, 'slow');
    const conf = readFileSync(join(p.confDir, 'acme.conf'), 'utf8');
    writeFileSync(join(p.confDir, 'acme.conf'), `${conf}\ndump = echo part > "$UPGRADE_HOOK_DUMP_FILE"; if [ -e ${slow} ]; then touch ${slow}.reached; sleep 60; fi\nrestore = true\n`);
    writeFileSync(join(p.data, 'table.dat'), 'rows of 1.0\n');
    installedThenUpgraded(p, '1.0-1', '1.1-1');
    p.script('once', '0010_migrate', `#!/bin/sh\necho 'rows of 1.1' > ${p.data}/table.dat\n`);
    writeFileSync(slow, '');
    const child = cliBackground(['run', 'acme'], p.env);
    await waitForFile(`${slow}.reached`, 30_000);
    const partial = readdirSync(p.backups).filter((n) => n.startsWith('.partial-'));
    assert.equal(partial.length, 1, 'it builds under a temporary name');
    process.kill(-child.pid, 'SIGKILL');
    await child.result;
    spawnSync('pkill', ['-KILL', '-f', `${slow}.reached`]);
    assert.deepEqual(backupDirs(p.backups).filter((n) => !n.startsWith('.')), [], 'a partial backup is never listed');
    assert.match(p.run('backup', 'list', 'acme').stdout, /no backups in/);
    rmSync(slow);
    const r = p.run('run', 'acme');
    assert.equal(r.code, 0, r.stderr + r.stdout);
    const left = backupDirs(p.backups);
    assert.equal(left.filter((n) => n.startsWith('.partial-')).length, 0, 'the partial one is gone');
    assert.equal(left.length, 1);
    assert.equal(readFileSync(join(p.backups, left[0], 'files/0/data/table.dat'), 'utf8'), 'rows of 1.0\n');
    assert.equal(readFileSync(join(p.backups, left[0], 'dump'), 'utf8'), 'part\n');
});
test('backup by hand stops and starts the services; keep prunes the oldest; list shows them', (t) => {
    const p = productWithData('keep = 2');
    t.after(p.cleanup);
    writeFileSync(join(p.data, 'table.dat'), 'rows\n');
    assert.equal(p.run('stamp', 'acme').code, 0);
    const names = [];
    for (let i = 0; i < 3; i++) {
        const r = p.run('backup', 'acme');
        assert.equal(r.code, 0, r.stderr);
        names.push(/backup (\S+) in /.exec(r.stdout)[1]);
        if (i < 2)
            spawnSync('sleep', ['1.1']);
    }
    assert.deepEqual(p.services(), [
        'stop web',
        'stop db',
        'start db',
        'start web',
        'stop web',
        'stop db',
        'start db',
        'start web',
        'stop web',
        'stop db',
        'start db',
        'start web',
    ]);
    assert.deepEqual(backupDirs(p.backups), names.slice(1), 'the oldest went');
    const list = p.run('backup', 'list', 'acme');
    assert.equal(list.stdout.trim().split('\n').length, 2);
    assert.match(list.stdout, /data 1\.0-1 .* by hand/);
    assert.equal(p.run('backup', 'lists', 'acme').code, 2);
    const rb = p.run('rollback', 'acme', 'no-such-backup');
    assert.equal(rb.code, 2);
    assert.match(rb.stderr, /no backup named no-such-backup in .*; there are: /);
});
test('no room for the backup on a tiny tmpfs: refused before anything is stopped, with how much and where', {
    skip: !isRoot ? 'needs root (mount)' : !has('unshare') ? 'needs unshare' : undefined,
}, (t) => {
    const p = productWithData();
    t.after(p.cleanup);
    writeFileSync(join(p.data, 'table.dat'), Buffer.alloc(4 * 1024 * 1024, 7));
    installedThenUpgraded(p, '1.0-1', '1.1-1');
    p.script('once', '0010_migrate', `#!/bin/sh\necho ran >> ${p.evidence}\n`);
    const tiny = join(p.root, 'tiny');
    mkdirSync(tiny);
    const conf = join(p.confDir, 'acme.conf');
    writeFileSync(conf, `${readFileSync(conf, 'utf8')}\ndir = ${tiny}/backups\n`);
    // a private mount namespace: the tmpfs goes away with the process, even if the test is killed
    const inNs = (args) => spawnSync('unshare', [
        '-m',
        '--propagation',
        'private',
        'sh',
        '-c',
        `mount -t tmpfs -o size=2m tmpfs ${tiny} && ${process.execPath} ${BUNDLE} ${args}`,
    ], { env: p.env, encoding: 'utf8' });
    const r = inNs('run acme');
    t.diagnostic(`transcript: upgrade-hook run acme (exit ${r.status})\n${r.stdout}${r.stderr}`);
    console.log(`--- space check transcript (exit ${r.status}) ---\n$ upgrade-hook run acme\n${r.stdout}${r.stderr}---`);
    assert.equal(r.status, 1);
    assert.match(r.stderr, new RegExp(`not enough space for the backup in ${tiny}/backups: it needs [\\d.]+ MiB \\([\\d.]+ MiB of data \\+ 64\\.0 MiB headroom\\), the filesystem has [\\d.]+ MiB free; free [\\d.]+ MiB there, or set \\[backup\\] dir`));
    assert.match(r.stderr, /nothing was stopped or changed/);
    assert.deepEqual(p.evidenceLines(), [], 'no service stopped, no script ran');
    assert.deepEqual([p.marker().state, p.marker().reason], ['failed', 'backup-no-space']);
    assert.equal(p.history().filter((h) => h.t === 'run-start').length, 0);
    // required = no: a warning, and the upgrade goes on without one
    writeFileSync(conf, `${readFileSync(conf, 'utf8')}required = no\n`);
    const r2 = inNs('run acme');
    assert.equal(r2.status, 0, r2.stderr);
    assert.match(r2.stderr, /not enough space for the backup .*; going on without a backup \(\[backup\] required = no\)/);
    assert.deepEqual(p.evidenceLines(), ['stop web', 'stop db', 'ran', 'start db', 'start web']);
});
test('a 1 GB file: backup time with reflinks (where the filesystem has them) and with a plain copy', {
    skip: !has('fallocate') ? 'needs fallocate' : undefined,
}, (t) => {
    const figures = [];
    // the whole cycle in one shell, so it can run inside a private mount namespace with a loop-mounted filesystem
    const timeOne = (label, mountFirst, where) => {
        const p = makeProduct();
        try {
            const data = join(where, 'uh-1g-data');
            p.descriptor(`[backup]\npaths = ${data}\ndir = ${where}/uh-1g-backups`);
            const uh = `${process.execPath} ${BUNDLE}`;
            const script = [
                ...(mountFirst ? [mountFirst] : []),
                `mkdir -p ${data}`,
                `fallocate -l 1G ${data}/big.img`,
                `printf data | dd of=${data}/big.img conv=notrunc status=none`,
                `${uh} stamp acme >/dev/null`,
                `${uh} backup acme >/dev/null`,
                `${uh} backup list acme --json`,
                `rm -rf ${data} ${where}/uh-1g-backups`,
            ].join(' && ');
            const argv = mountFirst
                ? ['unshare', '-m', '--propagation', 'private', 'sh', '-c', script]
                : ['sh', '-c', script];
            const r = spawnSync(argv[0], argv.slice(1), { env: p.env, encoding: 'utf8', timeout: 300_000 });
            if (r.status !== 0) {
                t.diagnostic(`${label}: not measured: ${r.stderr.trim()}`);
                return;
            }
            const [m] = JSON.parse(r.stdout);
            figures.push(`${label}: the copy of a 1 GiB file took ${(m.copyMs / 1000).toFixed(2)} s`);
        }
        finally {
            p.cleanup();
        }
    };
    const fsType = sh(`stat -f -c %T ${tmpdir()}`).trim();
    timeOne(`${tmpdir()} (${fsType}${['btrfs', 'xfs'].includes(fsType) ? ', reflink' : ', no reflink: a plain copy'})`, undefined, tmpdir());
    if (isRoot && has('mkfs.xfs') && has('unshare')) {
        const dir = mkdtempSync(join(tmpdir(), 'uh-xfs-'));
        try {
            sh(`truncate -s 3G ${dir}/img && mkfs.xfs -q -m reflink=1 ${dir}/img && mkdir ${dir}/mnt`);
            timeOne('xfs with reflink=1 (loop file)', `mount -o loop ${dir}/img ${dir}/mnt`, `${dir}/mnt`);
        }
        finally {
            rmSync(dir, { recursive: true, force: true });
        }
    }
    else
        t.diagnostic('no mkfs.xfs (Debian package xfsprogs) or not root: reflink not measured');
    for (const f of figures) {
        t.diagnostic(f);
        console.log(f);
    }
    assert.ok(figures.length >= 1);
});
test('rollback of a data path that is a mount point: emptied and refilled in place, its content set aside', {
    skip: !isRoot ? 'needs root (mount)' : !has('unshare') ? 'needs unshare' : undefined,
}, (t) => {
    const p = productWithData();
    t.after(p.cleanup);
    installedThenUpgraded(p, '1.0-1', '1.1-1');
    p.script('once', '0010_migrate', `#!/bin/sh\necho 'rows of 1.1' > ${p.data}/table.dat\nexit 1\n`);
    const uh = `${process.execPath} ${BUNDLE}`;
    // the data directory is a mount point (rename(2) gives EBUSY), in a private mount namespace
    const script = [
        `mount -t tmpfs -o size=8m,mode=0750 tmpfs ${p.data}`,
        `echo 'rows of 1.0' > ${p.data}/table.dat`,
        `{ ${uh} run acme; true; }`,
        `${uh} rollback acme`,
        `echo "content: $(cat ${p.data}/table.dat)"`,
        `echo "mode: $(stat -c %a ${p.data}) mounted: $(findmnt -n -o FSTYPE ${p.data})"`,
        `echo "aside: $(cat ${p.root}/data.before-rollback-*/data/table.dat)"`,
    ].join(' && ');
    const r = spawnSync('unshare', ['-m', '--propagation', 'private', 'sh', '-c', script], {
        env: p.env,
        encoding: 'utf8',
    });
    assert.equal(r.status, 0, r.stderr + r.stdout);
    assert.match(r.stdout, /content: rows of 1\.0\n/);
    assert.match(r.stdout, /mode: 750 mounted: tmpfs\n/, 'still the mount point, with its mode');
    assert.match(r.stdout, /aside: rows of 1\.1\n/);
});
test('rollback of a backup with a dump, after restore = left the descriptor: refused before anything stops or moves', (t) => {
    const p = productWithData(`dump = echo rows > "$UPGRADE_HOOK_DUMP_FILE"\nrestore = true`);
    t.after(p.cleanup);
    writeFileSync(join(p.data, 'table.dat'), 'rows of 1.0\n');
    assert.equal(p.run('stamp', 'acme').code, 0);
    const b = p.run('backup', 'acme');
    assert.equal(b.code, 0, b.stderr);
    const conf = join(p.confDir, 'acme.conf');
    writeFileSync(conf, readFileSync(conf, 'utf8')
        .replace(/^dump = .*\n/m, '')
        .replace(/^restore = .*\n/m, ''));
    writeFileSync(join(p.data, 'table.dat'), 'rows of 1.1\n');
    const servicesBefore = p.services();
    const r = p.run('rollback', 'acme', /backup (\S+) in /.exec(b.stdout)[1]);
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stderr, /holds a dump, but the descriptor has no \[backup\] restore = command to read it back; nothing was stopped or changed/);
    assert.match(r.stderr, /next: add the restore command .* then rerun: upgrade-hook rollback acme /);
    assert.deepEqual(p.services(), servicesBefore, 'no service stopped');
    assert.equal(readFileSync(join(p.data, 'table.dat'), 'utf8'), 'rows of 1.1\n', 'the data stays as it was');
    assert.equal(p.marker(), undefined, 'no rollback marker');
});
describe('issue 19: backups kept apart, trusted, chosen right', () => {
    const nameFrom = (stdout) => /backup (\S+) in /.exec(stdout)[1];
    const manifests = (dir) => backupDirs(dir)
        .filter((n) => !n.startsWith('.'))
        .map((n) => JSON.parse(readFileSync(join(dir, n, 'manifest.json'), 'utf8')));
    test('rollback without a name after an attempt that took no backup: refused, each backup with what it would lose', (t) => {
        const p = productWithData();
        t.after(p.cleanup);
        writeFileSync(join(p.data, 'table.dat'), 'rows of 1.0\n');
        installedThenUpgraded(p, '1.0-1', '2.0-1');
        p.script('once', '0010_to2', `#!/bin/sh\necho 'rows of 2.0' > ${p.data}/table.dat\n`);
        assert.equal(p.run('run', 'acme').code, 0);
        const [first] = backupDirs(p.backups);
        // the 3.0 attempt: its backup step fails before any script (the dump cannot reach the database)
        const conf = join(p.confDir, 'acme.conf');
        writeFileSync(conf, `${readFileSync(conf, 'utf8')}\ndump = exit 2\nrestore = true\n`);
        p.setBuild('3.0-1');
        p.script('once', '0020_to3', `#!/bin/sh\necho 'rows of 3.0' > ${p.data}/table.dat\n`);
        const failed = p.run('run', 'acme');
        assert.equal(failed.code, 1, failed.stdout + failed.stderr);
        assert.deepEqual([p.marker().reason, p.marker().to], ['backup-failed', '3.0-1']);
        rmSync(p.evidence);
        const rb = p.run('rollback', 'acme');
        assert.equal(rb.code, 3, rb.stdout + rb.stderr);
        assert.match(rb.stderr, /not rolling back without a backup named: the upgrade to 3\.0-1 took no backup of data 2\.0-1/);
        assert.match(rb.stderr, new RegExp(`backup ${first} holds 1\\.0-1: the 1\\.0-1 -> 2\\.0-1 upgrade would be lost`));
        assert.match(rb.stderr, /nothing was stopped or changed/);
        assert.match(rb.stderr, /name the backup: upgrade-hook rollback acme BACKUP/);
        assert.doesNotMatch(rb.stdout, /dnf downgrade/);
        assert.equal(readFileSync(join(p.data, 'table.dat'), 'utf8'), 'rows of 2.0\n', 'the 2.0 data stays');
        assert.deepEqual(p.services(), [], 'nothing stopped');
        assert.equal(p.marker().reason, 'backup-failed', 'the marker stays');
        // named, it is the admin's choice: the loss is explicit
        const named = p.run('rollback', 'acme', first);
        assert.equal(named.code, 0, named.stderr);
        assert.equal(readFileSync(join(p.data, 'table.dat'), 'utf8'), 'rows of 1.0\n');
    });
    test('two products sharing a [backup] dir: refused by backup, rollback and plan; a foreign backup is never listed, pruned or restored', (t) => {
        const p = productWithData('keep = 1');
        t.after(p.cleanup);
        const shared = join(p.root, 'shared-backups');
        const conf = join(p.confDir, 'acme.conf');
        writeFileSync(conf, `${readFileSync(conf, 'utf8')}dir = ${shared}\n`);
        writeFileSync(join(p.data, 'table.dat'), 'acme rows\n');
        const q = makeProduct('beta');
        t.after(q.cleanup);
        const betaData = join(q.root, 'data');
        mkdirSync(betaData);
        writeFileSync(join(betaData, 'beta.dat'), 'beta rows\n');
        q.descriptor(`[backup]\npaths = ${betaData}\ndir = ${shared}`);
        const both = `${p.confDir}:${q.confDir}`;
        p.env.UPGRADE_HOOK_CONFIG_PATH = both;
        q.env.UPGRADE_HOOK_CONFIG_PATH = q.confDir; // beta alone, as if acme were installed later
        assert.equal(q.run('stamp', 'beta').code, 0);
        const qb = q.run('backup', 'beta');
        assert.equal(qb.code, 0, qb.stderr);
        const betaBackup = nameFrom(qb.stdout);
        assert.equal(p.run('stamp', 'acme').code, 0);
        const b = p.run('backup', 'acme');
        assert.equal(b.code, 78, b.stdout + b.stderr);
        assert.match(b.stderr, new RegExp(`\\[backup\\] dir ${shared} is also the backup directory of beta`));
        assert.match(b.stderr, /nothing was stopped or changed/);
        assert.deepEqual(p.services(), [], 'nothing stopped');
        const rb = p.run('rollback', 'acme');
        assert.equal(rb.code, 78, rb.stdout + rb.stderr);
        assert.match(rb.stderr, /is also the backup directory of beta/);
        const plan = p.run('plan', 'acme');
        assert.equal(plan.code, 78);
        assert.match(plan.stdout, /PROBLEM: .*acme\.conf: \[backup\] dir .* is also the backup directory of beta/);
        assert.doesNotMatch(p.run('backup', 'list', 'acme').stdout, new RegExp(betaBackup), "beta's backup is not acme's");
        // beta's descriptor gone (uninstalled), its backup left: acme's keep and rollback leave it alone
        p.env.UPGRADE_HOOK_CONFIG_PATH = p.confDir;
        for (let i = 0; i < 2; i++)
            assert.equal(p.run('backup', 'acme').code, 0);
        assert.ok(backupDirs(shared).includes(betaBackup), 'keep = 1 did not prune the other product');
        assert.equal(backupDirs(shared).length, 2, "beta's and acme's newest");
        assert.equal(p.run('backup', 'list', 'acme').stdout.trim().split('\n').length, 1);
        const foreign = p.run('rollback', 'acme', betaBackup);
        assert.equal(foreign.code, 2);
        assert.match(foreign.stderr, new RegExp(`no backup named ${betaBackup}`));
        assert.equal(readFileSync(join(betaData, 'beta.dat'), 'utf8'), 'beta rows\n');
    });
    test('a data path that is a symbolic link (data moved to a bigger disk): its target is backed up, and restored there', (t) => {
        const p = productWithData();
        t.after(p.cleanup);
        // the data directory moved to another disk, a link left in its place
        const big = join(p.root, 'big');
        mkdirSync(big);
        const real = join(big, 'acme-data');
        rmSync(p.data, { recursive: true });
        mkdirSync(real);
        symlinkSync(real, p.data);
        writeFileSync(join(real, 'table.dat'), 'rows of 1.0\n');
        installedThenUpgraded(p, '1.0-1', '1.1-1');
        p.script('once', '0010_migrate', `#!/bin/sh\necho 'rows of 1.1' > ${p.data}/table.dat\nexit 1\n`);
        const run = p.run('run', 'acme');
        assert.equal(run.code, 1);
        const [name] = backupDirs(p.backups);
        const b = join(p.backups, name);
        assert.equal(lstatSync(join(b, 'files/0')).isDirectory() && readdirSync(join(b, 'files/0')).join(), 'acme-data', 'the content, not the link');
        assert.equal(readFileSync(join(b, 'files/0/acme-data/table.dat'), 'utf8'), 'rows of 1.0\n');
        assert.match(p.run('plan', 'acme').stdout, new RegExp(`\\[backup\\] paths: ${p.data} is a symbolic link to ${real}: the content`));
        const [m] = manifests(p.backups);
        assert.deepEqual(m.paths[0], { path: real, copy: 'files/0/acme-data', link: p.data });
        const rb = p.run('rollback', 'acme');
        assert.equal(rb.code, 0, rb.stderr + rb.stdout);
        assert.ok(lstatSync(p.data).isSymbolicLink(), 'the link stays a link');
        assert.equal(readlinkSync(p.data), real);
        assert.equal(readFileSync(join(real, 'table.dat'), 'utf8'), 'rows of 1.0\n', 'the content is back where it lives');
        const aside = readdirSync(big).filter((n) => n.startsWith('acme-data.before-rollback-'));
        assert.equal(aside.length, 1);
        // the replaced data is kept inside the root-only work directory, under its own name
        assert.equal(readFileSync(join(big, aside[0], 'acme-data', 'table.dat'), 'utf8'), 'rows of 1.1\n');
    });
    test('a backup directory others can write is refused by backup, plan and rollback, before anything stops', (t) => {
        const p = productWithData();
        t.after(p.cleanup);
        writeFileSync(join(p.data, 'table.dat'), 'rows\n');
        assert.equal(p.run('stamp', 'acme').code, 0);
        const conf = join(p.confDir, 'acme.conf');
        const original = readFileSync(conf, 'utf8');
        const open = join(p.root, 'open');
        mkdirSync(open);
        chmodSync(open, 0o777);
        writeFileSync(conf, `${original}dir = ${open}/backups\n`);
        const b = p.run('backup', 'acme');
        assert.equal(b.code, 78, b.stdout + b.stderr);
        assert.match(b.stderr, new RegExp(`\\[backup\\] dir ${open}/backups: ${open} is writable by anyone`));
        assert.deepEqual(p.services(), [], 'nothing stopped');
        assert.equal(existsSync(join(open, 'backups')), false);
        assert.match(p.run('plan', 'acme').stdout, new RegExp(`PROBLEM: ${open}/backups: .* is writable by anyone`));
        assert.equal(p.run('rollback', 'acme').code, 78);
    });
    test('a backup whose manifest names a path the descriptor does not list is never restored', (t) => {
        const p = productWithData();
        t.after(p.cleanup);
        writeFileSync(join(p.data, 'table.dat'), 'rows\n');
        assert.equal(p.run('stamp', 'acme').code, 0);
        // planted, or left by another layout of the product
        const victim = join(p.root, 'victim');
        writeFileSync(victim, 'root-owned file\n');
        const planted = join(p.backups, 'planted');
        mkdirSync(join(planted, 'files/0'), { recursive: true, mode: 0o700 });
        writeFileSync(join(planted, 'files/0/victim'), 'attacker content\n');
        writeFileSync(join(planted, 'manifest.json'), JSON.stringify({
            schema: 1,
            product: 'acme',
            name: 'planted',
            dataVersion: '1.0-1',
            platform: null,
            upgradeTo: null,
            trigger: 'manual',
            createdAt: new Date().toISOString(),
            paths: [{ path: victim, copy: 'files/0/victim' }],
            stateFile: p.stateFile,
            stateCopied: false,
            historyCopied: false,
            dump: false,
            sizeBytes: 0,
            copyMs: 0,
            syncMs: 0,
        }));
        const rb = p.run('rollback', 'acme', 'planted');
        assert.equal(rb.code, 78, rb.stdout + rb.stderr);
        assert.match(rb.stderr, new RegExp(`refusing backup planted: .*${victim} is not in \\[backup\\] paths`));
        assert.equal(readFileSync(victim, 'utf8'), 'root-owned file\n');
        assert.deepEqual(p.services(), [], 'nothing stopped');
        assert.equal(p.marker(), undefined);
    });
    test('a clock stepped back: the backup an upgrade just took is kept, the older one pruned', (t) => {
        const p = productWithData('keep = 1');
        t.after(p.cleanup);
        writeFileSync(join(p.data, 'table.dat'), 'rows of 1.0\n');
        installedThenUpgraded(p, '1.0-1', '1.0-1');
        const manual = p.run('backup', 'acme');
        assert.equal(manual.code, 0, manual.stderr);
        const old = nameFrom(manual.stdout);
        // taken while the clock was a year ahead; NTP has since stepped it back
        const mf = join(p.backups, old, 'manifest.json');
        const m = JSON.parse(readFileSync(mf, 'utf8'));
        writeFileSync(mf, JSON.stringify({ ...m, createdAt: '2099-01-01T00:00:00.000Z' }));
        p.setBuild('1.1-1');
        p.script('once', '0010_migrate', `#!/bin/sh\necho 'rows of 1.1' > ${p.data}/table.dat\nexit 1\n`);
        assert.equal(p.run('run', 'acme').code, 1);
        const left = manifests(p.backups);
        assert.deepEqual(left.map((x) => [x.trigger, x.upgradeTo]), [['upgrade', '1.1-1']], "the upgrade's backup stays, the older one goes");
        const rb = p.run('rollback', 'acme');
        assert.equal(rb.code, 0, rb.stderr);
        assert.equal(readFileSync(join(p.data, 'table.dat'), 'utf8'), 'rows of 1.0\n');
    });
    test('a [backup] path that does not exist (a typo, a pattern) is named in plan and in the backup', (t) => {
        const p = productWithData();
        t.after(p.cleanup);
        const conf = join(p.confDir, 'acme.conf');
        const typo = join(p.root, 'dta');
        const pattern = join(p.root, 'data', '*.db');
        writeFileSync(conf, readFileSync(conf, 'utf8').replace(/^paths = (.*)$/m, `paths = $1 ${typo} ${pattern}`));
        writeFileSync(join(p.data, 'table.dat'), 'rows\n');
        assert.equal(p.run('stamp', 'acme').code, 0);
        const plan = p.run('plan', 'acme');
        assert.match(plan.stdout, new RegExp(`warning: \\[backup\\] paths: ${typo} does not exist \\(a typo\\?\\)`));
        assert.match(plan.stdout, new RegExp(`warning: \\[backup\\] paths: ${pattern.replace('*', '\\*')} does not exist \\(paths are not patterns`));
        const b = p.run('backup', 'acme');
        assert.equal(b.code, 0, b.stderr);
        assert.match(b.stderr, new RegExp(`warning: acme: backup: \\[backup\\] paths: ${typo} does not exist`));
        assert.match(b.stderr, /paths are not patterns: list each path/);
    });
});
describe('rollback: set-aside copies (issue 19)', () => {
    test('rollbacks in quick succession each keep their own set-aside copy of the state file', (t) => {
        const p = productWithData();
        t.after(p.cleanup);
        writeFileSync(join(p.data, 'table.dat'), 'rows of 1.0\n');
        installedThenUpgraded(p, '1.0-1', '1.1-1');
        p.setBuild('1.0-1');
        const taken = p.run('backup', 'acme');
        assert.equal(taken.code, 0, taken.stderr);
        // named: the data on disk is no failed upgrade's, so rollback has no default backup (issue 19 item 8)
        const name = /backup (\S+) in /.exec(taken.stdout)[1];
        p.setBuild('1.1-1');
        const rounds = 6;
        for (let i = 1; i <= rounds; i++) {
            // each state file replaced carries its round: every one must be found set aside
            writeFileSync(p.stateFile, `[acme]\ndata_version = 1.1-1\nround = ${i}\n`, { mode: 0o600 });
            const r = p.run('rollback', 'acme', name);
            assert.equal(r.code, 0, r.stderr);
        }
        const stateDir = join(p.root, 'state');
        const asides = readdirSync(stateDir).filter((n) => n.startsWith('sysupgrade.state.before-rollback-'));
        const kept = asides
            .map((n) => {
            const at = join(stateDir, n);
            // the work directory holds the file under its own name
            const text = readFileSync(statSync(at).isDirectory() ? join(at, 'sysupgrade.state') : at, 'utf8');
            return Number(/round = (\d+)/.exec(text)?.[1]);
        })
            .sort((a, b) => a - b);
        assert.deepEqual(kept, Array.from({ length: rounds }, (_, i) => i + 1), `one copy per rollback: ${asides.join(', ')}`);
    });
});

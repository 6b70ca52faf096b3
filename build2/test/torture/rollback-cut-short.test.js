// A rollback cut short by a power cut (SIGKILL of the tool and of its restore command, while the files are
// back and the database is not): every entry point refuses to run anything on the half-restored data —
// run, run --only, the gate (also once the packages are downgraded), %posttrans, stamp, resolve and a backup
// by hand — and `status` names the rollback as the next command. The rerun rollback then finishes, and its
// `refused (rolled-back)` marker is lifted only by a build matching the restored data.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { cliBackground } from '../helpers/cli.js';
import { installedThenUpgraded, makeProduct } from '../helpers/product.js';
import { waitForFile } from '../helpers/wait.js';
function killPid(file) {
    try {
        process.kill(Number(readFileSync(file, 'utf8')), 'SIGKILL');
    }
    catch {
        /* gone already */
    }
}
test('a rollback cut short: nothing runs on the half-restored data until the rollback is rerun', async (t) => {
    const p = makeProduct();
    const data = join(p.root, 'data');
    const db = join(p.root, 'db.txt');
    const hang = join(p.root, 'hang-restore');
    const restorePid = join(p.root, 'restore.pid');
    mkdirSync(data);
    t.after(() => {
        killPid(restorePid);
        p.cleanup();
    });
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
        `paths = ${data}`,
        `dump = cp ${db} "$UPGRADE_HOOK_DUMP_FILE"`,
        // the restore of the database hangs while the hang file exists: the power cut comes then
        `restore = if [ -e ${hang} ]; then echo $$ > ${restorePid}; ${ev('restore started')}; exec sleep 600; fi; cp "$UPGRADE_HOOK_DUMP_FILE" ${db}`,
    ].join('\n'));
    writeFileSync(db, 'schema 1.0\n');
    writeFileSync(join(data, 'table.dat'), 'rows of 1.0\n');
    installedThenUpgraded(p, '1.0-1', '1.1-1');
    p.script('once', '0010_files', `#!/bin/sh\n${ev('ran 0010')}\necho 'rows of 1.1' > ${data}/table.dat\n`);
    p.script('once', '3010_schema', `#!/bin/sh\n${ev('ran 3010')}\necho 'schema 1.1' > ${db}\nexit 1\n`);
    const failed = p.run('run', 'acme');
    assert.equal(failed.code, 1, failed.stderr);
    const backup = readdirSync(join(p.varDir, 'backups'))[0];
    writeFileSync(hang, '');
    const rb = cliBackground(['rollback', 'acme', backup], p.env);
    await waitForFile(restorePid, 60_000);
    // the power cut: the tool and the restore it runs die at once
    process.kill(-rb.pid, 'SIGKILL');
    killPid(restorePid);
    await rb.result;
    assert.equal(readFileSync(join(data, 'table.dat'), 'utf8'), 'rows of 1.0\n', 'the files are back');
    assert.equal(readFileSync(db, 'utf8'), 'schema 1.1\n', 'the database is not');
    assert.equal(p.marker()?.reason, 'rollback-interrupted');
    const aside = () => readdirSync(p.root).filter((n) => n.includes('.before-rollback-'));
    assert.equal(aside().length, 1, 'the data it replaced is set aside');
    const marker = readFileSync(join(p.varDir, 'marker'), 'utf8');
    const state = readFileSync(p.stateFile, 'utf8');
    const history = readFileSync(join(p.varDir, 'history.jsonl'), 'utf8');
    const rerun = `upgrade-hook rollback acme ${backup}`;
    // status names the one safe command
    const status = JSON.parse(p.run('status', 'acme', '--json').stdout);
    assert.deepEqual([status.state, status.next], ['refused', rerun]);
    assert.match(p.run('status', 'acme').stdout, new RegExp(`^ {6}Next: ${rerun}$`, 'm'));
    assert.equal(p.run('check', 'acme').code, 3);
    const unchanged = (what) => {
        assert.deepEqual(p.evidenceLines().filter((l) => l.startsWith('ran ') || l.startsWith('start ')), [], `${what}: no script ran, no service started`);
        assert.equal(readFileSync(join(p.varDir, 'marker'), 'utf8'), marker, `${what}: the rollback's marker stands`);
        assert.equal(readFileSync(p.stateFile, 'utf8'), state, `${what}: the state file is unchanged`);
        assert.equal(readFileSync(join(p.varDir, 'history.jsonl'), 'utf8'), history, `${what}: no record added`);
        assert.equal(aside().length, 1, `${what}: the set-aside data is kept`);
    };
    writeFileSync(p.evidence, '');
    for (const args of [
        ['run', 'acme'],
        ['run', 'acme', '--skip-version-check'],
        ['run', 'acme', '--only', '0010_files'],
        ['gate', 'acme'],
    ]) {
        const r = p.run(...args);
        assert.equal(r.code, 3, `${args.join(' ')}: ${r.stderr}${r.stdout}`);
        assert.match(r.stderr, /a rollback to backup \S+ did not finish: the data is half restored/);
        assert.match(r.stderr, new RegExp(`rerun the rollback: ${rerun}`));
        unchanged(args.join(' '));
    }
    const post = p.run('posttrans', 'acme');
    assert.equal(post.code, 0, 'posttrans never fails the transaction');
    assert.match(post.stderr, new RegExp(`a rollback to backup \\S+ did not finish.*\\n.*rerun the rollback: ${rerun}`));
    unchanged('posttrans');
    const stamp = p.run('stamp', 'acme');
    assert.equal(stamp.code, 3, stamp.stderr);
    assert.match(stamp.stderr, /refusing to stamp: a rollback did not finish/);
    unchanged('stamp');
    const resolve = p.run('resolve', 'acme', '3010_schema', '--reason', 'fixed', '--force');
    assert.equal(resolve.code, 2, resolve.stderr);
    assert.match(resolve.stderr, /refusing to resolve: a rollback did not finish/);
    unchanged('resolve');
    const byHand = p.run('backup', 'acme');
    assert.equal(byHand.code, 1, byHand.stderr);
    assert.match(byHand.stderr, /refusing to backup: a rollback did not finish/);
    assert.deepEqual(readdirSync(join(p.varDir, 'backups')), [backup], 'no backup of half-restored data');
    unchanged('backup');
    // "dnf downgrade" before the rollback was rerun: the gate of the old build refuses as well
    p.setBuild('1.0-1');
    for (const args of [
        ['gate', 'acme'],
        ['run', 'acme'],
    ]) {
        const r = p.run(...args);
        assert.equal(r.code, 3, `${args.join(' ')} after the downgrade: ${r.stderr}${r.stdout}`);
        unchanged(`${args.join(' ')} after the downgrade`);
    }
    p.setBuild('1.1-1');
    // the rollback, rerun, finishes
    rmSync(hang);
    const again = p.run('rollback', 'acme', backup);
    assert.equal(again.code, 0, again.stderr + again.stdout);
    assert.equal(readFileSync(db, 'utf8'), 'schema 1.0\n');
    assert.equal(p.marker()?.reason, 'rolled-back');
    // its marker: the build rolled back from is refused everywhere, stamp included; only a build matching the
    // restored data lifts it
    for (const args of [
        ['gate', 'acme'],
        ['run', 'acme'],
        ['stamp', 'acme'],
        ['run', 'acme', '--only', '0010_files'],
    ]) {
        const r = p.run(...args);
        assert.equal(r.code, 3, `${args.join(' ')} on rolled-back data: ${r.stderr}${r.stdout}`);
        assert.equal(p.marker()?.reason, 'rolled-back', `${args.join(' ')}: the marker stays`);
    }
    assert.match(readFileSync(p.stateFile, 'utf8'), /data_version = 1\.0-1/);
    assert.ok(!p.evidenceLines().some((l) => l.startsWith('ran ')), 'no step ran on the rolled-back data');
    p.setBuild('1.0-1');
    const gate = p.run('gate', 'acme');
    assert.equal(gate.code, 0, gate.stderr);
    assert.match(gate.stdout, /the rollback is complete/);
    assert.equal(p.marker(), undefined);
    assert.ok(existsSync(p.stateFile));
});

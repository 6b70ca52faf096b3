// `run --only` (the README's recovery recipe) as an admin runs it at 3 a.m.: steps by hand never make the data
// "consistent again" (the resume that follows takes no backup of half-upgraded data and prunes nothing, so a
// rollback still goes back to the data before the upgrade), and a step of a phase with the apps up is refused
// while an upgrade is pending (it would start the new build's apps on old data and let the gate through).
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { installedThenUpgraded, makeProduct } from '../helpers/product.js';
function productWithData(backup) {
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
        backup ? `[backup]\npaths = ${data}\n${backup}` : '',
    ].join('\n'));
    const dir = join(p.varDir, 'backups');
    return Object.assign(p, { data, backups: () => (existsSync(dir) ? readdirSync(dir).sort() : []) });
}
test('run --only after a failure, then the resume: no backup of half-upgraded data, the pre-upgrade one is kept and rolled back to', (t) => {
    const p = productWithData('keep = 1');
    t.after(p.cleanup);
    const table = join(p.data, 'table.dat');
    writeFileSync(table, 'rows of 1.0\n');
    installedThenUpgraded(p, '1.0-1', '1.1-1');
    p.script('once', '0010_rows', `#!/bin/sh\necho 'rows of 1.1' > ${table}\n`);
    const fix = join(p.root, 'index-fixed');
    p.script('once', '0020_fix_index', `#!/bin/sh\n[ -e ${fix} ] || exit 1\necho 'index 1.1' >> ${table}\n`);
    p.script('once', '0030_more', `#!/bin/sh\necho 'more 1.1' >> ${table}\n`);
    const failed = p.run('run', 'acme');
    assert.equal(failed.code, 1, failed.stderr);
    const before = p.backups();
    assert.equal(before.length, 1, 'the attempt backed up the data before its first script');
    // the recipe: the step again by hand, once the cause is fixed
    writeFileSync(fix, '');
    const only = p.run('run', 'acme', '--only', '0020_fix_index');
    assert.equal(only.code, 0, only.stderr);
    const resume = p.run('run', 'acme');
    assert.equal(resume.code, 0, resume.stderr + resume.stdout);
    assert.match(resume.stdout, /no backup: resuming: once\/0010_rows already ran on this data/);
    assert.deepEqual(p.backups(), before, 'no backup of half-upgraded data, and the pre-upgrade backup is not pruned');
    assert.equal(readFileSync(join(p.varDir, 'backups', before[0], 'files/0/data/table.dat'), 'utf8'), 'rows of 1.0\n', 'the backup holds the data before the upgrade');
    // what the backup is for: the rollback goes back to 1.0 data (named: the upgrade finished, so no backup is
    // the obvious one to go back to without a name)
    const rb = p.run('rollback', 'acme', before[0]);
    assert.equal(rb.code, 0, rb.stderr + rb.stdout);
    assert.equal(readFileSync(table, 'utf8'), 'rows of 1.0\n');
});
test('run --only while up to date: a later upgrade still backs up first', (t) => {
    const p = productWithData('');
    t.after(p.cleanup);
    writeFileSync(join(p.data, 'table.dat'), 'rows of 1.0\n');
    p.script('always', '0050_reindex', '#!/bin/sh\n');
    installedThenUpgraded(p, '1.0-1', '1.0-1');
    const only = p.run('run', 'acme', '--only', '0050_reindex');
    assert.equal(only.code, 0, only.stderr);
    writeFileSync(join(p.confDir, 'acme.conf'), `${readFileSync(join(p.confDir, 'acme.conf'), 'utf8')}\n[backup]\npaths = ${p.data}\n`);
    p.setBuild('1.1-1');
    const up = p.run('run', 'acme');
    assert.equal(up.code, 0, up.stderr + up.stdout);
    assert.equal(p.backups().length, 1, 'maintenance by hand on consistent data does not count as a half upgrade');
});
test('run --only of an online-phase step while an upgrade is pending: refused, nothing started, online never published', (t) => {
    const p = productWithData('');
    t.after(p.cleanup);
    installedThenUpgraded(p, '1.0-1', '1.1-1');
    p.script('once', '0010_schema', `#!/bin/sh\necho "ran 0010" >> ${p.evidence}\n`);
    p.script('once', '6010_warm_cache', `#!/bin/sh\necho "ran 6010" >> ${p.evidence}\n`);
    const r = p.run('run', 'acme', '--only', '6010_warm_cache');
    assert.equal(r.code, 3, r.stderr + r.stdout);
    assert.match(r.stderr, /not running 6010_warm_cache \(online phase\) by hand: its phase starts the apps of this build, and upgrade needed: data version 1\.0-1 is older than build 1\.1-1/);
    assert.match(r.stderr, /nothing was run; run the upgrade, .*: upgrade-hook run acme/);
    assert.deepEqual(p.evidenceLines(), [], 'no service stopped or started, no script ran');
    assert.deepEqual(p.history().filter((h) => h.t === 'run-start' && h.by === 'only'), []);
    assert.equal(p.run('check', 'acme').code, 4, 'still pending');
    // with the phases that need the apps down it runs; once up to date the online step may run by hand too
    const offline = p.run('run', 'acme', '--only', '0010_schema');
    assert.equal(offline.code, 0, offline.stderr);
    assert.equal(p.run('run', 'acme').code, 0);
    const later = p.run('run', 'acme', '--only', '6010_warm_cache');
    assert.equal(later.code, 0, later.stderr);
    assert.ok(p.evidenceLines().includes('ran 6010'));
});

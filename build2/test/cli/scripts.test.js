// Script hygiene (DESIGN §7): unsafe or misnamed scripts stop the upgrade before anything runs;
// leftovers are ignored; the admin directory overrides by name and masks with a link to /dev/null.
import assert from 'node:assert/strict';
import { chmodSync, chownSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { evidenceScript, installedThenUpgraded, makeProduct } from '../helpers/product.js';
const cases = [
    ['no #! header', (p) => p.script('once', '0020_bad', 'echo hi\n'), /0020_bad: has no "#!" header/],
    [
        'not executable',
        (p) => p.script('once', '0020_bad', '#!/bin/sh\n', 0o644),
        /0020_bad: is not executable: chmod 0755 it/,
    ],
    [
        'writable by others',
        (p) => p.script('once', '0020_bad', '#!/bin/sh\n', 0o757),
        /0020_bad: script is writable by anyone: chmod go-w it/,
    ],
    [
        'writable by its group',
        (p) => p.script('once', '0020_bad', '#!/bin/sh\n', 0o775),
        /0020_bad: script is writable by its group/,
    ],
    [
        'owned by another user',
        (p) => chownSync(p.script('once', '0020_bad', '#!/bin/sh\n'), 4242, 4242),
        /0020_bad: script is owned by uid 4242, not root/,
    ],
    [
        'directory writable by others',
        (p) => chmodSync(join(p.scriptsDir, 'once'), 0o777),
        /once: directory is writable by anyone/,
    ],
    [
        'typo: 3 digits',
        (p) => p.script('once', '010_typo', '#!/bin/sh\n'),
        /010_typo: starts with a digit but is not NNNN_name/,
    ],
    [
        'typo: dash instead of underscore',
        (p) => p.script('once', '0010-typo', '#!/bin/sh\n'),
        /0010-typo: starts with a digit but is not NNNN_name/,
    ],
    ['number 0000', (p) => p.script('once', '0000_zero', '#!/bin/sh\n'), /0000_zero: script numbers start at 0001/],
];
for (const [what, plant, message] of cases) {
    test(`refused before anything runs: ${what}`, (t) => {
        if (process.getuid?.() !== 0 && what === 'owned by another user')
            return t.skip('needs root to chown');
        const p = makeProduct();
        t.after(p.cleanup);
        p.script('once', '0010_good', evidenceScript(p));
        installedThenUpgraded(p, '1.0-1', '1.1-1');
        plant(p);
        const r = p.run('run', 'acme');
        assert.equal(r.code, 78, r.stderr);
        assert.match(r.stderr, message);
        assert.match(r.stderr, /nothing was run/);
        assert.doesNotMatch(r.stderr, /\n\s+at /);
        assert.deepEqual(p.evidenceLines(), [], 'not even the good script ran');
        assert.equal(p.history().filter((h) => h.t !== 'baseline').length, 0);
        assert.equal(p.run('plan', 'acme').code, 78, 'plan shows the problem too');
    });
}
test('leftovers and non-scripts are ignored and listed by plan', (t) => {
    const p = makeProduct();
    t.after(p.cleanup);
    installedThenUpgraded(p, '1.0-1', '1.1-1');
    p.script('once', '0010_real', evidenceScript(p));
    for (const junk of [
        '0010_real~',
        '.0010_real.swp',
        '0010_real.rpmnew',
        '0010_real.rpmsave',
        '0010_real.rpmorig',
        '0011_x.pyc',
        'README',
        'helpers.py',
    ]) {
        p.script('once', junk, 'junk\n', 0o644);
    }
    mkdirSync(join(p.scriptsDir, 'once', '__pycache__'));
    const plan = p.run('plan', 'acme');
    assert.equal(plan.code, 0, plan.stdout + plan.stderr);
    for (const junk of ['0010_real~', '0010_real.rpmnew', 'README', '__pycache__', '0011_x.pyc'])
        assert.match(plan.stdout, new RegExp(`ignored: .*${junk.replace(/[.~]/g, '\\$&')}`));
    assert.equal(p.run('run', 'acme').code, 0);
    assert.deepEqual(p.evidenceLines(), ['0010_real offline once']);
});
test('admin scripts override package scripts by name and mask them with a link to /dev/null', (t) => {
    const p = makeProduct();
    t.after(p.cleanup);
    const admin = join(p.root, 'admin');
    p.descriptor('', `admin_scripts = ${admin}`);
    p.script('once', '0010_pkg', evidenceScript(p));
    p.script('once', '0020_masked', evidenceScript(p));
    p.script('always', '3000_replaced', evidenceScript(p));
    installedThenUpgraded(p, '1.0-1', '1.1-1');
    for (const k of ['once', 'always'])
        mkdirSync(join(admin, k), { recursive: true, mode: 0o755 });
    chmodSync(admin, 0o755);
    symlinkSync('/dev/null', join(admin, 'once', '0020_masked'));
    writeFileSync(join(admin, 'always', '3000_replaced'), `#!/bin/sh\necho "admin version" >> ${p.evidence}\n`, {
        mode: 0o755,
    });
    writeFileSync(join(admin, 'once', '0015_admin_extra'), `#!/bin/sh\necho "admin extra" >> ${p.evidence}\n`, {
        mode: 0o755,
    });
    const plan = p.run('plan', 'acme');
    assert.match(plan.stdout, /masked by the admin: once\/0020_masked/);
    assert.match(plan.stdout, /always\/3000_replaced .*\[admin override\]/);
    assert.equal(p.run('run', 'acme').code, 0);
    assert.deepEqual(p.evidenceLines(), ['admin extra', 'admin version'], '0010_pkg was baselined by stamp, 0020 masked');
});
test('a script number outside every phase is an error naming the phases', (t) => {
    const p = makeProduct();
    t.after(p.cleanup);
    p.descriptor('[phases]\noffline = 0001-0999\nbackend = 1000-1999\nonline = 2000-2999');
    p.script('once', '5000_orphan', '#!/bin/sh\n');
    installedThenUpgraded(p, '1.0-1', '1.1-1');
    const r = p.run('run', 'acme');
    assert.equal(r.code, 78);
    assert.match(r.stderr, /5000_orphan: number 5000 is in no phase/);
});

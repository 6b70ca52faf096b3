// Every command the tool runs gets one fixed environment (src/proc/command-env.ts): PATH and LANG of its
// own, nothing of the caller's. Before, `backup`, `rollback` and the upgrade's dump ran with the caller's
// PATH (and rollback's `rpm -qf` with the caller's whole environment): with `su` without `-` or `sudo -E`,
// a user's own bin directory first on PATH got its `sync`, `cp` or `rpm` run as root. Here the caller's
// PATH starts with a directory of such commands that record being run; none of them may run, and the
// dump, restore and service commands see the fixed PATH.
import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { installedThenUpgraded, makeProduct } from '../helpers/product.js';
const FIXED_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';
const DECOYS = ['cp', 'sync', 'rpm', 'pg_dump', 'pg_restore', 'systemctl', 'sh'];
/** A product with data, a backend and an app, a dump and a restore, each saying which PATH it ran with. */
function productWithCallerBin() {
    const p = makeProduct();
    const data = join(p.root, 'data');
    mkdirSync(data);
    writeFileSync(join(data, 'table.dat'), 'rows of 1.0\n');
    const said = (what) => `echo "${what} PATH=$PATH" >> ${p.evidence}`;
    p.descriptor([
        '[service db]',
        'role = backend',
        `start = ${said('start db')}`,
        `stop = ${said('stop db')}`,
        '[service web]',
        'role = app',
        `start = ${said('start web')}`,
        `stop = ${said('stop web')}`,
        '[backup]',
        `paths = ${data}`,
        `dump = ${said('dump')}; pg_dump > "$UPGRADE_HOOK_DUMP_FILE" 2>/dev/null || echo rows > "$UPGRADE_HOOK_DUMP_FILE"`,
        `restore = ${said('restore')}; pg_restore < "$UPGRADE_HOOK_DUMP_FILE" 2>/dev/null; true`,
    ].join('\n'));
    // the caller's own bin, first on its PATH: each decoy records that root ran it, then does nothing harmful
    const bin = join(p.root, 'caller-bin');
    mkdirSync(bin);
    for (const name of DECOYS) {
        writeFileSync(join(bin, name), `#!/bin/sh\necho "caller's ${name} ran" >> ${p.evidence}\nexit 1\n`);
        chmodSync(join(bin, name), 0o755);
    }
    p.env = { ...p.env, PATH: `${bin}:${p.env.PATH}` };
    return Object.assign(p, { data });
}
function assertFixedEnvironment(p, what) {
    const lines = p.evidenceLines();
    assert.deepEqual(lines.filter((l) => l.startsWith("caller's")), [], `${what}: no command of the caller's PATH ran`);
    const paths = lines.filter((l) => l.includes(' PATH=')).map((l) => l.replace(/^.* PATH=/, ''));
    assert.ok(paths.length > 0, `${what}: the commands ran: ${lines.join(' | ')}`);
    assert.deepEqual([...new Set(paths)], [FIXED_PATH], `${what}: every command had the fixed PATH`);
}
test("backup, the upgrade's dump and rollback run their commands with the fixed PATH, never the caller's", (t) => {
    const p = productWithCallerBin();
    t.after(p.cleanup);
    installedThenUpgraded(p, '1.0-1', '1.0-1');
    const b = p.run('backup', 'acme');
    assert.equal(b.code, 0, b.stderr + b.stdout);
    assertFixedEnvironment(p, 'backup');
    assert.ok(p.evidenceLines().some((l) => l.startsWith('dump ')), 'backup ran the dump');
    writeFileSync(p.evidence, '');
    p.setBuild('1.1-1');
    p.script('once', '0010_break', `#!/bin/sh\necho 'rows of 1.1' > ${p.data}/table.dat\nexit 1\n`);
    const run = p.run('run', 'acme');
    assert.equal(run.code, 1, run.stderr);
    assertFixedEnvironment(p, "the upgrade's backup and dump");
    assert.ok(p.evidenceLines().some((l) => l.startsWith('dump ')), 'the upgrade dumped');
    writeFileSync(p.evidence, '');
    const rb = p.run('rollback', 'acme');
    assert.equal(rb.code, 0, rb.stderr + rb.stdout);
    assertFixedEnvironment(p, 'rollback');
    assert.ok(p.evidenceLines().some((l) => l.startsWith('restore ')), 'rollback ran the restore');
    assert.ok(readdirSync(p.root).some((n) => n.startsWith('data.before-rollback-')));
});

// `state set` and `state unset` write only what FreeIPA's side reads back the same: no section name with
// ']' (Python 3.9's configparser, on RHEL 8 and 9, ends the name there), nothing in [DEFAULT], and no
// empty section left when its last key goes (FreeIPA's StateFile drops them).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { linkSync, readFileSync, writeFileSync } from 'node:fs';
import { test } from 'node:test';
import { installedThenUpgraded, makeProduct } from '../helpers/product.js';
const FREEIPA = '[installation]\ncomplete = True\n\n[acme]\ndata_version = 1.0-1\n\n';
test("state set refuses a section name with ']' (exit 2), naming Python 3.9; the file is unchanged", (t) => {
    const p = makeProduct();
    t.after(p.cleanup);
    writeFileSync(p.stateFile, FREEIPA);
    for (const name of ['ipa]x', 'x]']) {
        const r = p.run('state', 'set', 'acme', name, 'k', 'v');
        assert.equal(r.code, 2, r.stderr);
        assert.match(r.stderr, new RegExp(`cannot store section name \\[${name.replace(']', '\\]')}\\] .*sysupgrade\\.state: it contains "\\]".*Python 3\\.9 and older \\(RHEL 8 and 9\\)`));
        assert.doesNotMatch(r.stderr, /\n\s+at /);
    }
    assert.equal(readFileSync(p.stateFile, 'utf8'), FREEIPA);
});
test('state set and unset refuse [DEFAULT] (exit 2) and write nothing; get reads it as configparser does', (t) => {
    const p = makeProduct();
    t.after(p.cleanup);
    const withDefault = `[DEFAULT]\nshared = 1\n\n${FREEIPA}`;
    writeFileSync(p.stateFile, withDefault);
    for (const args of [
        ['set', 'acme', 'DEFAULT', 'k', 'v'],
        ['unset', 'acme', 'DEFAULT', 'shared'],
    ]) {
        const r = p.run('state', ...args);
        assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
        assert.match(r.stderr, /\[DEFAULT\] is configparser's default section, whose keys show in every section .*use a section of its own/);
    }
    assert.equal(readFileSync(p.stateFile, 'utf8'), withDefault);
    assert.equal(p.run('state', 'get', 'acme', 'DEFAULT', 'shared').stdout, '1\n');
    assert.equal(p.run('state', 'get', 'acme', 'installation', 'shared').stdout, '1\n', 'the fallback every section sees');
});
test("unsetting a section's last key removes the section, as FreeIPA's StateFile does; the rest is unchanged", (t) => {
    const p = makeProduct();
    t.after(p.cleanup);
    writeFileSync(p.stateFile, FREEIPA);
    assert.equal(p.run('state', 'set', 'acme', 'ipa', 'answer', 'yes').code, 0);
    assert.equal(readFileSync(p.stateFile, 'utf8'), `${FREEIPA}[ipa]\nanswer = yes\n\n`);
    assert.equal(p.run('state', 'unset', 'acme', 'ipa', 'answer').code, 0);
    assert.equal(readFileSync(p.stateFile, 'utf8'), FREEIPA);
    assert.equal(p.run('state', 'unset', 'acme', 'installation', 'complete').code, 0);
    assert.equal(readFileSync(p.stateFile, 'utf8'), '[acme]\ndata_version = 1.0-1\n\n');
    assert.equal(p.run('state', 'unset', 'acme', 'acme', 'data_version').code, 0);
    assert.equal(readFileSync(p.stateFile, 'utf8'), '', 'the file stays, empty: its mode, owner and label are kept');
    assert.equal(p.run('state', 'get', 'acme', 'acme', 'data_version').code, 6);
});
test('20 parallel state set from one upgrade script all land, and the stamp after them too', (t) => {
    const p = makeProduct();
    t.after(p.cleanup);
    installedThenUpgraded(p, '1.0-1', '2.0-1');
    p.script('once', '0010_many', `#!/bin/sh\nfor i in $(seq 1 20); do upgrade-hook state set ${p.name} many k$i v$i & done\nwait\n`);
    const r = p.run('run', p.name);
    assert.equal(r.code, 0, r.stderr);
    const text = readFileSync(p.stateFile, 'utf8');
    const stored = Array.from({ length: 20 }, (_, i) => `k${i + 1}`).filter((k) => new RegExp(`^${k} = v${k.slice(1)}$`, 'm').test(text));
    assert.equal(stored.length, 20, `stored ${stored.length} of 20:\n${text}`);
    assert.match(text, /^data_version = 2\.0-1$/m);
});
test('a state file with a second hard link is refused (exit 78), naming both the reason and the fix; neither name changes', (t) => {
    const p = makeProduct();
    t.after(p.cleanup);
    writeFileSync(p.stateFile, FREEIPA);
    const other = `${p.stateFile}.hardlink`;
    linkSync(p.stateFile, other);
    const r = p.run('state', 'set', 'acme', 'acme', 'k', 'v');
    assert.equal(r.code, 78, r.stderr);
    assert.match(r.stderr, /refusing to write .*sysupgrade\.state: it has 2 hard links/);
    assert.match(r.stderr, /find \/ -xdev -samefile /);
    assert.doesNotMatch(r.stderr, /\n\s+at /);
    assert.equal(readFileSync(p.stateFile, 'utf8'), FREEIPA);
    assert.equal(readFileSync(other, 'utf8'), FREEIPA);
});
// The rewrite is a new file renamed over the old name: it must carry the old file's ACL and extended
// attributes (an admin's ACL, user.* attributes; on RHEL the SELinux label of /var/lib/ipa/sysupgrade).
test("state set keeps the state file's POSIX ACL and user xattrs (getfacl, getfattr), and changes the value", (t) => {
    const p = makeProduct();
    t.after(p.cleanup);
    writeFileSync(p.stateFile, FREEIPA, { mode: 0o600 });
    const sh = (cmd, ...args) => {
        const r = spawnSync(cmd, args, { encoding: 'utf8' });
        if (r.error)
            throw new Error(`${cmd} is missing (${r.error.message}): install the Debian packages acl and attr (scripts/setup.sh)`);
        return r;
    };
    const acl = sh('setfacl', '-m', 'u:nobody:r', p.stateFile);
    const xattr = sh('setfattr', '-n', 'user.test', '-v', '1', p.stateFile);
    if (/not supported/i.test(acl.stderr + xattr.stderr)) {
        t.skip(`the file system of ${p.stateFile} takes no ACL or user xattr: ${acl.stderr}${xattr.stderr}`);
        return;
    }
    assert.equal(acl.status, 0, acl.stderr);
    assert.equal(xattr.status, 0, xattr.stderr);
    const before = {
        acl: sh('getfacl', '-cp', p.stateFile).stdout,
        attrs: sh('getfattr', '-d', '-m', '-', '--absolute-names', p.stateFile).stdout,
    };
    assert.match(before.acl, /^user:nobody:r--$/m);
    const r = p.run('state', 'set', 'acme', 'acme', 'data_version', '2.0-1');
    assert.equal(r.code, 0, r.stderr);
    assert.match(readFileSync(p.stateFile, 'utf8'), /^data_version = 2\.0-1$/m, 'the value changed');
    const after = {
        acl: sh('getfacl', '-cp', p.stateFile).stdout,
        attrs: sh('getfattr', '-d', '-m', '-', '--absolute-names', p.stateFile).stdout,
    };
    assert.match(after.acl, /^user:nobody:r--$/m, `the ACL entry is kept:\n${after.acl}`);
    assert.match(after.attrs, /^user\.test="1"$/m, `the user xattr is kept:\n${after.attrs}`);
    assert.equal(after.acl, before.acl, 'the whole ACL is the same');
    assert.equal(after.attrs.replaceAll(/^# file: .*$/gm, ''), before.attrs.replaceAll(/^# file: .*$/gm, ''), 'every attribute is the same');
});

// A state file rewrite is a new file renamed over the old name. Before, the new inode lost the old one's
// POSIX ACL, its user.* attributes and (on RHEL) its SELinux label; now `cp --attributes-only` carries them.
// And when they cannot be carried (cp fails: here /bin/false bound over cp in a private mount namespace),
// bad input loses nothing: the state file is left as it was, attributes and all, no temporary file stays,
// and one error line names the file and what to do.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { TOOL, assertToolBuilt, makeProduct, removeProduct, tool, writeFigures, } from '../helpers/torture-product.js';
const isRoot = process.geteuid?.() === 0;
const hasUnshare = spawnSync('unshare', ['--version']).status === 0;
function sh(cmd, ...args) {
    const r = spawnSync(cmd, args, { encoding: 'utf8' });
    if (r.error)
        throw new Error(`${cmd} is missing (${r.error.message}): install the Debian packages acl and attr (scripts/setup.sh)`);
    return r;
}
/** The file's ACL and extended attributes as getfacl and getfattr show them (without the file name). */
function attributes(file) {
    const acl = sh('getfacl', '-cp', file).stdout;
    const attrs = sh('getfattr', '-d', '-m', '-', '--absolute-names', file).stdout.replaceAll(/^# file: .*\n/gm, '');
    return `${acl}${attrs}`;
}
/** A product whose state file has an ACL entry for nobody and a user xattr; undefined when the file system takes neither. */
function productWithAttributes() {
    const p = makeProduct({ data: '1.0' });
    const acl = sh('setfacl', '-m', 'u:nobody:r', p.stateFile);
    const xattr = sh('setfattr', '-n', 'user.test', '-v', '1', p.stateFile);
    if (/not supported/i.test(acl.stderr + xattr.stderr)) {
        removeProduct(p);
        return `the file system of ${p.root} takes no ACL or user xattr: ${acl.stderr}${xattr.stderr}`;
    }
    assert.equal(acl.status, 0, acl.stderr);
    assert.equal(xattr.status, 0, xattr.stderr);
    const before = attributes(p.stateFile);
    assert.match(before, /^user:nobody:r--$/m);
    assert.match(before, /^user\.test="1"$/m);
    return { p, before };
}
const figures = {};
test("state set keeps the state file's ACL and user xattr (getfacl, getfattr) and changes the value", (t) => {
    assertToolBuilt();
    const made = productWithAttributes();
    if (typeof made === 'string')
        return t.skip(made);
    const { p, before } = made;
    const r = tool(p, ['state', 'set', p.name, p.name, 'data_version', '2.0']);
    assert.equal(r.status, 0, r.stderr);
    assert.match(readFileSync(p.stateFile, 'utf8'), /^data_version = 2\.0$/m, 'the value changed');
    const after = attributes(p.stateFile);
    assert.equal(after, before, 'the ACL and every extended attribute are as before');
    figures.kept = { attributes: 'ACL u:nobody:r, user.test=1', stateSetMs: r.ms };
    removeProduct(p);
});
test('when the attributes cannot be carried (cp fails), the state file is left as it was and the error says why', {
    skip: !isRoot ? 'needs root (mount)' : !hasUnshare ? 'needs unshare' : undefined,
}, (t) => {
    assertToolBuilt();
    const made = productWithAttributes();
    if (typeof made === 'string')
        return t.skip(made);
    const { p, before } = made;
    const content = readFileSync(p.stateFile);
    const r = spawnSync('unshare', [
        '--mount',
        '--propagation',
        'private',
        'sh',
        '-c',
        'mount --bind /bin/false /usr/bin/cp && exec "$0" "$@"',
        process.execPath,
        TOOL,
        'state',
        'set',
        p.name,
        p.name,
        'data_version',
        '2.0',
    ], { env: p.env, encoding: 'utf8', timeout: 60_000 });
    assert.notEqual(r.status, 0, `state set must fail: ${r.stdout}${r.stderr}`);
    const errors = r.stderr.split('\n').filter((l) => l.startsWith('error:'));
    assert.equal(errors.length, 1, r.stderr);
    assert.match(errors[0], new RegExp(`cannot write ${p.stateFile.replaceAll('.', '\\.')}: its ACL and extended attributes .* could not be carried .* left unchanged`));
    assert.match(r.stderr, /setfacl -b|rerun/, 'says what to do');
    assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
    assert.deepEqual(readFileSync(p.stateFile), content, 'the old content is intact');
    assert.equal(attributes(p.stateFile), before, 'and its attributes');
    assert.deepEqual(readdirSync(dirname(p.stateFile)), ['sysupgrade.state'], 'no temporary file left');
    figures.cpFails = { exit: r.status, message: errors[0].replaceAll(p.root, '$ROOT') };
    removeProduct(p);
});
test('figures', () => {
    writeFigures('state-attributes', figures);
});

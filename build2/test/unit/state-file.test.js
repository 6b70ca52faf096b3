// The state file on disk: read, update in place keeping foreign bytes, create with safe modes, refuse
// corrupt content without touching it. configparser (python3) checks what we write.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { UpgradeHookError } from '../../src/errors.js';
import { formatBoolean, parseStateBoolean } from '../../src/state/ini-document.js';
import { readStateFile, updateStateFile } from '../../src/state/state-file.js';
import { pyParse } from './state-oracle.js';
const made = [];
after(() => {
    for (const d of made)
        fs.rmSync(d, { recursive: true, force: true });
});
const tempDir = () => {
    const d = fs.mkdtempSync(path.join(os.tmpdir(), 'uh-statefile-'));
    made.push(d);
    return d;
};
const mode = (p) => fs.statSync(p).mode & 0o7777;
const FREEIPA_LIKE = '# written by hand\n[installation]\ncomplete = True\n\n[acme]\ndata_version = 1.0-1\nplatform = fedora\n' +
    'answers = line one\n\tline two\n\n[foreign]\nKey: kept as is ; with what looks like a comment\n';
test('missing file reads as undefined; an update creates it (0600) and its parents (0755)', () => {
    const dir = tempDir();
    const file = path.join(dir, 'var/lib/acme/sysupgrade.state');
    assert.equal(readStateFile(file), undefined);
    const old = process.umask(0o022);
    try {
        const { changed } = updateStateFile(file, (doc) => {
            doc.set('acme', 'data_version', '2.0-1');
            doc.set('acme', 'configured', formatBoolean(true));
        });
        assert.equal(changed, true);
    }
    finally {
        process.umask(old);
    }
    assert.equal(fs.readFileSync(file, 'utf8'), '[acme]\ndata_version = 2.0-1\nconfigured = True\n\n');
    assert.equal(mode(file), 0o600);
    assert.equal(mode(path.join(dir, 'var/lib/acme')), 0o755);
    assert.equal(mode(path.join(dir, 'var/lib')), 0o755);
    const py = pyParse([fs.readFileSync(file)])[0];
    assert.ok(py.ok);
    assert.deepEqual(py.sections, [
        [
            'acme',
            [
                ['data_version', '2.0-1'],
                ['configured', 'True'],
            ],
        ],
    ]);
    assert.equal(parseStateBoolean(readStateFile(file).get('acme', 'configured')), true);
});
test('an update rewrites only the edited lines and keeps mode, comments and foreign keys', () => {
    const dir = tempDir();
    const file = path.join(dir, 'sysupgrade.state');
    fs.writeFileSync(file, FREEIPA_LIKE);
    fs.chmodSync(file, 0o644);
    updateStateFile(file, (doc) => {
        doc.set('acme', 'data_version', '2.0-1');
        doc.unset('acme', 'platform');
        doc.set('acme', 'new_flag', 'False');
    });
    const expected = FREEIPA_LIKE.replace('data_version = 1.0-1\nplatform = fedora\n', 'data_version = 2.0-1\n').replace('\tline two\n', '\tline two\nnew_flag = False\n');
    assert.equal(fs.readFileSync(file, 'utf8'), expected);
    assert.equal(mode(file), 0o644);
    const py = pyParse([expected])[0];
    assert.ok(py.ok);
    assert.deepEqual(py.sections[1], [
        'acme',
        [
            ['data_version', '2.0-1'],
            ['answers', 'line one\nline two'],
            ['new_flag', 'False'],
        ],
    ]);
    assert.deepEqual(py.sections[2], ['foreign', [['Key', 'kept as is ; with what looks like a comment']]]);
});
test('no change, no write: the file (inode, mtime) is untouched and a missing file is not created', () => {
    const dir = tempDir();
    const file = path.join(dir, 'sysupgrade.state');
    fs.writeFileSync(file, FREEIPA_LIKE);
    const past = new Date('2020-01-01T00:00:00Z');
    fs.utimesSync(file, past, past);
    const before = fs.statSync(file);
    const { changed } = updateStateFile(file, (doc) => doc.set('acme', 'data_version', '1.0-1'));
    assert.equal(changed, false);
    const after = fs.statSync(file);
    assert.deepEqual([after.ino, after.mtimeMs], [before.ino, before.mtimeMs]);
    const missing = path.join(dir, 'sub', 'none.state');
    assert.equal(updateStateFile(missing, (doc) => doc.unset('acme', 'x')).changed, false);
    assert.equal(fs.existsSync(path.join(dir, 'sub')), false);
});
test('a corrupt state file is an error naming file and line, and is never replaced', () => {
    const dir = tempDir();
    const file = path.join(dir, 'sysupgrade.state');
    const corrupt = '[acme]\ndata_version = 1\ndata_version = 2\n';
    fs.writeFileSync(file, corrupt);
    for (const action of [() => readStateFile(file), () => updateStateFile(file, (doc) => doc.set('acme', 'x', 'y'))]) {
        assert.throws(action, (e) => {
            assert.ok(e instanceof UpgradeHookError);
            assert.equal(e.code, 'STATE_CORRUPT');
            assert.equal(e.message, `${file} line 3: duplicate key "data_version" in section [acme] (first at line 2); remove one of them`);
            return true;
        });
    }
    fs.writeFileSync(path.join(dir, 'binary.state'), Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x00, 0xff]));
    assert.throws(() => readStateFile(path.join(dir, 'binary.state')), /binary\.state line 1: not valid UTF-8 text/);
    assert.equal(fs.readFileSync(file, 'utf8'), corrupt);
});
test('a value configparser cannot keep is refused by set() and nothing is written', () => {
    const dir = tempDir();
    const file = path.join(dir, 'sysupgrade.state');
    fs.writeFileSync(file, FREEIPA_LIKE);
    const cases = [
        ['key=with', 'v', /contains "=" or ":"/],
        ['k', ' padded ', /starts or ends with whitespace/],
        ['k', 'a\n#b', /drops as a comment/],
        ['k', 'trailing\n', /ends with a line break/],
        ['', 'v', /it is empty/],
    ];
    for (const [key, value, why] of cases) {
        assert.throws(() => updateStateFile(file, (doc) => doc.set('acme', key, value)), (e) => e instanceof UpgradeHookError && e.code === 'USAGE' && why.test(e.message) && e.message.includes(file));
    }
    assert.equal(fs.readFileSync(file, 'utf8'), FREEIPA_LIKE);
});

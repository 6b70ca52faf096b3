// Atomic writes and durable appends on real files in a temp dir; the full-disk case on a real, tiny
// tmpfs inside a private mount namespace (root only).
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { UpgradeHookError } from '../../src/errors.js';
import { openAppendLog, readFileIfExists, writeFileAtomic } from '../../src/state/atomic-file.js';
const repo = fileURLToPath(new URL('../../..', import.meta.url));
const isRoot = process.getuid?.() === 0;
const made = [];
after(() => {
    for (const d of made)
        fs.rmSync(d, { recursive: true, force: true });
});
function tempDir() {
    const d = fs.mkdtempSync(path.join(os.tmpdir(), 'uh-state-'));
    made.push(d);
    return d;
}
const mode = (p) => fs.statSync(p).mode & 0o7777;
const leftovers = (dir) => fs.readdirSync(dir).filter((n) => n.includes('.tmp-'));
function expectError(fn, code, ...parts) {
    try {
        fn();
    }
    catch (e) {
        assert.ok(e instanceof UpgradeHookError, String(e));
        assert.equal(e.code, code, e.message);
        for (const p of parts)
            assert.ok(e.message.includes(p), `"${e.message}" should mention ${p}`);
        return e;
    }
    assert.fail(`expected ${code}`);
}
test('a new file gets the requested mode whatever the umask, default 0644', () => {
    const dir = tempDir();
    const old = process.umask(0o077);
    try {
        writeFileAtomic(path.join(dir, 'a'), 'one\n');
        writeFileAtomic(path.join(dir, 'b'), Buffer.from('two\n'), { mode: 0o600 });
    }
    finally {
        process.umask(old);
    }
    assert.equal(fs.readFileSync(path.join(dir, 'a'), 'utf8'), 'one\n');
    assert.equal(mode(path.join(dir, 'a')), 0o644);
    assert.equal(mode(path.join(dir, 'b')), 0o600);
    assert.deepEqual(leftovers(dir), []);
});
test('replacing a file keeps its mode and owner and swaps the inode (no half-written state)', () => {
    const dir = tempDir();
    const file = path.join(dir, 'sysupgrade.state');
    fs.writeFileSync(file, 'old\n');
    fs.chmodSync(file, 0o640);
    if (isRoot)
        fs.chownSync(file, 4321, 4322);
    const inode = fs.statSync(file).ino;
    writeFileAtomic(file, 'new content\n', { mode: 0o600 });
    assert.equal(fs.readFileSync(file, 'utf8'), 'new content\n');
    assert.equal(mode(file), 0o640);
    assert.notEqual(fs.statSync(file).ino, inode);
    if (isRoot)
        assert.deepEqual([fs.statSync(file).uid, fs.statSync(file).gid], [4321, 4322]);
    assert.deepEqual(leftovers(dir), []);
});
test('a symbolic link in place of the file is refused and nothing is written through it', () => {
    const dir = tempDir();
    const victim = path.join(dir, 'victim');
    fs.writeFileSync(victim, 'precious\n');
    const link = path.join(dir, 'sysupgrade.state');
    fs.symlinkSync(victim, link);
    expectError(() => writeFileAtomic(link, 'evil\n'), 'UNSAFE_PATH', link, 'symbolic link');
    assert.equal(fs.readFileSync(victim, 'utf8'), 'precious\n');
    assert.ok(fs.lstatSync(link).isSymbolicLink());
    assert.deepEqual(leftovers(dir), []);
});
test('a failed rename leaves no temp file and names the file and the reason', () => {
    const dir = tempDir();
    const target = path.join(dir, 'state');
    fs.mkdirSync(path.join(target, 'sub'), { recursive: true });
    expectError(() => writeFileAtomic(target, 'x'), 'STATE_IO', `cannot write ${target}: `, 'EISDIR');
    assert.deepEqual(leftovers(dir), []);
    const missing = path.join(dir, 'no', 'such', 'dir', 'state');
    expectError(() => writeFileAtomic(missing, 'x'), 'STATE_IO', missing, 'ENOENT');
});
test('readFileIfExists: undefined when missing, bytes when present, an error naming the path otherwise', () => {
    const dir = tempDir();
    assert.equal(readFileIfExists(path.join(dir, 'none')), undefined);
    fs.writeFileSync(path.join(dir, 'f'), Buffer.from([0, 1, 2]));
    assert.deepEqual(readFileIfExists(path.join(dir, 'f')), Buffer.from([0, 1, 2]));
    expectError(() => readFileIfExists(dir), 'STATE_IO', `cannot read ${dir}`, 'EISDIR');
});
test('append log: created 0600 despite the umask, appends whole lines, reopening appends', () => {
    const dir = tempDir();
    const file = path.join(dir, 'history.jsonl');
    const old = process.umask(0o000);
    try {
        const log = openAppendLog(file);
        log.append('{"a":1}');
        log.append('{"b":2}\n');
        log.close();
    }
    finally {
        process.umask(old);
    }
    assert.equal(mode(file), 0o600);
    const again = openAppendLog(file, 0o644);
    again.append('{"c":3}');
    again.close();
    assert.equal(fs.readFileSync(file, 'utf8'), '{"a":1}\n{"b":2}\n{"c":3}\n');
    assert.equal(mode(file), 0o600, 'an existing log keeps its mode');
});
test('append log: a symlink (even dangling) or a FIFO in its place is refused, nothing written', () => {
    const dir = tempDir();
    const victim = path.join(dir, 'victim');
    fs.writeFileSync(victim, 'precious\n');
    const link = path.join(dir, 'log');
    fs.symlinkSync(victim, link);
    expectError(() => openAppendLog(link), 'UNSAFE_PATH', link);
    assert.equal(fs.readFileSync(victim, 'utf8'), 'precious\n');
    const dangling = path.join(dir, 'dangling');
    fs.symlinkSync(path.join(dir, 'would-be-created'), dangling);
    expectError(() => openAppendLog(dangling), 'UNSAFE_PATH', dangling);
    assert.equal(fs.existsSync(path.join(dir, 'would-be-created')), false);
    const fifo = path.join(dir, 'fifo');
    execFileSync('mkfifo', [fifo]);
    expectError(() => openAppendLog(fifo), 'STATE_IO', fifo, 'ENXIO');
});
test('full disk: the error names the file, the old content stays, no temp file remains', (t) => {
    if (!isRoot) {
        t.skip('needs root to mount a tmpfs in a private mount namespace');
        return;
    }
    const mnt = tempDir();
    const script = `
    set -e
    mount -t tmpfs -o size=64k tmpfs "$1"
    printf '[acme]\\ndata_version = 1\\n' > "$1/sysupgrade.state"
    dd if=/dev/zero of="$1/filler" bs=4k 2>/dev/null || true
    node "$2" "$1/sysupgrade.state" 8192
    echo ---; cat "$1/sysupgrade.state"; echo ---; ls -A "$1"`;
    const fixture = path.join(repo, 'test/fixtures/state-full-disk-writer.mjs');
    const r = spawnSync('unshare', ['-m', '--propagation', 'private', 'bash', '-c', script, '_', mnt, fixture], {
        encoding: 'utf8',
    });
    assert.equal(r.status, 0, r.stderr);
    const [result, content, listing] = r.stdout.split('---\n');
    const outcome = JSON.parse(result);
    assert.equal(outcome.ok, false, 'the write must fail on a full disk');
    assert.equal(outcome.code, 'STATE_IO');
    assert.equal(outcome.message, `cannot write ${mnt}/sysupgrade.state: ENOSPC: no space left on device; free space and rerun`);
    assert.equal(content, '[acme]\ndata_version = 1\n');
    assert.deepEqual(listing.trim().split('\n').sort(), ['filler', 'sysupgrade.state']);
    assert.deepEqual(fs.readdirSync(mnt), [], 'the tmpfs was private to the namespace');
});

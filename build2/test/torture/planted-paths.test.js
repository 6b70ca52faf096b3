// Planted paths: /run/lock is world-writable, so anyone can create /run/lock/upgrade-hook before root does.
// A lock directory owned by another user, writable by others, or a symlink in its place is refused with an
// error naming it, nothing runs and nothing is written through it. Likewise the marker, the history and the
// state file are never written through a symlink (UPGRADE_HOOK_LOCK_DIR points into a temp dir here).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync, } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { addScript, assertToolBuilt, evidenceScript, makeProduct, readEvidence, removeProduct, tool, writeFigures, } from '../helpers/torture-product.js';
import { treeDiff, treeListing } from '../helpers/torture-tree.js';
const NOBODY = 65534;
const messages = [];
function setup(productLines = []) {
    const p = makeProduct({ data: '1.0', build: '2.0', productLines });
    addScript(p, { kind: 'once', name: '0010_step', body: evidenceScript(p, '0010_step') });
    // The place an attacker wants written: a directory with a file the tool must never touch.
    const victim = mkdtempSync(join(tmpdir(), 'uh-torture-victim-'));
    writeFileSync(join(victim, 'precious'), 'keep me\n');
    return { p, victim };
}
/** Runs the tool and asserts: refused with `code`, message naming `culprit`, no script ran, victim and product untouched. */
function expectRefused(s, args, culprit, expectedStatus = 78, tolerated = '') {
    // The log may say what happened; the lock directory stands for /run/lock/upgrade-hook, created on first use.
    const skipLog = (rel) => rel === 'log' || rel === 'lock';
    const before = treeListing(s.p.root, skipLog);
    const victimBefore = treeListing(s.victim);
    const r = tool(s.p, args);
    assert.equal(r.status, expectedStatus, `exit status of ${args.join(' ')}: ${r.stdout}${r.stderr}`);
    const firstError = r.stderr.split('\n').find((l) => l.startsWith('error: ')) ?? '';
    assert.ok(firstError.includes(culprit), `the error names ${culprit}: ${r.stderr}`);
    assert.doesNotMatch(r.stderr, /^\s+at /m, 'no stack trace');
    assert.deepEqual(readEvidence(s.p), [], 'no script ran');
    assert.equal(treeDiff(victimBefore, treeListing(s.victim)), '', 'nothing written through the planted path');
    assert.equal(treeDiff(before, treeListing(s.p.root, skipLog)), tolerated, 'the product is unchanged');
    messages.push(`${args[0]}: ${firstError.replace(s.p.root, '$ROOT')}`);
    return firstError;
}
function cleanup(s) {
    removeProduct(s.p);
    rmSync(s.victim, { recursive: true, force: true });
}
test('a lock directory pre-created by another user is refused', () => {
    assertToolBuilt();
    const s = setup();
    mkdirSync(s.p.lockDir, { recursive: true, mode: 0o700 });
    chownSync(s.p.lockDir, NOBODY, NOBODY);
    for (const cmd of ['run', 'gate'])
        expectRefused(s, [cmd, s.p.name], s.p.lockDir);
    assert.equal(readFileSync(join(s.victim, 'precious'), 'utf8'), 'keep me\n');
    cleanup(s);
});
test('a lock directory writable by others is refused', () => {
    const s = setup();
    mkdirSync(s.p.lockDir, { recursive: true });
    chmodSync(s.p.lockDir, 0o777);
    expectRefused(s, ['run', s.p.name], s.p.lockDir);
    cleanup(s);
});
test('a symlink in place of the lock directory is refused and nothing is written where it points', () => {
    const s = setup();
    mkdirSync(join(s.p.root, 'lock'), { recursive: true });
    symlinkSync(s.victim, s.p.lockDir);
    for (const cmd of ['run', 'gate'])
        expectRefused(s, [cmd, s.p.name], s.p.lockDir);
    cleanup(s);
});
test('a symlink in place of the lock file itself (lock dir writable by the attacker) is never followed', () => {
    // With a lock directory that is safe this cannot be planted; check the refusal comes first.
    const s = setup();
    mkdirSync(s.p.lockDir, { recursive: true });
    symlinkSync(s.victim, join(s.p.lockDir, `${s.p.name}.lock`));
    chmodSync(s.p.lockDir, 0o1777);
    expectRefused(s, ['run', s.p.name], s.p.lockDir);
    cleanup(s);
});
test('a symlink in place of the var_dir (history and marker) is refused', () => {
    const s = setup();
    rmSync(s.p.varDir, { recursive: true });
    symlinkSync(s.victim, s.p.varDir);
    expectRefused(s, ['run', s.p.name], s.p.varDir);
    cleanup(s);
});
test('a symlink in place of the marker: run refuses to write through it', () => {
    const s = setup();
    symlinkSync(join(s.victim, 'precious'), s.p.marker);
    // Minor: run opens (creates) an empty history before it writes the marker; nothing goes through the link.
    expectRefused(s, ['run', s.p.name], s.p.marker, 78, 'added var/history.jsonl');
    cleanup(s);
});
test('a symlink in place of the marker: posttrans deferring (auto_upgrade = no) does not write through it', () => {
    const s = setup(['auto_upgrade = no']);
    symlinkSync(join(s.victim, 'precious'), s.p.marker);
    expectRefused(s, ['posttrans', s.p.name], s.p.marker, 0);
    cleanup(s);
});
test('a symlink in place of the history: run refuses to write through it', () => {
    const s = setup();
    writeFileSync(join(s.victim, 'history.jsonl'), '');
    symlinkSync(join(s.victim, 'history.jsonl'), s.p.history);
    expectRefused(s, ['run', s.p.name], s.p.history);
    cleanup(s);
});
test('a symlink in place of the state file: stamp and state set refuse to write through it', () => {
    const s = setup();
    writeFileSync(join(s.victim, 'other.state'), readFileSync(s.p.stateFile));
    rmSync(s.p.stateFile);
    symlinkSync(join(s.victim, 'other.state'), s.p.stateFile);
    expectRefused(s, ['state', 'set', s.p.name, 'demo', 'answer', '42'], s.p.stateFile);
    // stamp writes its baseline records before the state file (the safe order for a fresh install).
    expectRefused(s, ['stamp', s.p.name], s.p.stateFile, 78, 'added var/history.jsonl');
    cleanup(s);
});
// Found by this suite, fixed in 3104b63 (the log is opened O_NOFOLLOW).
test('a symlink in place of the log file is not written through', () => {
    const s = setup();
    symlinkSync(join(s.victim, 'precious'), s.p.logFile);
    try {
        tool(s.p, ['run', s.p.name]);
        assert.equal(readFileSync(join(s.victim, 'precious'), 'utf8'), 'keep me\n');
    }
    finally {
        cleanup(s);
    }
});
test('figures', () => {
    assert.ok(existsSync(tmpdir()));
    writeFigures('planted-paths', { refusals: messages.length, messages });
});

// A caller that is not root, with the system's lock directory (no UPGRADE_HOOK_LOCK_DIR), must be refused
// by every command that changes the system before it touches anything: /run/lock is world-writable, and a
// /run/lock/upgrade-hook created by that user would lock every root upgrade and gate out. Reading commands
// still answer, and a caller with a lock directory of its own (tests, the tutorial) still works.
// As root the test runs the tool as nobody (setpriv); as another user, as itself.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chownSync, existsSync, lstatSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { assertToolBuilt, makeProduct, readEvidence, removeProduct, TOOL, writeFigures, } from '../helpers/torture-product.js';
import { treeDiff, treeListing } from '../helpers/torture-tree.js';
const NOBODY = 65534;
const SYSTEM_LOCK_DIR = '/run/lock/upgrade-hook';
const asRoot = process.geteuid?.() === 0;
function asUser(p, args, env) {
    const cmd = asRoot
        ? [
            'setpriv',
            '--reuid',
            String(NOBODY),
            '--regid',
            String(NOBODY),
            '--clear-groups',
            process.execPath,
            TOOL,
            ...args,
        ]
        : [process.execPath, TOOL, ...args];
    const r = spawnSync(cmd[0], cmd.slice(1), {
        env,
        encoding: 'utf8',
        timeout: 30_000,
        cwd: p.root,
        stdio: ['ignore', 'pipe', 'pipe'],
    });
    return { status: r.status, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
}
function chownTree(dir, uid) {
    chownSync(dir, uid, uid);
    for (const rel of readdirSync(dir, { recursive: true }).map(String))
        chownSync(join(dir, rel), uid, uid);
}
test('commands that change the system refuse a non-root caller up front; readers and private lock dirs work', () => {
    assertToolBuilt();
    const before = existsSync(SYSTEM_LOCK_DIR) ? lstatSync(SYSTEM_LOCK_DIR) : undefined;
    const p = makeProduct({ data: '1.0', build: '2.0' });
    if (asRoot)
        chownTree(p.root, NOBODY);
    const { UPGRADE_HOOK_LOCK_DIR: _own, ...systemEnv } = p.env;
    const tree = treeListing(p.root);
    const refused = [];
    for (const args of [
        ['run', p.name],
        ['gate', p.name],
        ['stamp', p.name],
        ['state', 'set', p.name, p.name, 'k', 'v'],
        ['state', 'unset', p.name, p.name, 'k'],
        ['bridge', 'begin'],
        ['bridge', 'end'],
        ['posttrans', p.name],
    ]) {
        const r = asUser(p, args, systemEnv);
        const label = args[0] === 'state' ? `state ${args[1]}` : args[0];
        assert.equal(r.status, args[0] === 'posttrans' ? 0 : 2, `${args.join(' ')}: ${r.stdout}${r.stderr}`);
        const errors = r.stderr.split('\n').filter((l) => l.startsWith('error:'));
        assert.equal(errors.length, 1, r.stderr);
        assert.match(errors[0], new RegExp(`upgrade-hook ${label} must be run as root .*nothing was done`));
        assert.match(r.stderr, /run it as root: sudo upgrade-hook /);
        assert.equal(treeDiff(tree, treeListing(p.root)), '', `${args.join(' ')} touched the product`);
        refused.push(args[0] === 'bridge' ? `bridge ${args[1]}` : label);
    }
    const after = existsSync(SYSTEM_LOCK_DIR) ? lstatSync(SYSTEM_LOCK_DIR) : undefined;
    assert.equal(after?.uid, before?.uid, `${SYSTEM_LOCK_DIR} was not created or changed`);
    assert.equal(after?.ino, before?.ino);
    // Reading needs no root; with a lock directory of its own the same user upgrades its own product.
    assert.equal(asUser(p, ['check', p.name], systemEnv).status, 4);
    assert.equal(asUser(p, ['state', 'get', p.name, p.name, 'data_version'], systemEnv).stdout.trim(), '1.0');
    const own = asUser(p, ['run', p.name], p.env);
    assert.equal(own.status, 0, own.stderr);
    assert.equal(asUser(p, ['check', p.name], p.env).status, 0);
    writeFigures('non-root', {
        user: asRoot ? `nobody (${NOBODY}) through setpriv` : `uid ${process.geteuid?.()}`,
        refused,
        stillWork: ['check', 'state get', `run with UPGRADE_HOOK_LOCK_DIR`],
    });
    removeProduct(p);
});
test("UPGRADE_HOOK_LOCK_DIR set to the system's lock directory, however spelt, does not lift the refusal", (t) => {
    assertToolBuilt();
    const before = existsSync(SYSTEM_LOCK_DIR) ? lstatSync(SYSTEM_LOCK_DIR) : undefined;
    const p = makeProduct({ data: '1.0', build: '2.0' });
    // a directory of the user's own that leads to /run/lock
    const viaLink = join(p.root, 'run-lock');
    symlinkSync('/run/lock', viaLink);
    if (asRoot)
        chownTree(p.root, NOBODY);
    t.after(() => {
        // the old tool made it as nobody: leave the machine as it was
        const now = existsSync(SYSTEM_LOCK_DIR) ? lstatSync(SYSTEM_LOCK_DIR) : undefined;
        if (!before && now && now.uid !== 0)
            rmSync(SYSTEM_LOCK_DIR, { recursive: true, force: true });
    });
    const spellings = [
        SYSTEM_LOCK_DIR,
        `${SYSTEM_LOCK_DIR}/`,
        '/run/lock//upgrade-hook',
        '/run/./lock/upgrade-hook',
        '/var/run/lock/upgrade-hook',
        join(viaLink, 'upgrade-hook'),
    ];
    for (const dir of spellings) {
        const r = asUser(p, ['run', p.name], { ...p.env, UPGRADE_HOOK_LOCK_DIR: dir });
        assert.equal(r.status, 2, `UPGRADE_HOOK_LOCK_DIR=${dir}: ${r.stdout}${r.stderr}`);
        assert.match(r.stderr, /upgrade-hook run must be run as root .*nothing was done/);
    }
    const after = existsSync(SYSTEM_LOCK_DIR) ? lstatSync(SYSTEM_LOCK_DIR) : undefined;
    assert.equal(after?.uid, before?.uid, `${SYSTEM_LOCK_DIR} was not created or changed`);
    assert.equal(readEvidence(p).length, 0, 'no script ran');
    removeProduct(p);
});

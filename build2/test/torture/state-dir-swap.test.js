// Every write of the state file carries the old file's owner, mode, ACL and xattrs to the new one. Before, the
// copy ran `cp --attributes-only STATE TEMP` by name in a directory that was not held to the path rule: an
// account owning an ancestor of the state file swapped in a directory of its own, with TEMP's name linked to
// any file, and root chowned that file to the account. Now the state file's directory either passes the path
// rule or (acme's layout: a root directory below the account's home) is opened from the last safe directory
// down without following links, every later name going through that open directory (/proc/self/fd/N), and
// the attributes are copied between descriptors the tool opened. Needs root (chown to nobody, setpriv).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { assertToolBuilt, makeProduct, removeProduct, tool, writeFigures, } from '../helpers/torture-product.js';
const NOBODY = 65534;
const asRoot = process.geteuid?.() === 0;
const figures = {};
/** A configured product whose state file is ROOT/srv/acme/state/sysupgrade.state, /srv/acme the account's. */
function productWithStateUnderAccount() {
    const p = makeProduct({ data: '1.0', build: '1.0' });
    const acme = join(p.root, 'srv', 'acme');
    const stateDir = join(acme, 'state');
    for (const d of [join(p.root, 'srv'), acme, stateDir]) {
        mkdirSync(d, { mode: 0o755 });
        chmodSync(d, 0o755);
    }
    const stateFile = join(stateDir, 'sysupgrade.state');
    writeFileSync(stateFile, `[${p.name}]\ndata_version = 1.0\n`, { mode: 0o600 });
    writeFileSync(p.descriptor, readFileSync(p.descriptor, 'utf8').replace(`state_file = ${p.stateFile}`, `state_file = ${stateFile}`));
    chownSync(acme, NOBODY, NOBODY);
    return Object.assign(p, { acme, stateFile });
}
test("a state file below a service account's directory (acme's layout): written through the directory opened from the last safe one", {
    skip: !asRoot && 'needs root',
}, () => {
    assertToolBuilt();
    const p = productWithStateUnderAccount();
    const r = tool(p, ['state', 'set', p.name, p.name, 'answer', '42']);
    assert.equal(r.status, 0, `the layout works: ${r.stdout}${r.stderr}`);
    assert.match(readFileSync(p.stateFile, 'utf8'), /^answer = 42$/m);
    removeProduct(p);
});
test('the state directory replaced by a link to another root directory by the account: refused, that directory untouched', {
    skip: !asRoot && 'needs root',
}, () => {
    assertToolBuilt();
    const p = productWithStateUnderAccount();
    // another product's state file in a root directory the account cannot write, but can point a link at
    const other = join(p.root, 'other');
    mkdirSync(other, { mode: 0o755 });
    const victim = join(other, 'sysupgrade.state');
    writeFileSync(victim, '[other]\ndata_version = 9.0\n', { mode: 0o600 });
    const stateDir = dirname(p.stateFile);
    const r0 = spawnSync('setpriv', [
        '--reuid',
        `${NOBODY}`,
        '--regid',
        `${NOBODY}`,
        '--clear-groups',
        'sh',
        '-c',
        `mv ${stateDir} ${stateDir}.real && ln -s ${other} ${stateDir}`,
    ], { encoding: 'utf8' });
    assert.equal(r0.status, 0, r0.stderr);
    const r = tool(p, ['state', 'set', p.name, p.name, 'answer', '42']);
    assert.equal(r.status, 78, `refused: ${r.stdout}${r.stderr}`);
    assert.ok(r.stderr.includes(`refusing to write ${p.stateFile}`), r.stderr);
    assert.equal(readFileSync(victim, 'utf8'), '[other]\ndata_version = 9.0\n', 'the other state file unchanged');
    assert.deepEqual(readdirSync(other), ['sysupgrade.state'], 'nothing written there');
    figures.refusal = r.stderr.split('\n')[0].replaceAll(p.root, '$ROOT');
    removeProduct(p);
});
/**
 * python3 ACME TARGET, as the account: watches ACME/state for the tool's temporary file; when one appears,
 * links its name in ACME/evil to TARGET and exchanges state and evil (renameat2 RENAME_EXCHANGE), so that a
 * copy of attributes by name goes from the account's own file to TARGET; then swaps back.
 */
const SWAP_LOOP = [
    'import ctypes, os, sys, time',
    'libc = ctypes.CDLL(None, use_errno=True)',
    'os.chdir(sys.argv[1])',
    'while True:',
    '  try: names = os.listdir("state")',
    '  except OSError: continue',
    '  for n in names:',
    '    if ".tmp-" not in n: continue',
    '    try: os.symlink(sys.argv[2], "evil/" + n)',
    '    except OSError: pass',
    '    libc.renameat2(-100, b"state", -100, b"evil", 2)',
    '    time.sleep(0.05)',
    '    libc.renameat2(-100, b"state", -100, b"evil", 2)',
].join('\n');
test('a service account swapping the state directory while root writes never gets a file of root’s', {
    skip: !asRoot && 'needs root',
}, async () => {
    assertToolBuilt();
    const p = productWithStateUnderAccount();
    // root's file the account wants: any file root owns (a setuid binary, /etc/shadow) would do
    const target = join(p.root, 'target');
    writeFileSync(target, 'root only\n', { mode: 0o600 });
    const evil = join(p.acme, 'evil');
    mkdirSync(evil, { mode: 0o755 });
    writeFileSync(join(evil, 'sysupgrade.state'), `[${p.name}]\ndata_version = 1.0\n`, { mode: 0o4777 });
    chmodSync(join(evil, 'sysupgrade.state'), 0o4777);
    chownSync(join(evil, 'sysupgrade.state'), NOBODY, NOBODY);
    chmodSync(join(evil, 'sysupgrade.state'), 0o4777);
    chownSync(evil, NOBODY, NOBODY);
    const attacker = spawn('setpriv', [
        '--reuid',
        `${NOBODY}`,
        '--regid',
        `${NOBODY}`,
        '--clear-groups',
        '/usr/bin/python3',
        '-c',
        SWAP_LOOP,
        p.acme,
        target,
    ], { stdio: 'ignore' });
    const statuses = {};
    let takenAt;
    try {
        for (let i = 0; i < 30 && takenAt === undefined; i++) {
            const r = tool(p, ['state', 'set', p.name, p.name, 'answer', String(i)]);
            statuses[String(r.status)] = (statuses[String(r.status)] ?? 0) + 1;
            if (statSync(target).uid !== 0)
                takenAt = i + 1;
        }
    }
    finally {
        attacker.kill('SIGKILL');
        await new Promise((resolve) => attacker.once('exit', resolve));
    }
    const st = statSync(target);
    figures.swapLoop = {
        statuses,
        takenAt: takenAt ?? null,
        target: `uid ${st.uid} mode ${(st.mode & 0o7777).toString(8)}`,
    };
    assert.equal(takenAt, undefined, `root's file was given to the account at call ${takenAt}: uid ${st.uid}`);
    assert.equal(st.mode & 0o7777, 0o600, 'its mode unchanged');
    removeProduct(p);
});
test('state directory swap: figures', { skip: !asRoot && 'needs root' }, () => {
    writeFigures('state-dir-swap', figures);
    assert.ok(figures.refusal);
});

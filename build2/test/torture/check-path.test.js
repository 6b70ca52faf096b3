// A product's checks run as root from check, gate, posttrans and status (what monitoring polls), so they get
// the scripts' path rule: every directory from / down to each check root's and not writable by others, and
// the file re-checked (dev:ino) right before exec. Before, an account owning an ancestor of `checks =` could
// swap the directory in a loop and have root run its own file within a few calls. Needs root (chown to
// nobody, setpriv); skipped otherwise.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { chmodSync, chownSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { assertToolBuilt, makeProduct, readEvidence, removeProduct, tool, writeFigures, } from '../helpers/torture-product.js';
const NOBODY = 65534;
const asRoot = process.geteuid?.() === 0;
const figures = {};
/** python3 DIR: exchanges DIR/checks.d and DIR/evil until killed. */
const SWAP_LOOP = [
    'import ctypes, os, sys',
    'libc = ctypes.CDLL(None, use_errno=True)',
    'os.chdir(sys.argv[1])',
    'while True: libc.renameat2(-100, b"checks.d", -100, b"evil", 2)',
].join('\n');
/** An up-to-date product whose one check lives in ROOT/opt/acme/checks.d and leaves "ok" in the evidence. */
function productWithChecksUnderOpt() {
    const p = makeProduct({ data: '2.0', build: '2.0' });
    const acme = join(p.root, 'opt', 'acme');
    const checksD = join(acme, 'checks.d');
    for (const d of [join(p.root, 'opt'), acme, checksD]) {
        mkdirSync(d, { mode: 0o755 });
        chmodSync(d, 0o755);
    }
    writeFileSync(p.descriptor, `${readFileSync(p.descriptor, 'utf8').replace('[product]\n', `[product]\nchecks = ${checksD}\n`)}`);
    writeFileSync(join(checksD, 'db'), `#!/bin/sh\necho "ok db" >> ${p.evidence}\necho fine\n`);
    chmodSync(join(checksD, 'db'), 0o755);
    return Object.assign(p, { acme, checksD });
}
test('an ancestor of the checks directory owned by a service user: check and status refuse, naming it', {
    skip: !asRoot && 'needs root',
}, () => {
    assertToolBuilt();
    const p = productWithChecksUnderOpt();
    assert.equal(tool(p, ['check', p.name]).status, 0, 'the product checks fine while /opt/acme is root’s');
    chownSync(p.acme, NOBODY, NOBODY);
    for (const command of ['check', 'status', 'gate']) {
        const r = tool(p, [command, p.name]);
        assert.equal(r.status, 78, `${command} refuses: ${r.stdout}${r.stderr}`);
        assert.ok(r.stderr.includes(p.acme), `${command} names ${p.acme}: ${r.stderr}`);
        assert.match(r.stderr, /owned by uid 65534/);
    }
    assert.deepEqual(readEvidence(p), ['ok db'], 'the check ran only while its path was root’s');
    figures.refusal = tool(p, ['check', p.name]).stderr.split('\n')[0].replaceAll(p.root, '$ROOT');
    removeProduct(p);
});
test('a service user swapping the checks directory in a loop never gets its file run as root', {
    skip: !asRoot && 'needs root',
}, async () => {
    assertToolBuilt();
    const p = productWithChecksUnderOpt();
    chownSync(p.acme, NOBODY, NOBODY);
    // the account's own directory holding its own "db", which would leave PWNED and its uid as root's
    const evil = join(p.acme, 'evil');
    mkdirSync(evil, { mode: 0o755 });
    writeFileSync(join(evil, 'db'), `#!/bin/sh\necho "PWNED uid=$(id -u)" >> ${p.evidence}\n`);
    chmodSync(join(evil, 'db'), 0o755);
    chownSync(evil, NOBODY, NOBODY);
    chownSync(join(evil, 'db'), NOBODY, NOBODY);
    chmodSync(p.evidence.replace(/evidence$/, ''), 0o755);
    writeFileSync(p.evidence, '');
    chmodSync(p.evidence, 0o666);
    // exchanges checks.d (root's) and evil (its own) for ever, atomically (renameat2 RENAME_EXCHANGE): the name
    // checks.d always exists, and each look at it may find either tree
    const attacker = spawn('setpriv', ['--reuid', `${NOBODY}`, '--regid', `${NOBODY}`, '--clear-groups', '/usr/bin/python3', '-c', SWAP_LOOP, p.acme], { stdio: 'ignore' });
    const statuses = {};
    try {
        for (let i = 0; i < 30; i++) {
            const r = tool(p, ['check', p.name]);
            statuses[String(r.status)] = (statuses[String(r.status)] ?? 0) + 1;
        }
    }
    finally {
        attacker.kill('SIGKILL');
        await new Promise((resolve) => attacker.once('exit', resolve));
    }
    figures.swapLoop = { calls: 30, statuses, evidence: readEvidence(p) };
    const pwned = readEvidence(p).filter((l) => l.startsWith('PWNED'));
    assert.deepEqual(pwned, [], `root ran the account's file: ${JSON.stringify(statuses)}`);
    assert.deepEqual(Object.keys(statuses), ['78'], `every call refused: ${JSON.stringify(statuses)}`);
    removeProduct(p);
});
test('check path: figures', { skip: !asRoot && 'needs root' }, () => {
    writeFigures('check-path', figures);
    assert.ok(figures.refusal);
});

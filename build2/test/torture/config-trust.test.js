// Descriptors carry commands root runs (start =, stop =, ready = exec:): root reads a descriptor only when
// the file and every directory from / down to it are root's and writable by nobody else, whichever way
// it was found (the search path, UPGRADE_HOOK_CONFIG_PATH, a path given on the command line). So an
// override from a non-root environment (`sudo -E`, `su` without `-`) is honoured only when it names
// files a non-root account cannot change. Needs root (chown to nobody); skipped otherwise.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, chownSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { addScript, assertToolBuilt, evidenceScript, makeProduct, removeProduct, tool, writeFigures, } from '../helpers/torture-product.js';
const NOBODY = 65534;
const asRoot = process.geteuid?.() === 0;
const refusals = [];
/** A product whose backend's start command leaves evidence: a descriptor that was read runs it. */
function product() {
    const p = makeProduct({ data: '1.0', build: '2.0' });
    const started = join(p.root, 'start-command-ran');
    writeFileSync(p.descriptor, `${readFileSync(p.descriptor, 'utf8')}[service db]\nrole = backend\nstart = touch ${started}\nstop = true\n`);
    chmodSync(p.descriptor, 0o644);
    addScript(p, { kind: 'once', name: '0010_offline', body: evidenceScript(p, '0010_offline') });
    return Object.assign(p, { started });
}
function assertRefused(p, args, culprit, why) {
    for (const command of [args, ['plan', ...args.slice(1)]]) {
        const r = tool(p, command);
        assert.equal(r.status, 78, `${command.join(' ')} refuses: ${r.stdout}${r.stderr}`);
        assert.ok(r.stderr.includes(culprit), `names ${culprit}: ${r.stderr}`);
        assert.match(r.stderr, why);
        assert.equal(r.stderr
            .trim()
            .split('\n')
            .filter((l) => l.startsWith('error:')).length, 1, r.stderr);
    }
    assert.ok(!existsSync(p.started), "the descriptor's start command did not run");
    assert.ok(!existsSync(p.marker), 'nothing written');
    refusals.push(tool(p, args).stderr.split('\n')[0].replaceAll(p.root, '$ROOT'));
}
test('a descriptor owned by a service user: refused, naming it', { skip: !asRoot && 'needs root' }, () => {
    assertToolBuilt();
    const p = product();
    chownSync(p.descriptor, NOBODY, NOBODY);
    assertRefused(p, ['run', p.name], p.descriptor, /owned by uid 65534/);
    removeProduct(p);
});
test('a group-writable descriptor: refused', { skip: !asRoot && 'needs root' }, () => {
    assertToolBuilt();
    const p = product();
    chmodSync(p.descriptor, 0o664);
    assertRefused(p, ['run', p.name], p.descriptor, /writable by its group/);
    removeProduct(p);
});
test('a search-path directory whose parent a service user owns: refused', { skip: !asRoot && 'needs root' }, () => {
    assertToolBuilt();
    const p = product();
    chownSync(p.root, NOBODY, NOBODY);
    assertRefused(p, ['run', p.name], p.root, /owned by uid 65534/);
    chownSync(p.root, 0, 0);
    removeProduct(p);
});
test("UPGRADE_HOOK_CONFIG_PATH naming a user's own directory is not honoured by root", {
    skip: !asRoot && 'needs root',
}, () => {
    assertToolBuilt();
    const p = product();
    // the user's own copy of the descriptor, in a directory of their own (what sudo -E would pass on)
    const mine = join(p.root, 'home-nobody');
    mkdirSync(mine, { mode: 0o755 });
    renameSync(p.descriptor, join(mine, `${p.name}.conf`));
    chownSync(mine, NOBODY, NOBODY);
    chownSync(join(mine, `${p.name}.conf`), NOBODY, NOBODY);
    p.env = { ...p.env, UPGRADE_HOOK_CONFIG_PATH: mine };
    assertRefused(p, ['run', p.name], mine, /UPGRADE_HOOK_CONFIG_PATH/);
    removeProduct(p);
});
test('a descriptor given by path in a directory a service user owns: refused', {
    skip: !asRoot && 'needs root',
}, () => {
    assertToolBuilt();
    const p = product();
    chownSync(p.etc, NOBODY, NOBODY);
    assertRefused(p, ['run', p.descriptor], p.etc, /owned by uid 65534/);
    removeProduct(p);
});
test('a root-owned descriptor in root-owned directories is read as before', { skip: !asRoot && 'needs root' }, () => {
    assertToolBuilt();
    const p = product();
    const r = tool(p, ['run', p.name]);
    assert.equal(r.status, 0, r.stderr);
    assert.ok(existsSync(p.started));
    removeProduct(p);
});
test('config trust: figures', { skip: !asRoot && 'needs root' }, () => {
    writeFigures('config-trust', { refusals });
    assert.equal(refusals.length, 5);
});

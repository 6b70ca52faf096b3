// Products sharing one state file (FreeIPA keeps several sections in one sysupgrade.state) each take
// only their own product lock; every read-modify-write of the file must still be serialised, by a lock
// on the file itself. Two products, 6 concurrent `state set` writers each (5 keys apiece) plus each
// product's upgrade, whose script sets 5 keys and whose end stamps the data version: every value must be
// there at the end. Once with both descriptors naming the same path, once with one of them reaching the
// file through a symlinked directory (the same file, another spelling of its path).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { addScript, assertToolBuilt, makeProduct, removeProduct, TOOL, writeFigures, } from '../helpers/torture-product.js';
const WRITERS = 6;
const KEYS = 5;
const figures = {};
function sh(p, script) {
    return new Promise((resolve) => {
        const child = spawn('/bin/sh', ['-c', script], {
            env: { ...p.env, TOOL, NODE: process.execPath },
            stdio: ['ignore', 'pipe', 'pipe'],
        });
        let out = '';
        child.stdout.on('data', (b) => (out += b.toString()));
        child.stderr.on('data', (b) => (out += b.toString()));
        child.on('close', (code) => resolve({ code, out }));
    });
}
async function scenario(label, throughLink) {
    assertToolBuilt();
    const a = makeProduct({ name: 'alpha', data: '1.0', build: '2.0' });
    const b = makeProduct({ name: 'beta', data: '1.0', build: '2.0' });
    // one state file, alpha's; beta names it directly or through a link to its directory; one lock directory
    writeFileSync(a.stateFile, '[alpha]\ndata_version = 1.0\n\n[beta]\ndata_version = 1.0\n', { mode: 0o600 });
    let bPath = a.stateFile;
    if (throughLink) {
        symlinkSync(join(a.root, 'state'), join(b.root, 'state-link'));
        bPath = join(b.root, 'state-link', 'sysupgrade.state');
    }
    writeFileSync(b.descriptor, readFileSync(b.descriptor, 'utf8').replace(`state_file = ${b.stateFile}`, `state_file = ${bPath}`));
    b.env = { ...b.env, UPGRADE_HOOK_LOCK_DIR: a.lockDir };
    for (const p of [a, b]) {
        addScript(p, {
            kind: 'once',
            name: '0010_sets',
            body: `#!/bin/sh\nfor i in $(seq 1 ${KEYS}); do "$UPGRADE_HOOK" state set ${p.name} ${p.name} script_$i v$i || exit 1; done\n`,
        });
    }
    const jobs = [];
    for (const p of [a, b]) {
        jobs.push(sh(p, `"$NODE" "$TOOL" run ${p.name}`));
        for (let w = 0; w < WRITERS; w++) {
            jobs.push(sh(p, `for i in $(seq 1 ${KEYS}); do "$NODE" "$TOOL" state set --wait 120 ${p.name} ${p.name} w${w}_$i v${w}_$i || echo "FAILED w${w}_$i"; done`));
        }
    }
    const results = await Promise.all(jobs);
    for (const r of results)
        assert.equal(r.code, 0, r.out);
    assert.ok(!results.some((r) => r.out.includes('FAILED')), results.map((r) => r.out).join(''));
    const text = readFileSync(a.stateFile, 'utf8');
    const lost = [];
    for (const p of [a, b]) {
        const section = text.split(/^\[/m).find((s) => s.startsWith(`${p.name}]`)) ?? '';
        const want = [
            ...Array.from({ length: WRITERS * KEYS }, (_, n) => `w${Math.floor(n / KEYS)}_${(n % KEYS) + 1}`),
            ...Array.from({ length: KEYS }, (_, i) => `script_${i + 1}`),
            'data_version',
        ];
        for (const k of want)
            if (!new RegExp(`^${k} = `, 'm').test(section))
                lost.push(`${p.name}.${k}`);
        assert.match(section, /^data_version = 2\.0$/m, `${p.name}'s stamp is there`);
    }
    const total = 2 * (WRITERS * KEYS + KEYS + 1);
    figures[label] = { writes: total, lost: lost.length, concurrentInvocations: jobs.length };
    assert.deepEqual(lost, [], `lost ${lost.length} of ${total} values`);
    removeProduct(a);
    removeProduct(b);
}
test('two products, one state file by the same path: no value lost among concurrent writers and stamps', async () => {
    await scenario('same path', false);
});
test('two products, one state file, one through a symlinked directory: no value lost', async () => {
    await scenario('through a symlinked directory', true);
});
test('shared state file: figures', () => {
    writeFigures('shared-state-file', figures);
    assert.equal(Object.keys(figures).length, 2);
});

// A FIFO, or a link to a device, in the state file's place must not hang or exhaust anything: every command
// that reads it (check, gate, status, run, state get, state set) refuses at once with one line naming the
// file and the fix (exit 78), and nothing is written in its place. A regular file beyond the bound is
// refused too, without being read whole.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { lstatSync, readlinkSync, rmSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { assertToolBuilt, makeProduct, removeProduct, tool, writeFigures, } from '../helpers/torture-product.js';
const figures = {};
const COMMANDS = (p) => [
    ['check', p.name],
    ['gate', p.name],
    ['status', p.name],
    ['run', p.name],
    ['state', 'get', p.name, p.name, 'data_version'],
    ['state', 'set', p.name, p.name, 'answer', '42'],
];
function scenario(label, plant, expect, unchanged) {
    assertToolBuilt();
    const p = makeProduct({ data: '1.0', build: '2.0' });
    plant(p);
    const slowest = [];
    for (const args of COMMANDS(p)) {
        const r = tool(p, args, 15_000);
        assert.equal(r.signal, null, `${args.join(' ')} hung (killed after 15 s): ${r.stderr}`);
        assert.equal(r.status, 78, `${args.join(' ')}: ${r.stdout}${r.stderr}`);
        const errors = r.stderr.split('\n').filter((l) => l.startsWith('error:'));
        assert.equal(errors.length, 1, r.stderr);
        assert.ok(errors[0].includes(p.stateFile), `names the state file: ${errors[0]}`);
        assert.match(errors[0], expect);
        assert.match(errors[0], /replace it with a regular file|restore it/);
        slowest.push(r.ms);
        unchanged(p);
    }
    figures[label] = {
        commands: slowest.length,
        slowestMs: Math.max(...slowest),
        message: tool(p, ['check', p.name]).stderr.trim().replace(p.root, '$ROOT'),
    };
    removeProduct(p);
}
test('a FIFO as the state file: every command refuses at once, the FIFO stays', () => {
    scenario('FIFO', (p) => {
        rmSync(p.stateFile);
        execFileSync('mkfifo', [p.stateFile]);
    }, /it is a FIFO, not a regular file/, (p) => assert.ok(lstatSync(p.stateFile).isFIFO()));
});
test('a link to /dev/zero as the state file: refused at once, nothing read', () => {
    scenario('link to /dev/zero', (p) => {
        rmSync(p.stateFile);
        symlinkSync('/dev/zero', p.stateFile);
    }, /it is a symbolic link/, (p) => assert.equal(readlinkSync(p.stateFile), '/dev/zero'));
});
test('a state file of 64 MiB (sparse): refused without being read whole', () => {
    scenario('64 MiB regular file', (p) => {
        writeFileSync(p.stateFile, '[demo]\ndata_version = 1.0\n');
        truncateSync(p.stateFile, 64 * 1024 * 1024);
    }, /it is larger than 16777216 bytes/, (p) => assert.equal(lstatSync(p.stateFile).size, 64 * 1024 * 1024));
});
test('special state file: figures', () => {
    writeFigures('special-state-file', figures);
    assert.equal(Object.keys(figures).length, 3);
});

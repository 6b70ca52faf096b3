// A script that prints enormous lines must not blow up the tool, the marker or the terminal: each line kept
// for the marker and shown on the terminal is cut to a few KB (saying so), while the log keeps every byte
// (long lines in numbered pieces). A 600 MB line without a newline (past node's largest string) is handled
// the same way, and the rerun completes once the script is quiet.
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createReadStream, existsSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { addScript, assertToolBuilt, makeProduct, removeProduct, tool, TOOL, writeFigures, } from '../helpers/torture-product.js';
const figures = {};
/** tool(), with room for what the unbounded tool printed (so that it fails on the assertions, not on maxBuffer). */
function roomyTool(p, args) {
    const t0 = Date.now();
    const r = spawnSync(process.execPath, [TOOL, ...args], {
        env: p.env,
        encoding: 'utf8',
        timeout: 300_000,
        maxBuffer: 256 * 1024 * 1024,
        stdio: ['ignore', 'pipe', 'pipe'],
    });
    return { status: r.status, signal: r.signal, stdout: r.stdout ?? '', stderr: r.stderr ?? '', ms: Date.now() - t0 };
}
/** Bytes the script wrote to stdout according to the log (pieces of a long line added up), and the record count. */
async function loggedBytes(p, script) {
    let bytes = 0;
    let records = 0;
    const prefix = `${script}: `;
    for await (const line of createInterface({ input: createReadStream(p.logFile), crlfDelay: Infinity })) {
        const r = JSON.parse(line);
        if (r.script !== script || r.stream !== 'stdout')
            continue;
        assert.ok(r.msg.startsWith(prefix));
        bytes += Buffer.byteLength(r.msg) - prefix.length;
        records++;
    }
    return { bytes, records };
}
async function scenario(label, noise, expectBytes, expectCut) {
    assertToolBuilt();
    const p = makeProduct({ data: '1.0', build: '2.0' });
    const flag = join(p.root, 'noisy');
    addScript(p, {
        kind: 'once',
        name: '0010_noisy',
        body: `#!/bin/sh\nif [ -e ${flag} ]; then\n${noise}\n  exit 1\nfi\necho quiet\n`,
    });
    writeFileSync(flag, '');
    const r = roomyTool(p, ['run', p.name]);
    assert.equal(r.signal, null, `the tool was killed by ${r.signal}`);
    assert.equal(r.status, 1, `the upgrade fails, cleanly: ${r.stderr.slice(0, 2000)}`);
    assert.doesNotMatch(r.stderr, /^\s+at .*\(.*:\d+:\d+\)$/m, 'no stack trace');
    assert.match(r.stderr, /0010_noisy exited with status 1/);
    assert.ok(r.stderr.length < 100_000, `the terminal got ${r.stderr.length} bytes`);
    const markerBytes = statSync(p.marker).size;
    assert.ok(markerBytes < 64 * 1024, `the marker is ${markerBytes} bytes`);
    const marker = JSON.parse(readFileSync(p.marker, 'utf8'));
    assert.equal(marker.script, '0010_noisy');
    assert.ok(marker.lastOutput.length > 0 && marker.lastOutput.length <= 10);
    for (const l of marker.lastOutput)
        assert.ok(Buffer.byteLength(l) < 4200, `a kept line of ${Buffer.byteLength(l)} bytes`);
    assert.match(marker.lastOutput.find((l) => expectCut.test(l)) ?? '', expectCut, 'a cut line says how long it was');
    const logged = await loggedBytes(p, '0010_noisy');
    assert.equal(logged.bytes, expectBytes, 'the log keeps every byte the script printed');
    const status = roomyTool(p, ['status', p.name]);
    assert.equal(status.status, 0, status.stderr);
    assert.ok(status.stdout.length < 100_000, `status printed ${status.stdout.length} bytes`);
    rmSync(flag);
    const again = tool(p, ['run', p.name]);
    assert.equal(again.status, 0, again.stderr);
    assert.ok(!existsSync(p.marker));
    figures[label] = {
        scriptBytes: expectBytes,
        failedRunMs: r.ms,
        markerBytes,
        terminalBytes: r.stderr.length,
        logRecords: logged.records,
    };
    removeProduct(p);
}
test('12 lines of 2 MB: the marker and the terminal keep each line cut to 4 KB, the log keeps all of it', async () => {
    const line = 2_000_000;
    await scenario('12 lines of 2 MB', `  i=0\n  while [ $i -lt 12 ]; do head -c ${line} /dev/zero | tr '\\0' x; echo; i=$((i+1)); done\n  echo last words`, 12 * line + 'last words'.length, /^x{4096} … \[line cut: 2000000 bytes in all, whole in the log\]$/);
});
test('one 600 MB line without a newline: no crash, a clean failure, every byte in the log', async () => {
    const size = 600_000_000;
    await scenario('one 600 MB line, no newline', `  head -c ${size} /dev/zero | tr '\\0' y`, size, /^y{4096} … \[line cut: 600000000 bytes in all, whole in the log\]$/);
});
test('noisy script: figures', () => {
    writeFigures('noisy-script', figures);
    assert.equal(Object.keys(figures).length, 2);
});

// A service's `start =` command that leaves a daemon holding its stdout and stderr (`acmed &` without
// redirection). Before, the command's output went to a temporary file removed as soon as the command
// exited: the daemon wrote into that deleted file for as long as it lived, unbounded and out of sight (a
// chatty daemon fills the disk). Now the command gets pipes; once it has exited, a pipe still held goes to a
// drain to /dev/null, so the daemon's writes cost nothing, it is not killed (SIGPIPE), and the tool goes on.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { addScript, assertToolBuilt, evidenceScript, makeProduct, readEvidence, removeProduct, tool, writeFigures, } from '../helpers/torture-product.js';
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
test("a start command's daemon keeping its stdout writes into no deleted file and lives on", async () => {
    assertToolBuilt();
    const p = makeProduct({ name: 'demo', data: '1.0', build: '2.0' });
    const done = join(p.root, 'daemon.done');
    // writes 20 lines over ~2 s to the stdout it inherited, then says where that stdout led and that it lived
    const daemon = [
        'i=0; while [ $i -lt 20 ]; do i=$((i+1)); echo "tick $i"; echo "tock $i" >&2; sleep 0.1; done',
        `echo "stdout $(readlink /proc/$$/fd/1)" >> ${p.evidence}`,
        `touch ${done}`,
    ].join('; ');
    const up = join(p.root, 'web-up');
    writeFileSync(p.descriptor, `${readFileSync(p.descriptor, 'utf8')}\n${[
        '[service web]',
        'role = app',
        `start = sh -c '${daemon}' & touch ${up}`,
        `stop = rm -f ${up}`,
        `ready = exec:test -e ${up}`,
        '',
    ].join('\n')}`);
    writeFileSync(up, ''); // the service runs before the upgrade: it is stopped, then started again
    addScript(p, { kind: 'once', name: '0010_step', body: evidenceScript(p, '0010_step') });
    const r = tool(p, ['run', p.name]);
    assert.equal(r.status, 0, `the upgrade succeeds: ${r.stdout}${r.stderr}`);
    assert.ok(!existsSync(done), 'the daemon was still writing when the tool finished (else the test proves nothing)');
    const until = Date.now() + 30_000;
    while (!existsSync(done) && Date.now() < until)
        await sleep(100);
    assert.ok(existsSync(done), 'the daemon wrote all its lines and lived to its end (no SIGPIPE)');
    const where = readEvidence(p).find((l) => l.startsWith('stdout '));
    writeFigures('start-daemon-output', { daemonStdout: where?.replace(/\d+/g, 'N') });
    assert.ok(where, readEvidence(p).join('\n'));
    assert.doesNotMatch(where, /\(deleted\)/, `the daemon wrote into a deleted file: ${where}`);
    assert.match(where, /^stdout (pipe|socket):\[\d+\]$/, "a pipe (node's socketpair), drained");
    removeProduct(p);
});

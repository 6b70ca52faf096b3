// A script that starts a daemon without redirecting its output (`somed &`) leaves the daemon holding the
// pipes the tool reads the script's output from. The tool stops listening 2 s after the script exited;
// before, it then closed its end and the daemon's next write killed it (SIGPIPE). Now the daemon must live
// on, its later output must reach the documented file next to the log (LOG_FILE.daemons), and the tool
// must finish without waiting for the daemon.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { addScript, assertToolBuilt, evidenceScript, makeProduct, readEvidence, removeProduct, tool, writeFigures, } from '../helpers/torture-product.js';
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const LINES = 60; // one every 100 ms: the daemon writes for ~6 s after the script exited
const TOOL_BOUND_MS = 5000; // the 2 s grace, node's start-up and the run itself; the daemon alone takes 6 s
function alive(pid) {
    try {
        return !/^\d+ \(.*\) [ZX]/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
    }
    catch {
        return false;
    }
}
test("a daemon left with the script's stdout and stderr outlives the tool, its output kept, the tool not waiting", async () => {
    assertToolBuilt();
    const p = makeProduct({ data: '1.0', build: '2.0' });
    const pidFile = join(p.root, 'daemon.pid');
    const finished = join(p.root, 'daemon.finished');
    addScript(p, {
        kind: 'once',
        name: '0010_daemon',
        body: [
            '#!/bin/sh',
            // no redirection: the daemon keeps the script's stdout and stderr; a write after our end is closed kills it
            `( i=0; while [ $i -lt ${LINES} ]; do i=$((i+1)); echo "daemon out $i"; echo "daemon err $i" >&2; sleep 0.1; done; echo finished > ${finished} ) &`,
            `echo $! > ${pidFile}`,
            'echo "script done"',
            '',
        ].join('\n'),
    });
    addScript(p, { kind: 'once', name: '0020_after', body: evidenceScript(p, '0020_after') });
    const daemons = `${p.logFile}.daemons`;
    let pid = 0;
    try {
        const r = tool(p, ['run', p.name], 60_000);
        assert.equal(r.status, 0, `the upgrade succeeds: ${r.stdout}${r.stderr}`);
        pid = Number(readFileSync(pidFile, 'utf8').trim());
        assert.ok(r.ms < TOOL_BOUND_MS, `the tool finished in ${r.ms} ms, without waiting for the daemon (it writes for ${LINES / 10} s)`);
        assert.deepEqual(readEvidence(p), ['start 0020_after', 'done 0020_after'], 'the next script ran');
        assert.ok(!existsSync(finished), 'the daemon was still writing when the tool finished (else the test proves nothing)');
        // the tool has closed its end by now: a daemon left with a closed pipe dies at its next write (100 ms)
        await sleep(500);
        const aliveAfter = alive(pid);
        const until = Date.now() + 20_000;
        while (!existsSync(finished) && alive(pid) && Date.now() < until)
            await sleep(100);
        assert.ok(existsSync(finished), `the daemon ran to its end (alive 0.5 s after the tool: ${aliveAfter}); it was not killed by SIGPIPE`);
        const log = readFileSync(p.logFile, 'utf8');
        assert.match(log, /daemon out 1\b/, 'its first lines reached the log while the tool listened');
        assert.match(log, /0010_daemon.*\.daemons/, 'the log says where the rest of its output goes');
        assert.match(r.stdout + r.stderr, /\.daemons/, 'so does the terminal');
        // the drain ends when the daemon does; its last lines may trail the daemon's exit by a moment
        const drainUntil = Date.now() + 5000;
        while (!/daemon err 60\b/.test(existsSync(daemons) ? readFileSync(daemons, 'utf8') : '') && Date.now() < drainUntil)
            await sleep(50);
        const kept = readFileSync(daemons, 'utf8');
        assert.match(kept, /0010_daemon/, 'the file names the script whose processes wrote it');
        assert.match(kept, new RegExp(`daemon out ${LINES}\\b`), 'its last stdout line was kept');
        assert.match(kept, new RegExp(`daemon err ${LINES}\\b`), 'its last stderr line was kept');
        const all = `${log}\n${kept}`;
        const numbers = Array.from({ length: LINES }, (_, i) => i + 1);
        const has = (text) => numbers.filter((i) => new RegExp(`daemon out ${i}\\b`).test(text));
        const lost = numbers.filter((i) => !has(all).includes(i));
        assert.deepEqual(lost, [], 'no stdout line lost between the log and the file');
        assert.equal(statSync(daemons).mode & 0o777, 0o600, 'the file is 0600, like the log');
        writeFigures('left-daemon', {
            toolMs: r.ms,
            daemonSeconds: LINES / 10,
            aliveAfterTool: aliveAfter,
            daemonFinished: true,
            linesInLog: has(log).length,
            linesInFile: has(kept).length,
        });
    }
    finally {
        if (pid && alive(pid))
            process.kill(pid, 'SIGKILL');
    }
    removeProduct(p);
});
test('a planted LOG_FILE.daemons symlink is not written through: the daemon still lives, the terminal says why', async () => {
    assertToolBuilt();
    const p = makeProduct({ data: '1.0', build: '2.0' });
    const target = join(p.root, 'elsewhere');
    writeFileSync(target, 'untouched\n');
    symlinkSync(target, `${p.logFile}.daemons`);
    const pidFile = join(p.root, 'daemon.pid');
    const finished = join(p.root, 'daemon.finished');
    addScript(p, {
        kind: 'once',
        name: '0010_daemon',
        body: `#!/bin/sh\n( i=0; while [ $i -lt 40 ]; do i=$((i+1)); echo "daemon out $i"; sleep 0.1; done; echo finished > ${finished} ) &\necho $! > ${pidFile}\n`,
    });
    let pid = 0;
    try {
        const r = tool(p, ['run', p.name], 60_000);
        assert.equal(r.status, 0, `the upgrade succeeds: ${r.stdout}${r.stderr}`);
        pid = Number(readFileSync(pidFile, 'utf8').trim());
        assert.match(r.stdout + r.stderr, /goes to \/dev\/null \(cannot use \S+\.daemons \(it is a symbolic link\)\)/);
        const until = Date.now() + 20_000;
        while (!existsSync(finished) && alive(pid) && Date.now() < until)
            await sleep(100);
        assert.ok(existsSync(finished), 'the daemon ran to its end with its output going nowhere');
        assert.equal(readFileSync(target, 'utf8'), 'untouched\n', 'nothing was written through the link');
    }
    finally {
        if (pid && alive(pid))
            process.kill(pid, 'SIGKILL');
    }
    removeProduct(p);
});

// Signals during a backup, as an admin or systemd sends them: Ctrl-C (SIGINT to the whole foreground group)
// and SIGTERM (to the tool alone) during `backup` by hand end the backup, discard the partial one and start
// again every service it stopped; SIGTERM during the backup an upgrade takes is an interruption, not a
// failure: the marker says `interrupted` and the next gate resumes the upgrade instead of refusing it.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { cliBackground } from '../helpers/cli.js';
import { installedThenUpgraded, makeProduct } from '../helpers/product.js';
import { waitForFile } from '../helpers/wait.js';
/** A product whose dump hangs (its pid in ROOT/dump.pid) while ROOT/hang exists. */
function productWithHangingDump() {
    const p = makeProduct();
    const data = join(p.root, 'data');
    mkdirSync(data);
    writeFileSync(join(data, 'table.dat'), 'rows of 1.0\n');
    const hang = join(p.root, 'hang');
    const dumpPid = join(p.root, 'dump.pid');
    const ev = (what) => `echo "${what}" >> ${p.evidence}`;
    p.descriptor([
        '[service db]',
        'role = backend',
        `start = ${ev('start db')}`,
        `stop = ${ev('stop db')}`,
        '[service web]',
        'role = app',
        `start = ${ev('start web')}`,
        `stop = ${ev('stop web')}`,
        '[backup]',
        `paths = ${data}`,
        `dump = echo dump > "$UPGRADE_HOOK_DUMP_FILE"; if [ -e ${hang} ]; then echo $$ > ${dumpPid}.new; mv ${dumpPid}.new ${dumpPid}; exec sleep 600; fi`,
        'restore = true',
    ].join('\n'));
    const dir = join(p.varDir, 'backups');
    return Object.assign(p, {
        hang,
        dumpPid,
        backups: () => (existsSync(dir) ? readdirSync(dir).sort() : []),
    });
}
function killDump(p) {
    try {
        process.kill(Number(readFileSync(p.dumpPid, 'utf8')), 'SIGKILL');
    }
    catch {
        /* ended with the tool */
    }
}
for (const [how, signal, toGroup] of [
    ['Ctrl-C', 'SIGINT', true],
    ['SIGTERM to the tool', 'SIGTERM', false],
]) {
    test(`${how} during backup by hand: the partial backup goes, every service it stopped starts again`, async (t) => {
        const p = productWithHangingDump();
        t.after(() => {
            killDump(p);
            p.cleanup();
        });
        assert.equal(p.run('stamp', 'acme').code, 0);
        writeFileSync(p.hang, '');
        const child = cliBackground(['backup', 'acme'], p.env);
        await waitForFile(p.dumpPid, 60_000);
        process.kill(toGroup ? -child.pid : child.pid, signal);
        const r = await child.result;
        killDump(p);
        assert.equal(r.code, 1, r.stderr + r.stdout);
        assert.match(r.stderr, new RegExp(`backup interrupted by ${signal}: the partial backup was discarded, nothing else changed`));
        assert.deepEqual(p.evidenceLines(), ['stop web', 'start db', 'start db', 'start web'], 'the app stopped for the dump is up again (the backend was started for the dump, and once more after)');
        assert.deepEqual(p.backups(), [], 'no partial backup is left');
        assert.equal(p.marker(), undefined, 'nothing pending: the data was never touched');
        assert.ok(!existsSync(join(p.varDir, 'stopped-units')), 'no stopped units left listed');
        // and the lock is free: the next backup runs
        rmSync(p.hang);
        const again = p.run('backup', 'acme');
        assert.equal(again.code, 0, again.stderr);
        assert.equal(p.backups().length, 1);
    });
}
test("SIGTERM during an upgrade's backup: interrupted, not failed; the next gate resumes it", async (t) => {
    const p = productWithHangingDump();
    t.after(() => {
        killDump(p);
        p.cleanup();
    });
    installedThenUpgraded(p, '1.0-1', '1.1-1');
    p.script('once', '0010_migrate', `#!/bin/sh\necho "ran 0010" >> ${p.evidence}\n`);
    writeFileSync(p.hang, '');
    const child = cliBackground(['run', 'acme'], p.env);
    await waitForFile(p.dumpPid, 60_000);
    process.kill(child.pid, 'SIGTERM');
    const r = await child.result;
    killDump(p);
    assert.equal(r.code, 1, r.stderr + r.stdout);
    assert.match(r.stderr, /interrupted by SIGTERM/);
    const m = p.marker();
    assert.deepEqual([m.state, m.reason], ['failed', 'interrupted'], 'the marker says interrupted, not backup-failed');
    assert.deepEqual(p.backups(), [], 'the partial backup is discarded');
    assert.ok(!p.evidenceLines().includes('ran 0010'), 'no script ran');
    const st = JSON.parse(p.run('status', 'acme', '--json').stdout);
    assert.equal(st.next, 'upgrade-hook run acme');
    // the next start of the service resumes: a whole backup first, then the scripts
    rmSync(p.hang);
    const gate = p.run('gate', 'acme');
    assert.equal(gate.code, 0, gate.stderr + gate.stdout);
    assert.ok(p.evidenceLines().includes('ran 0010'));
    assert.equal(p.backups().length, 1);
    assert.equal(p.marker(), undefined);
});

// Runs inside `unshare -m --propagation private` (started by test/torture/full-disk.test.ts): mounts a tiny
// tmpfs at argv[2], puts a whole product on it (state, var_dir, log, scripts), fills it, runs the tool and
// prints what happened as one JSON line per scenario. The mount dies with the namespace.
import { execFileSync } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, readdirSync, rmSync, writeFileSync, writeSync, } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { addScript, evidenceScript, makeProduct, readHistoryStrict, tool } from './torture-product.js';
const mount = process.argv[2];
execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=512k,mode=0755', 'tmpfs', mount]);
function fill() {
    const fd = openSync(join(mount, 'fill'), 'w');
    const chunk = Buffer.alloc(4096, 0x78);
    try {
        for (;;)
            writeSync(fd, chunk);
    }
    catch {
        /* ENOSPC: full */
    }
    finally {
        closeSync(fd);
    }
    // Anything smaller than a page that still fits.
    for (let i = 0; i < 64; i++) {
        try {
            writeFileSync(join(mount, `crumb${i}`), 'x');
        }
        catch {
            break;
        }
    }
}
function unfill() {
    for (const n of readdirSync(mount))
        if (n === 'fill' || n.startsWith('crumb'))
            rmSync(join(mount, n));
}
function leftovers(dir) {
    const out = [];
    const walk = (d) => {
        for (const e of readdirSync(d, { withFileTypes: true })) {
            if (e.isDirectory())
                walk(join(d, e.name));
            else if (/\.tmp-|\.tmp$|^\.~/.test(e.name))
                out.push(relative(dir, join(d, e.name)));
        }
    };
    walk(dir);
    return out;
}
const read = (f) => (existsSync(f) ? readFileSync(f, 'utf8') : null);
function snapshot(p) {
    return { state: read(p.stateFile), history: read(p.history), marker: read(p.marker) };
}
// The lock lives in /run/lock, another file system: keep it off the full one unless a scenario wants it there.
const lockParent = mkdtempSync(join(tmpdir(), 'uh-torture-fdlock-'));
const offDisk = mkdtempSync(join(tmpdir(), 'uh-torture-fdlog-'));
function product(lines = [], lockOnFullDisk = false) {
    const p = makeProduct({ data: '1.0', build: '2.0', parent: mount, productLines: lines });
    addScript(p, { kind: 'once', name: '3010_work', body: evidenceScript(p, '3010_work') });
    if (!lockOnFullDisk) {
        p.lockDir = join(lockParent, relative(mount, p.root), 'upgrade-hook');
        p.env.UPGRADE_HOOK_LOCK_DIR = p.lockDir;
    }
    return p;
}
function scenario(name, p, args, extra = {}) {
    const before = snapshot(p);
    fill();
    const r = tool(p, args);
    const after = snapshot(p);
    const lockLeft = existsSync(join(p.lockDir, `${p.name}.lock`));
    const out = {
        scenario: name,
        root: p.root,
        args,
        status: r.status,
        stdout: r.stdout,
        stderr: r.stderr,
        before,
        after,
        leftovers: leftovers(p.root),
        lockLeft,
        ...extra,
    };
    unfill();
    return out;
}
const results = [];
// The state file: `state set` (what upgrade scripts call) on a full disk.
{
    const p = product();
    writeFileSync(p.stateFile, '[demo]\ndata_version = 1.0\n# a comment another tool wrote\n[other]\nkey = value\n');
    results.push(scenario('state file', p, ['state', 'set', p.name, 'demo', 'answer', '42']));
}
// The marker: a run cannot even record that it started (its log elsewhere, then on the full disk too).
{
    const p = product();
    results.push(scenario('marker (run)', p, ['run', p.name, '--log-file', join(offDisk, 'upgrade.log')]));
}
{
    const p = product();
    results.push(scenario('marker (run), log on the full disk', p, ['run', p.name]));
}
// The lock directory on the full file system (/run full): the owner file cannot be written.
{
    const p = product([], true);
    results.push(scenario('lock owner file', p, ['state', 'set', p.name, 'demo', 'answer', '42']));
}
// The marker: posttrans deferring (auto_upgrade = no) over an older marker.
{
    const p = product(['auto_upgrade = no']);
    writeFileSync(p.marker, '{"state":"deferred","reason":"chroot","detail":"older deferral","since":"2026-01-01T00:00:00Z"}\n');
    results.push(scenario('marker (posttrans)', p, ['posttrans', p.name]));
}
// The history: a script fills the disk after padding the history to a page boundary, so the durable end
// record of that script is the write that fails. Then space comes back and the rerun must complete.
{
    const p = product();
    addScript(p, {
        kind: 'once',
        name: '0010_fills_disk',
        body: `#!/bin/sh\necho "start 0010_fills_disk" >> ${p.evidence}\nif [ -e ${p.root}/fill-now ]; then\n  rm ${p.root}/fill-now\n  size=$(stat -c %s ${p.history}); pad=$(( (4096 - size % 4096) % 4096 ))\n  head -c $pad /dev/zero | tr '\\0' '\\n' >> ${p.history}\n  dd if=/dev/zero of=${mount}/fill bs=4096 2>/dev/null\n  for i in 1 2 3 4 5 6 7 8; do echo x > ${mount}/crumb$i 2>/dev/null || break; done\nfi\n`,
    });
    writeFileSync(join(p.root, 'fill-now'), '');
    const before = snapshot(p);
    const r = tool(p, ['run', p.name]);
    const after = snapshot(p);
    const historyParses = (() => {
        try {
            return { ok: true, records: readHistoryStrict(p.history).records.length };
        }
        catch (e) {
            return { ok: false, error: e.message };
        }
    })();
    const left = leftovers(p.root);
    unfill();
    const rerun = tool(p, ['run', p.name]);
    const check = tool(p, ['check', p.name]);
    results.push({
        scenario: 'history',
        root: p.root,
        args: ['run', p.name],
        status: r.status,
        stdout: r.stdout,
        stderr: r.stderr,
        before,
        after,
        leftovers: left,
        historyParses,
        rerun: { status: rerun.status, stderr: rerun.stderr },
        check: check.status,
    });
}
rmSync(lockParent, { recursive: true, force: true });
rmSync(offDisk, { recursive: true, force: true });
process.stdout.write(`${JSON.stringify(results)}\n`);

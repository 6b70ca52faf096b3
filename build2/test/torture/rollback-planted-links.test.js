// Rollback as root in a directory the service account owns (ROOT/acme, holding the data directory, as the
// README's /var/lib/acme/data): the account (nobody, through setpriv) races each rollback in a loop,
// planting `data` as a link to a root-owned victim directory and as a directory of its own full of links
// into it (data/F and data/data/F -> victim/F). Before, rollback renamed the data aside and then ran
// `cp -a BACKUP/data ROOT/acme/data` by path: cp wrote through the plant into the victim and chowned it to
// the account. Now nothing outside the data path is written. Second: the data a rollback set aside is
// removed after the next successful upgrade while the account swaps its subdirectories for links to a
// victim in a loop: before, the recursive removal by name followed a swapped link and deleted root's files.
// Needs root (chown, setpriv); skipped otherwise.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { chownSync, existsSync, lchownSync, lstatSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync, } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { addScript, assertToolBuilt, makeProduct, removeProduct, TOOL, tool, writeFigures, } from '../helpers/torture-product.js';
import { contentsOf, DATA_FILES, dataContents, NOBODY, rollbackProduct, setAsideDirs, upgradeTo2, newestBackup, } from '../helpers/torture-rollback.js';
import { treeDiff, treeListing } from '../helpers/torture-tree.js';
const asRoot = process.geteuid?.() === 0;
/** What the product itself changes (its data, state, records, log, lock): everything else must stay. */
const productOwn = (rel) => /^(acme|var|log|lock|state)(\/|$)/.test(rel);
/** A root-owned directory of files the account must never reach through root. */
function victimTree(root, name, files) {
    const v = join(root, name);
    mkdirSync(v, { mode: 0o755 });
    for (const f of files)
        writeFileSync(join(v, f), `${name}/${f}: root's, not the account's\n`, { mode: 0o644 });
    return v;
}
/** Runs `code` (a node program) as nobody, in its own process group; it stops by itself after 120 s. */
function asNobody(code, args) {
    return spawn('setpriv', ['--reuid', String(NOBODY), '--regid', String(NOBODY), '--clear-groups', process.execPath, '-e', code, ...args], {
        detached: true,
        stdio: 'ignore',
    });
}
/** Ends what asNobody started: its process group, by the pid we were given. */
function stop(child) {
    return new Promise((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null)
            return resolve();
        child.on('exit', () => resolve());
        process.kill(-child.pid, 'SIGKILL');
    });
}
// plants `data` as a link to the victim, or renames in a directory of its own holding links into it
const PLANTER = `
const fs = require('fs');
const [acme, victim, names] = process.argv.slice(1);
const stash = acme + '/.stash';
const end = Date.now() + 120000;
let plants = 0;
for (let i = 0; Date.now() < end; i++) {
  // the single-file data path: a link to a victim file wherever the name is free
  try { fs.symlinkSync(victim + '/f01', acme + '/acme.conf'); plants++; } catch {}
  if (i % 2 === 0) {
    try { fs.symlinkSync(victim, acme + '/data'); plants++; } catch {}
    continue;
  }
  try {
    fs.mkdirSync(stash + '/data', { recursive: true });
    for (const n of names.split(',')) {
      try { fs.symlinkSync(victim + '/' + n, stash + '/' + n); } catch {}
      try { fs.symlinkSync(victim + '/' + n, stash + '/data/' + n); } catch {}
    }
    fs.renameSync(stash, acme + '/data');
    plants++;
  } catch {}
}
`;
test('rollback with the data in the account-owned directory: links the account plants in a loop are never written through', {
    skip: !asRoot && 'needs root (chown, setpriv)',
}, async () => {
    assertToolBuilt();
    const p = rollbackProduct({ confFile: true });
    const victim = victimTree(p.root, 'victim', DATA_FILES);
    const outside = treeListing(p.root, productOwn);
    const planter = asNobody(PLANTER, [p.acme, victim, DATA_FILES.join(',')]);
    const rounds = 12;
    const exits = {};
    try {
        for (let i = 0; i < rounds; i++) {
            const r = tool(p, ['rollback', p.name, newestBackup(p)], 60_000);
            const key = r.status === 0
                ? '0'
                : `${r.status}: ${(r.stderr.split('\n')[0] ?? '').replaceAll(p.root, '$ROOT').slice(0, 160)}`;
            exits[key] = (exits[key] ?? 0) + 1;
            assert.doesNotMatch(r.stderr, /internal error|^\s+at /m, r.stderr);
            assert.equal(treeDiff(outside, treeListing(p.root, productOwn)), '', `round ${i + 1}: nothing outside the data path changed (exit ${r.status}: ${r.stderr})`);
            upgradeTo2(p);
        }
    }
    finally {
        await stop(planter);
    }
    // without the account racing, one more rollback puts the 1.0 data back, owned as backed up
    const last = tool(p, ['rollback', p.name, newestBackup(p)]);
    assert.equal(last.status, 0, last.stderr);
    assert.deepEqual(dataContents(p), contentsOf('1.0'));
    assert.equal(readFileSync(join(p.acme, 'acme.conf'), 'utf8'), 'conf of 1.0\n', 'the file path too');
    assert.equal(treeDiff(outside, treeListing(p.root, productOwn)), '');
    assert.ok((exits['0'] ?? 0) >= 1, `at least one rollback under attack succeeded: ${JSON.stringify(exits)}`);
    // what the account had planted at `data`: caught in the instant between set-aside and rename-in
    // (`.planted-*`), or standing there when a rollback began (set aside as the data)
    const works = setAsideDirs(p.acme, 'data').map((w) => join(p.acme, w));
    const caughtBetween = works.flatMap((w) => readdirSync(w).filter((n) => n.startsWith('.planted-'))).length;
    const setAsideAsData = works.filter((w) => {
        const d = join(w, 'data');
        return lstatSync(d).isSymbolicLink() || readdirSync(d).includes('data');
    }).length;
    writeFigures('rollback-planted-links', {
        rounds,
        exits,
        plants: { caughtBetween, setAsideAsData },
        victim: 'unchanged (content, owner, mode of every file)',
    });
    removeProduct(p);
});
function setBuild(p, version) {
    writeFileSync(p.descriptor, readFileSync(p.descriptor, 'utf8').replace(/^build_version = .*$/m, `build_version = ${version}`));
}
// swaps each subdirectory of the set-aside data for a link to the victim and back, as fast as it can
const SWAPPER = `
const fs = require('fs');
const [dir, victim, count] = process.argv.slice(1);
const end = Date.now() + 120000;
while (Date.now() < end) {
  for (let k = 0; k < Number(count); k++) {
    const sub = dir + '/sub' + k;
    try { fs.renameSync(sub, sub + '.x'); } catch { continue; }
    try { fs.symlinkSync(victim, sub); fs.unlinkSync(sub); } catch {}
    try { fs.renameSync(sub + '.x', sub); } catch {}
  }
  if (!fs.existsSync(dir)) break;
}
`;
test('set-aside data removed after the next upgrade while the account swaps its subdirectories for links: only the set-aside data goes', {
    skip: !asRoot && 'needs root (chown, setpriv)',
}, async () => {
    assertToolBuilt();
    const p = rollbackProduct();
    const victimFiles = Array.from({ length: 40 }, (_, i) => `v${i}`);
    const victim = victimTree(p.root, 'victim', victimFiles);
    const before = treeListing(victim);
    // what an earlier rollback left (the layout of the tool before this change: the account's own data
    // directory renamed next to itself), listed for removal after the next successful upgrade
    const aside = join(p.acme, 'data.before-rollback-20261101T000000Z');
    const subs = 150;
    mkdirSync(aside);
    chownSync(aside, NOBODY, NOBODY);
    for (let k = 0; k < subs; k++) {
        const sub = join(aside, `sub${k}`);
        mkdirSync(sub);
        chownSync(sub, NOBODY, NOBODY);
        for (const f of victimFiles.slice(0, 8)) {
            writeFileSync(join(sub, f), 'old data\n');
            chownSync(join(sub, f), NOBODY, NOBODY);
        }
    }
    writeFileSync(join(p.varDir, 'rollback-set-aside.json'), `${JSON.stringify([aside])}\n`, { mode: 0o600 });
    addScript(p, { kind: 'once', name: '0010_upgrade', body: '#!/bin/sh\nexit 0\n' });
    setBuild(p, '2.1');
    const swapper = asNobody(SWAPPER, [aside, victim, String(subs)]);
    let run;
    try {
        run = tool(p, ['run', p.name]);
    }
    finally {
        await stop(swapper);
    }
    assert.equal(run.status, 0, run.stderr);
    assert.equal(treeDiff(before, treeListing(victim)), '', "root's victim files are all there");
    assert.equal(existsSync(join(p.varDir, 'rollback-set-aside.json')), false, 'the list is done with');
    const log = readFileSync(p.logFile, 'utf8');
    assert.match(log, /removed .*data\.before-rollback-20261101T000000Z, the data a rollback had set aside/);
    // the new layout: a rollback's work directory is root's 0700; the account can only swap the whole name
    const rb = tool(p, ['rollback', p.name, newestBackup(p)]);
    assert.equal(rb.status, 0, rb.stderr);
    const [work] = setAsideDirs(p.acme, 'data');
    assert.ok(work, 'the rollback set the data aside');
    const swap = asNobody(`const fs=require('fs');const [w,v]=process.argv.slice(1);fs.renameSync(w,w+'.moved');fs.symlinkSync(v,w);`, [join(p.acme, work), victim]);
    await new Promise((r) => swap.on('exit', r));
    // the packages go back to the restored data (2.0, the backup the 2.1 upgrade took), then a newer build
    setBuild(p, '2.0');
    assert.equal(tool(p, ['run', p.name]).status, 0);
    setBuild(p, '3.0');
    const again = tool(p, ['run', p.name]);
    assert.equal(again.status, 0, again.stderr);
    assert.equal(treeDiff(before, treeListing(victim)), '', 'a work directory swapped for a link: the link is left alone');
    assert.match(readFileSync(p.logFile, 'utf8'), /left .*data\.before-rollback-.* alone: it is now a symbolic link/);
    writeFigures('rollback-set-aside-removal', {
        subdirectories: subs,
        victim: 'unchanged',
        swappedWorkDir: 'left alone (logged)',
    });
    removeProduct(p);
});
test('a data path reached through a link in the account-owned directory: rollback refuses before anything stops', {
    skip: !asRoot && 'needs root (chown)',
}, () => {
    assertToolBuilt();
    const p = makeProduct({ data: '1.0', build: '1.0' });
    const acme = join(p.root, 'acme');
    const real = join(acme, 'v1');
    mkdirSync(join(real, 'data'), { recursive: true });
    writeFileSync(join(real, 'data', 'f01'), 'f01 of 1.0\n');
    for (const d of [acme, real, join(real, 'data')])
        chownSync(d, NOBODY, NOBODY);
    // the account's own link: it decides where `current` leads, and so where root would write
    symlinkSync('v1', join(acme, 'current'));
    lchownSync(join(acme, 'current'), NOBODY, NOBODY);
    writeFileSync(p.descriptor, `${readFileSync(p.descriptor, 'utf8')}\n[backup]\npaths = ${join(acme, 'current', 'data')}\n[service web]\nrole = app\nstart = echo start >> ${p.evidence}\nstop = echo stop >> ${p.evidence}\n`);
    assert.equal(tool(p, ['backup', p.name]).status, 0);
    writeFileSync(join(real, 'data', 'f01'), 'f01 of 2.0\n');
    setBuild(p, '2.0');
    writeFileSync(p.stateFile, `[${p.name}]\ndata_version = 2.0\n`);
    const evidenceBefore = readFileSync(p.evidence, 'utf8');
    const r = tool(p, ['rollback', p.name, newestBackup(p)]);
    assert.equal(r.status, 78, `refused as an unsafe path: ${r.stderr}`);
    const first = r.stderr.split('\n')[0];
    assert.match(first, /^error: demo: cannot roll back \S+\/acme\/current\/data: \S+\/acme\/current is a symbolic link in a directory another user can change, .*; nothing was stopped or changed$/);
    assert.equal(readFileSync(p.evidence, 'utf8'), evidenceBefore, 'no service stopped');
    assert.equal(readFileSync(join(real, 'data', 'f01'), 'utf8'), 'f01 of 2.0\n', 'the data as it was');
    assert.equal(existsSync(p.marker), false, 'no marker');
    writeFigures('rollback-link-in-path', { refusal: first.replaceAll(p.root, '$ROOT') });
    removeProduct(p);
});
// plants each data file's name as a link to the victim's file whenever the name is free
const MOUNT_PLANTER = `
const fs = require('fs');
const [data, victim, names] = process.argv.slice(2);
const end = Date.now() + 120000;
while (Date.now() < end) for (const n of names.split(',')) try { fs.symlinkSync(victim + '/' + n, data + '/' + n); } catch {}
`;
test('a data path that is a mount point the account owns: refilled in place while it plants links in it, nothing outside written', {
    skip: !asRoot
        ? 'needs root (mount, setpriv)'
        : spawnSync('unshare', ['--version']).status !== 0
            ? 'needs unshare'
            : undefined,
}, () => {
    assertToolBuilt();
    const p = rollbackProduct();
    const backup = newestBackup(p);
    const victim = victimTree(p.root, 'victim', DATA_FILES);
    const planter = join(p.root, 'planter.js');
    writeFileSync(planter, MOUNT_PLANTER, { mode: 0o644 });
    const outside = treeListing(p.root, productOwn);
    const D = p.data;
    const uh = `${process.execPath} ${TOOL}`;
    // "the upgrade" between rounds: each file replaced by a rename (a planted link is replaced, not followed)
    const upgrade = DATA_FILES.map((f) => `printf '%s of 2.0\\n' ${f} > ${D}/.t && mv -f ${D}/.t ${D}/${f}`).join('; ');
    const script = [
        `cp -a ${D} ${D}.orig && mount -t tmpfs -o size=64m tmpfs ${D} && cp -a ${D}.orig/. ${D}/ && rm -rf ${D}.orig`,
        `setpriv --reuid ${NOBODY} --regid ${NOBODY} --clear-groups ${process.execPath} ${planter} ${D} ${victim} ${DATA_FILES.join(',')} & planter=$!`,
        `for i in 1 2 3 4 5 6 7 8; do ${uh} rollback ${p.name} ${backup} >/dev/null 2>&1; echo "@@ exit $?"; ${upgrade}; done`,
        'kill $planter; wait $planter',
        `${upgrade}; ${uh} rollback ${p.name} ${backup} 2>&1; echo "@@ last $?"`,
        `echo "@@ data $(cat ${D}/f01) $(stat -c %U:%a ${D}) $(findmnt -n -o FSTYPE ${D})"`,
    ].join('\n');
    const r = spawnSync('unshare', ['-m', '--propagation', 'private', 'sh', '-c', script], {
        env: p.env,
        encoding: 'utf8',
        timeout: 180_000,
    });
    const out = r.stdout + r.stderr;
    assert.equal(treeDiff(outside, treeListing(p.root, productOwn)), '', `nothing outside the data path changed: ${out}`);
    assert.match(out, /^@@ last 0$/m, out);
    assert.match(out, /^@@ data f01 of 1\.0 nobody:755 tmpfs$/m, 'the mount point refilled, its owner and mode kept');
    const exits = [...out.matchAll(/^@@ exit (\d+)$/gm)].map((m) => Number(m[1]));
    writeFigures('rollback-mount-point-links', { rounds: exits.length, exits, victim: 'unchanged' });
    removeProduct(p);
});

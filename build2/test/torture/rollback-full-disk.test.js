// Rollback onto a filesystem without room for the backup's copy: the data directory's parent is a 24 MiB
// tmpfs (in a private mount namespace) holding 14 MiB of data, the backup 14 MiB more. Before, rollback
// stopped the services, set the data aside, and failed half way with ENOSPC; each rerun set aside one
// more copy and filled the disk further. Now it refuses before anything stops, saying how much it needs
// where; once there is room (the tmpfs grown) it completes with one set-aside copy. Root only (mount).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { appendFileSync } from 'node:fs';
import { test } from 'node:test';
import { assertToolBuilt, removeProduct, TOOL, writeFigures } from '../helpers/torture-product.js';
import { newestBackup, rollbackProduct } from '../helpers/torture-rollback.js';
const asRoot = process.geteuid?.() === 0;
const hasUnshare = spawnSync('unshare', ['--version']).status === 0;
test('rollback without room on the data filesystem: refused before anything stops, no copy piles up; with room it completes', {
    skip: !asRoot ? 'needs root (mount)' : !hasUnshare ? 'needs unshare' : undefined,
}, () => {
    assertToolBuilt();
    const p = rollbackProduct({ bigFile: 14 * 1024 * 1024 });
    appendFileSync(p.descriptor, `\n[service web]\nrole = app\nstart = echo start web >> ${p.evidence}\nstop = echo stop web >> ${p.evidence}\n`);
    const uh = `${process.execPath} ${TOOL}`;
    const asides = `ls -a ${p.acme} | grep -c before-rollback || true`;
    const script = [
        'set -u',
        // the product's directory becomes a 24 MiB tmpfs holding what it held (14 MiB of data)
        `cp -a ${p.acme} ${p.acme}.orig`,
        `mount -t tmpfs -o size=24m tmpfs ${p.acme}`,
        `cp -a ${p.acme}.orig/. ${p.acme}/ && rm -rf ${p.acme}.orig`,
        `for i in 1 2; do ${uh} rollback ${p.name} ${newestBackup(p)} 2>&1; echo "@@ exit$i $?"; echo "@@ asides$i $(${asides})"; done`,
        `echo "@@ data $(cat ${p.data}/f01)"`,
        `echo "@@ stops $(cat ${p.evidence} 2>/dev/null | grep -c stop)"`,
        `echo "@@ marker $(cat ${p.marker} 2>/dev/null | head -c 200 | tr '\\n' ' ')"`,
        `mount -o remount,size=48m ${p.acme}`,
        `${uh} rollback ${p.name} ${newestBackup(p)} 2>&1; echo "@@ exit3 $?"`,
        `echo "@@ asides3 $(${asides})"`,
        `echo "@@ data3 $(cat ${p.data}/f01)"`,
    ].join('\n');
    const r = spawnSync('unshare', ['-m', '--propagation', 'private', 'sh', '-c', script], {
        env: p.env,
        encoding: 'utf8',
        timeout: 120_000,
    });
    const out = r.stdout + r.stderr;
    const at = (k) => out.match(new RegExp(`^@@ ${k} ?(.*)$`, 'm'))?.[1]?.trim();
    assert.equal(at('exit1'), '1', out);
    assert.match(out, /error: demo: not enough space to roll back \(the data replaced is kept aside\): the filesystem of \S+\/acme needs [\d.]+ MiB \(14\.\d MiB restored \+ [\d.]+ MiB headroom\) and has [\d.]+ MiB free; free [\d.]+ MiB there/);
    assert.match(out, /next: nothing was stopped or changed; free space, then rerun: upgrade-hook rollback demo /);
    assert.equal(at('asides1'), '0', `nothing set aside: ${out}`);
    assert.equal(at('exit2'), '1');
    assert.equal(at('asides2'), '0', 'a rerun piles nothing up');
    assert.equal(at('data'), 'f01 of 2.0', 'the data as it was');
    assert.equal(at('stops'), '0', 'no service was stopped');
    assert.equal(at('marker'), '', 'no marker');
    assert.equal(at('exit3'), '0', out);
    assert.equal(at('asides3'), '1');
    assert.equal(at('data3'), 'f01 of 1.0');
    writeFigures('rollback-full-disk', {
        refusal: (out.split('\n').find((l) => l.startsWith('error: demo: not enough space')) ?? '').replaceAll(p.root, '$ROOT'),
        afterGrowing: 'completed, 1 set-aside copy',
    });
    removeProduct(p);
});

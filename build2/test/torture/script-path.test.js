// Root runs the product's scripts, so every directory from / down to each script must be root's and not
// writable by others (as sudo and ssh check), and what runs must be what was checked. A service account
// that owns an ancestor (/opt/acme, /etc/acme) could otherwise swap the tree after discovery and have root
// run its file. Needs root (chown to nobody, setpriv); skipped otherwise.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, chownSync, existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { assertToolBuilt, evidenceScript, makeProduct, readEvidence, removeProduct, tool, writeFigures, } from '../helpers/torture-product.js';
const NOBODY = 65534;
const asRoot = process.geteuid?.() === 0;
const figures = { refusals: [] };
/** A product whose scripts live in ROOT/opt/acme/upgrade.d (the descriptor points there). */
function productUnderOpt() {
    const p = makeProduct({ data: '1.0', build: '2.0' });
    const acme = join(p.root, 'opt', 'acme');
    const upgradeD = join(acme, 'upgrade.d');
    for (const d of [join(p.root, 'opt'), acme, upgradeD, join(upgradeD, 'once'), join(upgradeD, 'always')]) {
        mkdirSync(d, { mode: 0o755 });
        chmodSync(d, 0o755);
    }
    writeFileSync(p.descriptor, readFileSync(p.descriptor, 'utf8').replace(`scripts = ${p.scripts}`, `scripts = ${upgradeD}`));
    const add = (name, body) => {
        writeFileSync(join(upgradeD, 'once', name), body);
        chmodSync(join(upgradeD, 'once', name), 0o755);
    };
    add('0010_first', evidenceScript(p, '0010_first'));
    add('0020_second', evidenceScript(p, '0020_second'));
    return Object.assign(p, { acme, upgradeD });
}
function assertRefusedBeforeAnything(p, culprit, why) {
    const plan = tool(p, ['plan', p.name]);
    assert.equal(plan.status, 78, `plan reports the unsafe ancestor: ${plan.stdout}${plan.stderr}`);
    assert.ok(`${plan.stdout}${plan.stderr}`.includes(culprit), `plan names ${culprit}: ${plan.stdout}${plan.stderr}`);
    const run = tool(p, ['run', p.name]);
    assert.equal(run.status, 78, `run refuses: ${run.stderr}`);
    assert.ok(run.stderr.includes(culprit), run.stderr);
    assert.match(run.stderr, why);
    assert.deepEqual(readEvidence(p), [], 'no script ran');
    figures.refusals.push(run.stderr.split('\n')[0].replaceAll(p.root, '$ROOT'));
}
test('an ancestor of the scripts directory owned by a service user: plan and run refuse, naming it', {
    skip: !asRoot && 'needs root',
}, () => {
    assertToolBuilt();
    const p = productUnderOpt();
    chownSync(p.acme, NOBODY, NOBODY);
    assertRefusedBeforeAnything(p, p.acme, /owned by uid 65534/);
    removeProduct(p);
});
test('a group-writable ancestor of the scripts directory: refused', { skip: !asRoot && 'needs root' }, () => {
    assertToolBuilt();
    const p = productUnderOpt();
    chmodSync(join(p.root, 'opt'), 0o775);
    assertRefusedBeforeAnything(p, join(p.root, 'opt'), /writable by its group/);
    removeProduct(p);
});
test('a script linked from a directory a service user owns: refused', { skip: !asRoot && 'needs root' }, () => {
    assertToolBuilt();
    const p = productUnderOpt();
    const elsewhere = join(p.root, 'srv');
    mkdirSync(elsewhere, { mode: 0o755 });
    chownSync(elsewhere, NOBODY, NOBODY);
    writeFileSync(join(elsewhere, 'step'), evidenceScript(p, '0030_linked'));
    chmodSync(join(elsewhere, 'step'), 0o755);
    symlinkSync(join(elsewhere, 'step'), join(p.upgradeD, 'once', '0030_linked'));
    assertRefusedBeforeAnything(p, elsewhere, /owned by uid 65534/);
    removeProduct(p);
});
test('the tree swapped by a service user after discovery: the swapped-in file is not run', {
    skip: !asRoot && 'needs root',
}, () => {
    assertToolBuilt();
    const p = productUnderOpt();
    // a root-owned decoy tree the attacker points the scripts path at (any root-owned file would do)
    const decoy = join(p.root, 'decoy');
    mkdirSync(join(decoy, 'once'), { recursive: true, mode: 0o755 });
    writeFileSync(join(decoy, 'once', '0020_second'), `#!/bin/sh\necho "PWNED 0020_second" >> ${p.evidence}\n`);
    chmodSync(join(decoy, 'once', '0020_second'), 0o755);
    // the first script (root) hands /opt/acme to the service user, who then swaps upgrade.d for a link
    const swap = `mv ${p.upgradeD} ${p.acme}/old && ln -s ${decoy} ${p.upgradeD}`;
    writeFileSync(join(p.upgradeD, 'once', '0010_first'), `#!/bin/sh\necho "done 0010_first" >> ${p.evidence}\nchown ${NOBODY}:${NOBODY} ${p.acme}\nsetpriv --reuid ${NOBODY} --regid ${NOBODY} --clear-groups sh -c '${swap}'\n`);
    const r = tool(p, ['run', p.name]);
    assert.ok(!readEvidence(p).some((l) => l.startsWith('PWNED')), `root ran the file swapped in after discovery: ${readEvidence(p).join(', ')}`);
    assert.equal(r.status, 1, `the run fails at the swapped script: ${r.stderr}`);
    assert.match(r.stderr, /0020_second was not run: .*owned by uid 65534/);
    assert.ok(existsSync(join(p.acme, 'old')), 'the swap happened');
    const marker = JSON.parse(readFileSync(p.marker, 'utf8'));
    assert.equal(marker.script, '0020_second');
    figures.swapAfterDiscovery = r.stderr
        .split('\n')
        .find((l) => l.includes('0020_second'))
        .replaceAll(p.root, '$ROOT')
        .trim();
    removeProduct(p);
});
test('script path: figures', { skip: !asRoot && 'needs root' }, () => {
    writeFigures('script-path', figures);
    assert.equal(figures.refusals.length, 3);
});

// A product whose data version vanished is not "not configured": a state file that still holds other
// sections but lost the product's (the product's history shows it was set up) is an error naming the file
// and the section, and a rollback's marker with no state file refuses. Either way the gate never starts
// the new build on data of unknown version. A product never set up in a shared file stays "not configured".
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { installedThenUpgraded, makeProduct } from '../helpers/product.js';
const FREEIPA = '[installation]\ncomplete = True\n\n';
test("a state file that lost the product's section: the gate, run and check refuse (exit 78) naming file and section", (t) => {
    const p = makeProduct();
    t.after(p.cleanup);
    writeFileSync(p.stateFile, FREEIPA);
    installedThenUpgraded(p, '1.0-1', '1.1-1');
    p.script('once', '0010_migrate', `#!/bin/sh\necho ran >> ${p.evidence}\n`);
    // another tool rewrote the shared file without our section
    writeFileSync(p.stateFile, FREEIPA);
    for (const cmd of ['gate', 'run', 'check', 'posttrans']) {
        const r = p.run(cmd, 'acme');
        if (cmd === 'posttrans')
            assert.equal(r.code, 0, 'posttrans never fails the transaction');
        else
            assert.equal(r.code, 78, `${cmd}: ${r.stderr}${r.stdout}`);
        assert.match(r.stderr, new RegExp(`${p.stateFile.replaceAll('/', '\\/')} has no data_version in section \\[acme\\], yet acme was set up before .*: the data version of acme is unknown`), cmd);
    }
    assert.match(p.run('gate', 'acme').stderr, /next: restore the section from a backup .*upgrade-hook state set acme acme data_version VERSION/);
    assert.deepEqual(p.evidenceLines(), [], 'nothing ran');
    assert.equal(readFileSync(p.stateFile, 'utf8'), FREEIPA, 'the state file is unchanged');
});
test('a product never set up, in a state file shared with others: still "not configured"', (t) => {
    const p = makeProduct();
    t.after(p.cleanup);
    writeFileSync(p.stateFile, FREEIPA);
    p.setBuild('1.1-1');
    assert.equal(p.run('check', 'acme').code, 6);
    assert.equal(p.run('gate', 'acme').code, 0);
});
test('a rollback marker with the state file gone: refused, never "not configured"', (t) => {
    const p = makeProduct();
    t.after(p.cleanup);
    const data = join(p.root, 'data');
    mkdirSync(data);
    writeFileSync(join(data, 'table.dat'), 'rows of 1.0\n');
    p.descriptor(`[backup]\npaths = ${data}\n`);
    installedThenUpgraded(p, '1.0-1', '1.1-1');
    p.script('once', '0010_migrate', `#!/bin/sh\necho 'rows of 1.1' > ${data}/table.dat\nexit 1\n`);
    assert.equal(p.run('run', 'acme').code, 1);
    const rb = p.run('rollback', 'acme');
    assert.equal(rb.code, 0, rb.stderr);
    // the packages are still the build rolled back from, and the state file is gone (a power cut mid-rollback)
    rmSync(p.stateFile);
    const gate = p.run('gate', 'acme');
    assert.equal(gate.code, 3, gate.stderr + gate.stdout);
    assert.match(gate.stderr, /data was rolled back .*but no data version is stored/);
    assert.match(gate.stderr, /rerun the rollback: upgrade-hook rollback acme 1\.0-1-/);
    assert.equal(p.run('check', 'acme').code, 3);
    assert.equal(p.marker()?.reason, 'rolled-back');
    const status = JSON.parse(p.run('status', 'acme', '--json').stdout);
    assert.equal(status.state, 'refused');
    assert.match(status.next, /^upgrade-hook rollback acme 1\.0-1-/);
});

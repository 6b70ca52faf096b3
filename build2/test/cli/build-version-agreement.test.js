// The RPM macro passes `posttrans --build-version %{?epoch:%{epoch}:}%{version}-%{release}`; the gate and
// `check` read the descriptor's build_version. When the two spell the build differently (an Epoch added
// to the spec, a VERSION file without the release) the stamp must still be what the gate reads: the
// descriptor is the one source of truth, posttrans says loudly that they disagree, and `plan` given the
// package's version fails (exit 78) naming both, so a packager's %check catches it.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { evidenceScript, installedThenUpgraded, makeProduct } from '../helpers/product.js';
for (const [label, inFile, fromMacro] of [
    ['a VERSION file without the release', '2.0', '2.0-1'],
    ['an Epoch the VERSION file does not carry', '2.0-1', '1:2.0-1'],
]) {
    test(`posttrans with ${label}: the upgrade runs, the stamp is what the gate reads, check says up to date`, (t) => {
        const p = makeProduct();
        t.after(p.cleanup);
        installedThenUpgraded(p, '1.0-1', inFile);
        p.script('once', '0010_migrate', evidenceScript(p));
        const r = p.run('posttrans', 'acme', '--build-version', fromMacro);
        assert.equal(r.code, 0, r.stderr);
        assert.deepEqual(p.evidenceLines(), ['0010_migrate offline once'], `${r.stdout}${r.stderr}`);
        assert.match(`${r.stdout}${r.stderr}`, new RegExp(`${fromMacro.replace(/[.:]/g, '\\$&')}.*build_version.*${inFile.replace('.', '\\.')}`), 'it says that the two disagree');
        const state = readFileSync(p.stateFile, 'utf8');
        assert.match(state, new RegExp(`^data_version = ${inFile.replace('.', '\\.')}$`, 'm'), `stamped with the descriptor's spelling: ${state}`);
        const check = p.run('check', 'acme');
        assert.equal(check.code, 0, `the gate's check must not call the upgraded data a downgrade: ${check.stdout}${check.stderr}`);
    });
}
test("plan given the package's version that disagrees with build_version: exit 78 naming both and the file", (t) => {
    const p = makeProduct();
    t.after(p.cleanup);
    installedThenUpgraded(p, '1.0-1', '2.0-1');
    const r = p.run('plan', 'acme', '--build-version', '1:2.0-1');
    assert.equal(r.code, 78, `${r.stdout}${r.stderr}`);
    const out = `${r.stdout}${r.stderr}`;
    assert.ok(out.includes(join(p.root, 'VERSION')), out);
    assert.match(out, /version 1:2\.0-1 \(--build-version.*build_version \(file .*\) = 2\.0-1/);
    const agree = p.run('plan', 'acme', '--build-version', '0:2.0-1');
    assert.equal(agree.code, 0, `the same version spelt with epoch 0 agrees: ${agree.stderr}`);
});

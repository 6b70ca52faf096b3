// The no-op path (check, gate and posttrans when the data is up to date) runs in every package transaction
// and every service start: it must not load what only an upgrade needs. A preload records which node
// built-ins the bundled tool loaded and which of its side files it read; a real upgrade is the control
// that shows the probe sees them when they are used.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { BUNDLE } from '../helpers/cli.js';
import { installedThenUpgraded, makeProduct } from '../helpers/product.js';
// Built-ins that cost milliseconds to load and that only an upgrade, lint, backup or rollback need.
const UPGRADE_ONLY_BUILTINS = ['child_process', 'crypto', 'net', 'http', 'https', 'worker_threads'];
const PRELOAD = `
const fs = require('node:fs');
const read = fs.readFileSync;
const sideFiles = new Set();
fs.readFileSync = function (path, ...rest) {
  if (typeof path === 'string' && /upgrade-hook-[a-z]+\\.cjs$/.test(path)) sideFiles.add(path.replace(/.*\\//, ''));
  return read.call(this, path, ...rest);
};
process.on('exit', () => {
  const builtins = process.moduleLoadList.filter((m) => m.startsWith('NativeModule ')).map((m) => m.slice(13));
  fs.writeFileSync(process.env.NOOP_PROBE_OUT, JSON.stringify({ builtins, sideFiles: [...sideFiles] }));
});
`;
function runProbed(p, ...args) {
    const preload = join(p.root, 'probe.cjs');
    const out = join(p.root, 'probe.json');
    writeFileSync(preload, PRELOAD);
    const r = spawnSync(process.execPath, ['--require', preload, BUNDLE, ...args], {
        env: { ...p.env, NOOP_PROBE_OUT: out },
        encoding: 'utf8',
        timeout: 120_000,
    });
    const loaded = JSON.parse(readFileSync(out, 'utf8'));
    return { code: r.status, stderr: r.stderr, ...loaded };
}
for (const command of ['check', 'gate', 'posttrans']) {
    test(`${command} with nothing to do loads no upgrade-only built-in and neither side file`, (t) => {
        const p = makeProduct();
        t.after(p.cleanup);
        installedThenUpgraded(p, '1.0-1', '1.0-1');
        const r = runProbed(p, command, 'acme');
        assert.equal(r.code, 0, r.stderr);
        assert.deepEqual(r.builtins.filter((b) => UPGRADE_ONLY_BUILTINS.includes(b)), [], `${command} loaded ${r.builtins.join(', ')}`);
        assert.deepEqual(r.sideFiles, []);
    });
}
test('the control: an upgrade loads child_process and both side files, so the probe sees them', (t) => {
    const p = makeProduct();
    t.after(p.cleanup);
    installedThenUpgraded(p, '1.0-1', '1.1-1');
    const r = runProbed(p, 'run', 'acme');
    assert.equal(r.code, 0, r.stderr);
    assert.ok(r.builtins.includes('child_process'), r.builtins.join(', '));
    assert.deepEqual(r.sideFiles.sort(), ['upgrade-hook-deps.cjs', 'upgrade-hook-lazy.cjs']);
});
test('the tool copied without its side files says which is missing and how to mend it, not "internal error"', (t) => {
    const dir = mkdtempSync(join(tmpdir(), 'uh-alone-'));
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    copyFileSync(BUNDLE, join(dir, 'upgrade-hook.cjs'));
    // lint needs the lazy code: the first command that does reads the side files
    const r = spawnSync(process.execPath, [join(dir, 'upgrade-hook.cjs'), 'lint', '--root', dir, 'acme'], {
        encoding: 'utf8',
    });
    assert.notEqual(r.status, 0);
    assert.match(r.stderr, /upgrade-hook-deps\.cjs is missing: the tool needs the two files beside it from its own build/);
    assert.match(r.stderr, /next: reinstall upgrade-hook/);
    assert.doesNotMatch(r.stderr, /internal error/);
});

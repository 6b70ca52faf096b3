// `check` answers DESIGN §5 with its exit codes, run through the bundled CLI on real state files.
import assert from 'node:assert/strict';
import { writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { installedThenUpgraded, makeProduct } from '../helpers/product.js';
test('not configured: no state file -> exit 6, nothing written', (t) => {
    const p = makeProduct();
    t.after(p.cleanup);
    const r = p.run('check', 'acme');
    assert.equal(r.code, 6, r.stderr);
    assert.match(r.stdout, /not configured/);
    assert.deepEqual(p.history(), []);
});
test('up to date -> 0; older data -> 4; newer data (downgrade) -> 3; --skip-version-check -> 4', (t) => {
    const p = makeProduct();
    t.after(p.cleanup);
    installedThenUpgraded(p, '1.0-1', '1.0-1');
    assert.equal(p.run('check', 'acme').code, 0);
    p.setBuild('1.1-1');
    const older = p.run('check', 'acme');
    assert.equal(older.code, 4);
    assert.match(older.stdout, /1\.0-1 is older than build 1\.1-1/);
    p.setBuild('0.9-1');
    const down = p.run('check', 'acme');
    assert.equal(down.code, 3);
    assert.match(down.stderr, /newer than the installed build 0\.9-1/);
    assert.equal(p.run('check', 'acme', '--skip-version-check').code, 4);
});
test('rpm ordering decides: 1.0~rc1 is older than 1.0, 1.0 older than 1.0-1, epoch wins', (t) => {
    const p = makeProduct();
    t.after(p.cleanup);
    installedThenUpgraded(p, '1.0~rc1', '1.0');
    assert.equal(p.run('check', 'acme').code, 4);
    installedThenUpgraded(p, '1.0', '1.0-1');
    assert.equal(p.run('check', 'acme').code, 4);
    installedThenUpgraded(p, '1:1.0-1', '2.0-1');
    assert.equal(p.run('check', 'acme').code, 3, 'epoch 1 data is newer than epoch 0 build');
});
test('platform change -> 3; no platform recorded yet -> 4', (t) => {
    const p = makeProduct();
    t.after(p.cleanup);
    mkdirSync(join(p.root, 'state'), { recursive: true });
    writeFileSync(p.stateFile, '[acme]\ndata_version = 1.0-1\nplatform = otheros-9\n');
    const r = p.run('check', 'acme');
    assert.equal(r.code, 3);
    assert.match(r.stderr, /platform changed.*otheros-9.*testos-1/);
    writeFileSync(p.stateFile, '[acme]\ndata_version = 1.0-1\n');
    const n = p.run('check', 'acme');
    assert.equal(n.code, 4);
    assert.match(n.stdout, /no platform recorded/);
});
test('a pending marker means upgrade needed even when versions are equal: 4 failed, 5 deferred', (t) => {
    const p = makeProduct();
    t.after(p.cleanup);
    installedThenUpgraded(p, '1.0-1', '1.0-1');
    writeFileSync(join(p.varDir, 'marker'), JSON.stringify({ state: 'deferred', reason: 'chroot', detail: 'x', since: '' }));
    const r = p.run('check', 'acme');
    assert.equal(r.code, 5);
    assert.match(r.stdout, /pending \(deferred: chroot\)/);
    writeFileSync(join(p.varDir, 'marker'), JSON.stringify({ state: 'failed', reason: 'script-failed', detail: 'x', since: '' }));
    assert.equal(p.run('check', 'acme').code, 4);
});
test('adoption: configured_if recognises an install that predates upgrade-hook; every once-script runs', (t) => {
    const p = makeProduct();
    t.after(p.cleanup);
    p.setBuild('2.0-1');
    p.descriptor('', 'configured_if = state:installation:complete=True\nassume_data_version = 0');
    writeFileSync(p.stateFile, '[installation]\ncomplete = True\n');
    p.script('once', '0010_first', `#!/bin/sh\necho first >> ${p.evidence}\n`);
    const c = p.run('check', 'acme');
    assert.equal(c.code, 4);
    assert.match(c.stdout, /assumed data version 0/);
    const r = p.run('run', 'acme');
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(p.evidenceLines(), ['first']);
    assert.equal(p.run('check', 'acme').code, 0);
    assert.equal(p.run('state', 'get', 'acme', 'acme', 'data_version').stdout.trim(), '2.0-1');
    assert.equal(p.run('state', 'get', 'acme', 'installation', 'complete').stdout.trim(), 'True', 'foreign keys survive');
});
test('vercmp prints <, = or > (rpm and semver)', () => {
    const env = { PATH: process.env.PATH };
    const v = (...a) => {
        const r = cli(['vercmp', ...a], env);
        assert.equal(r.code, 0, r.stderr);
        return r.stdout.trim();
    };
    assert.equal(v('1.0~rc1', '1.0'), '<');
    assert.equal(v('1.0^git1', '1.0'), '>');
    assert.equal(v('2:1.0', '1:9.9'), '>');
    assert.equal(v('1.0-1', '1.0-1'), '=');
    assert.equal(v('1.2.3-beta.2', '1.2.3', '--scheme', 'semver'), '<');
    const bad = cli(['vercmp', '1.0', 'not valid', '--scheme', 'semver'], env);
    assert.equal(bad.code, 2, 'a bad argument is a usage error');
    assert.doesNotMatch(bad.stderr, /\n\s+at /, 'no stack trace');
});
import { cli } from '../helpers/cli.js';

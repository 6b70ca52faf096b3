// `lint --root` reads a build root a packager (or anyone who can write it) made. A unit file that is a FIFO
// used to hang lint for ever, and one linked to /dev/zero was read until memory ran out. Now unit files and
// scripts are opened without blocking, refused unless regular files, read up to 1 MiB, and the error names
// the file. The tool runs with its data segment capped at 1 GiB (prlimit), so that the old behaviour fails
// this test instead of the machine.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { TOOL, assertToolBuilt, writeFigures } from '../helpers/torture-product.js';
const UNITS = '/usr/lib/systemd/system';
const figures = {};
function buildRoot() {
    const root = mkdtempSync(join(tmpdir(), 'uh-lint-special-'));
    chmodSync(root, 0o755);
    const put = (path, body, mode = 0o644) => {
        mkdirSync(dirname(join(root, path)), { recursive: true, mode: 0o755 });
        writeFileSync(join(root, path), body);
        chmodSync(join(root, path), mode);
    };
    put('/usr/lib/upgrade-hook/products.d/acme.conf', [
        '[product]',
        'build_version = file:/usr/share/acme/VERSION',
        'state_file = /var/lib/acme/sysupgrade.state',
        'state_section = acme',
        'scripts = /usr/share/acme/upgrade.d',
        '[service acme-web]',
        'role = app',
        'unit = acme-web.service',
        '',
    ].join('\n'));
    put('/usr/share/acme/VERSION', '1.2-1\n');
    put('/usr/share/acme/upgrade.d/once/1000_step', '#!/bin/sh\n:\n', 0o755);
    mkdirSync(join(root, UNITS), { recursive: true, mode: 0o755 });
    return root;
}
function lint(root) {
    return spawnSync('prlimit', [`--data=${1024 ** 3}`, process.execPath, TOOL, 'lint', '--root', root, 'acme'], {
        encoding: 'utf8',
        // a guard so that a hang fails the test (status null) instead of holding the suite; not an assertion
        timeout: 60_000,
        env: { PATH: process.env.PATH, LANG: 'C.UTF-8' },
    });
}
const cases = [
    ['a FIFO', (unit) => spawnSync('mkfifo', [unit]), /it is a FIFO, not a regular file/],
    ['a link to /dev/zero', (unit) => symlinkSync('/dev/zero', unit), /it is a character device, not a regular file/],
    [
        'a 2 MiB file',
        (unit) => writeFileSync(unit, `[Unit]\n${'# padding\n'.repeat(220_000)}`),
        /larger than 1048576 bytes/,
    ],
];
for (const [what, plant, why] of cases)
    test(`lint --root with a unit file that is ${what}: refused at once, naming the file`, () => {
        assertToolBuilt();
        const root = buildRoot();
        const unit = join(root, UNITS, 'acme-web.service');
        plant(unit);
        const r = lint(root);
        assert.equal(r.status, 78, `lint refuses (status ${r.status}, signal ${r.signal}): ${r.stderr.slice(0, 400)}`);
        assert.ok(r.stderr.includes(`refusing to read ${unit}`), r.stderr);
        assert.match(r.stderr, why);
        figures[what] = r.stderr.split('\n')[0].replaceAll(root, '$ROOT');
        rmSync(root, { recursive: true, force: true });
    });
test('lint --root with a masked unit (a link to /dev/null, as systemctl mask makes): read as empty, lint passes', () => {
    assertToolBuilt();
    const root = buildRoot();
    writeFileSync(join(root, UNITS, 'acme-web.service'), '[Service]\nExecStart=/usr/bin/acme-web\n');
    mkdirSync(join(root, '/etc/systemd/system'), { recursive: true, mode: 0o755 });
    symlinkSync('/dev/null', join(root, '/etc/systemd/system/acme-old.service'));
    const r = lint(root);
    assert.doesNotMatch(r.stderr, /refusing to read/, r.stderr);
    assert.notEqual(r.status, null, 'lint ended');
    rmSync(root, { recursive: true, force: true });
});
test('lint special files: figures', () => {
    writeFigures('lint-special-files', figures);
    assert.equal(Object.keys(figures).length, cases.length);
});

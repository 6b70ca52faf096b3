// What validateDescriptor refuses or warns about because configparser reads it differently from how it
// looks: [DEFAULT], values continued on an indented line, and values that look commented or quoted.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { validateDescriptor } from '../../src/product/validate.js';
const FILE = '/usr/lib/upgrade-hook/products.d/acme.conf';
let nextLine = 1;
const v = (value, continuation) => ({
    value,
    file: FILE,
    line: nextLine++,
    continuation,
});
const section = (name, keys) => ({
    name,
    file: FILE,
    line: nextLine++,
    keys: new Map(Object.entries(keys)),
});
function descriptor(...extra) {
    const product = section('product', {
        build_version: v('1.0'),
        state_file: v('/var/lib/acme/state'),
        state_section: v('acme'),
        scripts: v('/usr/share/acme/upgrade.d'),
    });
    return { name: 'acme', sources: [FILE], sections: new Map([product, ...extra].map((s) => [s.name, s])) };
}
test('a value continued on an indented line is refused at that line, naming the key and its line', () => {
    const start = v('/bin/true', { line: 40, text: 'rm -rf /srv/acme' });
    const r = validateDescriptor(descriptor(section('service db', { role: v('backend'), start, stop: v('/bin/true') })));
    assert.equal(r.ok, false);
    assert.ok(!r.ok);
    assert.deepEqual(r.problems.map((p) => [p.file, p.line]), [[FILE, 40]]);
    assert.match(r.problems[0].message, new RegExp(`^the indented line "rm -rf /srv/acme" continues \\[service db\\] start from line ${start.line}: .*second shell command`));
});
test('a newline in a value is refused even without a recorded continuation line', () => {
    const r = validateDescriptor(descriptor(section('phases', { offline: v('0001-2999\n0001-0002') })));
    assert.ok(!r.ok);
    assert.match(r.problems[0].message, /^a second line continues \[phases\] offline from line \d+/);
});
test('[DEFAULT] is refused at its header line', () => {
    const defaults = section('DEFAULT', { auto_upgrade: v('no') });
    const r = validateDescriptor(descriptor(defaults));
    assert.ok(!r.ok);
    assert.deepEqual(r.problems.map((p) => p.line), [defaults.line]);
    assert.match(r.problems[0].message, /^\[DEFAULT\] is not allowed in a descriptor/);
});
test('a value ending in what looks like a comment, or wrapped in quotes, is a warning; shell commands are not', () => {
    const quoted = v('"db.service"');
    const commented = v('db.service ; the database');
    const r = validateDescriptor(descriptor(section('service db', { role: v('backend'), unit: quoted }), section('service web', { role: v('app'), unit: commented }), section('service cache', {
        role: v('backend'),
        start: v('/bin/true # up'),
        stop: v("'/bin/true'"),
        ready: v('exec:true # ok'),
    }), section('service url', { role: v('app'), unit: v('url.service'), ready: v('http://127.0.0.1/#anchor') })));
    assert.ok(r.ok, JSON.stringify(r));
    assert.deepEqual(r.warnings.map((w) => w.line), [quoted.line, commented.line]);
    assert.match(r.warnings[0].message, /^\[service db\] unit = "db\.service": configparser keeps the quotes in the value/);
    assert.match(r.warnings[1].message, /^\[service web\] unit = db\.service ; the database: configparser keeps "; the database" in the value/);
});

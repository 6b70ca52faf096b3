// Which sections the state file may gain or lose: names Python 3.9's configparser (RHEL 8 and 9, where
// FreeIPA runs) reads back unchanged, and no empty section left behind when its last key goes, as
// FreeIPA's StateFile does. python3's configparser checks every result.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { UpgradeHookError } from '../../src/errors.js';
import { parseIni } from '../../src/state/ini-document.js';
import { pyParse } from './state-oracle.js';
import { FILE, dump } from './state-ini-helpers.js';
test("a section name with ']' reads back differently with Python 3.9's configparser: set() refuses it", () => {
    const text = '[a]b]\nk = v\n';
    const [today, py39] = [pyParse([text])[0], pyParse([text], { python39: true })[0]];
    assert.ok(today.ok && py39.ok);
    assert.deepEqual(today.sections, [['a]b', [['k', 'v']]]]);
    assert.deepEqual(py39.sections, [['a', [['k', 'v']]]], 'Python 3.9 ends the name at the first ]');
    for (const name of ['a]b', 'x]', ']']) {
        const doc = parseIni('[acme]\nk = v\n', FILE, 'STATE_CORRUPT');
        assert.throws(() => doc.set(name, 'k', 'v'), (e) => e instanceof UpgradeHookError &&
            e.code === 'USAGE' &&
            e.message.includes(FILE) &&
            /contains "\]".*Python 3\.9/.test(e.message));
        assert.equal(doc.toString(), '[acme]\nk = v\n', 'nothing changed');
    }
});
// [input, section whose last key is unset, expected text]
const drops = [
    [
        '[installation]\ncomplete = True\n\n[acme]\ndata_version = 1.0-1\n\n',
        'acme',
        '[installation]\ncomplete = True\n\n',
    ],
    [
        '[acme]\ndata_version = 1.0-1\n\n[installation]\ncomplete = True\n\n',
        'acme',
        '[installation]\ncomplete = True\n\n',
    ],
    ['[a]\nk = v\n[acme]\nx = y', 'acme', '[a]\nk = v\n'],
    ['[acme]\nx = y\n', 'acme', ''],
    [
        '[a]\nk = v\n\n[acme]\n# kept: a comment someone wrote\nx = y\n\n[b]\nj = w\n',
        'acme',
        '[a]\nk = v\n\n# kept: a comment someone wrote\n\n[b]\nj = w\n',
    ],
    ['[acme]\r\nx = y\r\n\r\n[b]\r\nj = w\r\n', 'acme', '[b]\r\nj = w\r\n'],
    ['[acme]\nx = a\n\tb\n\n[b]\nj = w\n', 'acme', '[b]\nj = w\n'],
];
test("unsetting a section's last key and dropping the empty section leaves every other byte, as configparser reads it", () => {
    const results = drops.map(([input, section]) => {
        const doc = parseIni(input, FILE, 'STATE_CORRUPT');
        const key = doc.keys(section)[0];
        assert.equal(doc.unset(section, key), true);
        assert.equal(doc.dropSectionIfEmpty(section), true, `drops [${section}] of ${JSON.stringify(input)}`);
        return doc;
    });
    const before = pyParse(drops.map(([input]) => input));
    const after = pyParse(results.map((d) => d.toString()));
    drops.forEach(([input, section, expected], i) => {
        assert.equal(results[i].toString(), expected, JSON.stringify(input));
        const b = before[i];
        const a = after[i];
        assert.ok(b.ok && a.ok);
        assert.deepEqual(a.sections, b.sections.filter(([s]) => s !== section), `configparser reads the rest unchanged: ${JSON.stringify(input)}`);
        assert.deepEqual(dump(results[i]).sections, a.sections);
    });
});
test('a section that still has keys, DEFAULT, or one whose header removal would change a value is kept', () => {
    const keys = parseIni('[acme]\nx = y\nz = w\n', FILE, 'STATE_CORRUPT');
    keys.unset('acme', 'x');
    assert.equal(keys.dropSectionIfEmpty('acme'), false);
    assert.equal(keys.toString(), '[acme]\nz = w\n');
    const defaults = parseIni('[DEFAULT]\nx = y\n[acme]\nk = v\n', FILE, 'STATE_CORRUPT');
    defaults.unset('DEFAULT', 'x');
    assert.equal(defaults.dropSectionIfEmpty('DEFAULT'), false);
    // Without the empty [acme], the indented [b] below would continue k's value: the header stays.
    const text = '[a]\nk = v\n[acme]\n  [b]\nj = w\n';
    const [py] = pyParse([text]);
    assert.ok(py.ok && py.sections.length === 3, 'configparser reads [b] as a section here');
    const doc = parseIni(text, FILE, 'STATE_CORRUPT');
    assert.equal(doc.dropSectionIfEmpty('acme'), false);
    assert.equal(doc.toString(), text);
});

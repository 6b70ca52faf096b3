// Shared assertions for the INI tests: compare our reading of a file with configparser's. No tests here.
import assert from 'node:assert/strict';
import { isUpgradeHookError } from '../../src/errors.js';
import { DEFAULT_SECTION, parseIniBuffer } from '../../src/state/ini-document.js';
export const FILE = '/var/lib/acme/sysupgrade.state';
/** Our reading in the oracle's shape (own keys per section, DEFAULT's own keys). */
export function dump(doc) {
    const pairs = (s) => doc.keys(s).map((k) => [k, doc.get(s, k)]);
    return { sections: doc.sections().map((s) => [s, pairs(s)]), defaults: pairs(DEFAULT_SECTION) };
}
/** Parses with our code; returns the document or the error. */
export function tryParse(input) {
    try {
        return parseIniBuffer(typeof input === 'string' ? Buffer.from(input, 'utf8') : input, FILE, 'STATE_CORRUPT');
    }
    catch (e) {
        return e;
    }
}
/** Asserts that we accept exactly what configparser accepts and read the same values (get() included). */
export function assertSameReading(input, py) {
    const ours = tryParse(input);
    const show = JSON.stringify(typeof input === 'string' ? input : input.toString('latin1'));
    if (!py.ok) {
        assert.ok(ours instanceof Error, `configparser rejects (${py.error}: ${py.msg}) but we accept ${show}`);
        assert.ok(isUpgradeHookError(ours) && ours.code === 'STATE_CORRUPT', `wrong error type for ${show}: ${String(ours)}`);
        assert.ok(ours.message.startsWith(`${FILE} line `), `error must name file and line: ${ours.message}`);
        const line = Number(/ line (\d+):/.exec(ours.message)?.[1]);
        // configparser raises duplicate/missing-header errors at once but reports syntax errors at the end:
        // we stop at the first problem, so our line is one configparser reports, or an earlier one.
        if (py.lines.length > 0) {
            assert.ok(py.lines.includes(line) || line < Math.min(...py.lines), `line ${line} vs configparser ${py.lines.join(',')} (${py.msg}) for ${show}: ${ours.message}`);
        }
        return;
    }
    assert.ok(!(ours instanceof Error), `configparser accepts ${show} but we reject it: ${String(ours)}`);
    assert.deepEqual(dump(ours), { sections: py.sections, defaults: py.defaults }, `different reading of ${show}`);
    for (const [section, items] of py.visible) {
        for (const [key, value] of items)
            assert.equal(ours.get(section, key), value, `get(${section}, ${key}) of ${show}`);
    }
}

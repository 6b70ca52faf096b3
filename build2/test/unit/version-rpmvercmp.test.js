// rpmvercmp against rpm's own test vectors (copied from rpm's tests/rpmvercmp.at) and a few quirks.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { rpmvercmp } from '../../src/version/rpmvercmp.js';
const root = new URL('../../..', import.meta.url);
const vectorsFile = new URL('test/fixtures/rpmvercmp-vectors.tsv', root);
function readVectors() {
    const lines = readFileSync(vectorsFile, 'utf8').split('\n');
    assert.match(lines[0] ?? '', /^# rpm's own rpmvercmp test vectors/, 'the header naming the source is kept');
    return lines.flatMap((text, i) => {
        if (text === '' || text.startsWith('#'))
            return [];
        const [a, b, expected, ...extra] = text.split('\t');
        assert.ok(a !== undefined && b !== undefined && expected !== undefined && extra.length === 0, `line ${i + 1}: ${text}`);
        return [{ a, b, expected: Number(expected), line: i + 1 }];
    });
}
test("every rpm test vector gives rpm's answer", () => {
    const vectors = readVectors();
    assert.equal(vectors.length, 91);
    for (const { a, b, expected, line } of vectors) {
        assert.equal(rpmvercmp(a, b), expected, `line ${line}: rpmvercmp(${JSON.stringify(a)}, ${JSON.stringify(b)})`);
    }
});
test('quirks beyond the vectors', () => {
    const cases = [
        ['1.0', '1.0.', 0], // trailing separator ignored
        ['1..0', '1.0', 0], // separator runs are one separator
        ['1é0', '1.0', 0], // non-ASCII is a separator
        ['1😀0', '1_0', 0],
        ['1.0', '1.0~', 1], // '~' even before the end
        ['1.0~', '1.0~~', 1],
        ['1.0^', '1.0', 1], // '^' after the end ...
        ['1.0^', '1.0.0', -1], // ... but before any other segment
        ['1.0^', '1.0a', -1],
        ['1.a', '1.1', -1], // numeric beats alpha
        ['1a', '1.1', -1],
        ['12345678901234567890', '12345678901234567889', 1], // no integer overflow
        ['000000000000000000001', '1', 0],
        ['a', 'B', 1], // strcmp: lowercase after uppercase
        ['1.0\0junk', '1.0', 0], // a C string ends at NUL
        ['', '', 0],
        ['', '1', -1],
        ['.', '', 0],
    ];
    for (const [a, b, expected] of cases) {
        assert.equal(rpmvercmp(a, b), expected, `rpmvercmp(${JSON.stringify(a)}, ${JSON.stringify(b)})`);
    }
});

// Order laws for rpmvercmp and the rpm scheme on thousands of generated cases (fixed seed: reproducible).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { UpgradeHookError } from '../../src/errors.js';
import { compareVersions, formatEvr, parseEvr } from '../../src/version/index.js';
import { rpmvercmp } from '../../src/version/rpmvercmp.js';
import { evr, evrPair, rawPair, SEED } from './version-arbitraries.js';
const RUNS = 5000;
const options = { seed: SEED, numRuns: RUNS };
const cmpEvr = (a, b) => compareVersions('rpm', a, b);
const raw = rawPair.map(([a]) => a);
test('antisymmetry: cmp(a, b) = -cmp(b, a)', () => {
    fc.assert(fc.property(rawPair, ([a, b]) => rpmvercmp(a, b) === (-rpmvercmp(b, a) || 0)), options);
    fc.assert(fc.property(evrPair, ([a, b]) => cmpEvr(a, b) === (-cmpEvr(b, a) || 0)), options);
});
test('reflexivity: cmp(a, a) = 0, and an EVR equals its canonical form', () => {
    fc.assert(fc.property(raw, (a) => rpmvercmp(a, a) === 0), options);
    fc.assert(fc.property(evr, (a) => cmpEvr(a, a) === 0 && cmpEvr(a, formatEvr(parseEvr(a))) === 0), options);
});
// Triples built from related pairs so that many of them are close (equal prefixes, one token apart).
const rawTriple = fc.tuple(rawPair, rawPair).map(([[a, b], [, c]]) => [a, b, c]);
const evrTriple = fc.tuple(evrPair, evrPair).map(([[a, b], [, c]]) => [a, b, c]);
function transitive(cmp, [a, b, c]) {
    const ab = cmp(a, b);
    const bc = cmp(b, c);
    const ac = cmp(a, c);
    if (ab <= 0 && bc <= 0 && ac > 0)
        return false;
    if (ab >= 0 && bc >= 0 && ac < 0)
        return false;
    if (ab === 0 && bc === 0 && ac !== 0)
        return false;
    return true;
}
test('transitivity on triples', () => {
    fc.assert(fc.property(rawTriple, (t) => transitive(rpmvercmp, t)), options);
    fc.assert(fc.property(evrTriple, (t) => transitive(cmpEvr, t)), options);
});
test('sorting a large sample gives a consistent total order (every pair, not just neighbours)', () => {
    for (const [name, values, cmp] of [
        ['rpmvercmp', fc.sample(raw, { seed: SEED + 3, numRuns: 400 }), rpmvercmp],
        ['evr', fc.sample(evr, { seed: SEED + 4, numRuns: 400 }), cmpEvr],
    ]) {
        const sorted = [...values].sort(cmp);
        let pairs = 0;
        for (let i = 0; i < sorted.length; i++) {
            for (let j = i + 1; j < sorted.length; j++) {
                pairs++;
                const r = cmp(sorted[i], sorted[j]);
                assert.ok(r <= 0, `${name}: sorted[${i}]=${sorted[i]} > sorted[${j}]=${sorted[j]}`);
            }
        }
        assert.equal(pairs, (400 * 399) / 2);
    }
});
test('parseEvr on any string: a VERSION_INVALID error or a value that round-trips', () => {
    const alphabet = fc.constantFrom(...'0123456789abcAZ.-:_+~^ é/\n'.split(''));
    fc.assert(fc.property(fc.string({ unit: alphabet, maxLength: 12 }), (s) => {
        let parsed;
        try {
            parsed = parseEvr(s);
        }
        catch (e) {
            return e instanceof UpgradeHookError && e.code === 'VERSION_INVALID' && e.message.includes(JSON.stringify(s));
        }
        return (/^[0-9A-Za-z._+~^:-]+$/.test(s) &&
            cmpEvr(s, formatEvr(parsed)) === 0 &&
            parseEvr(formatEvr(parsed)).release === parsed.release);
    }), { seed: SEED, numRuns: 20000 });
});

// Agreement with the real rpm (rpm --eval, Lua rpm.vercmp) on thousands of generated pairs, in one
// rpm invocation. Fails (does not skip) when rpm is missing: CI installs it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { rpmvercmp } from '../../src/version/rpmvercmp.js';
import { compareVersions } from '../../src/version/index.js';
import { evrPair, rawPair, SEED } from './version-arbitraries.js';
import { rpmVercmpBatch, rpmVersion } from './version-rpm-oracle.js';
import { EVR_ORDERING } from './version-tables.js';
const RAW_PAIRS = 4000;
const EVR_PAIRS = 4000;
// Candidate EVRs from arbitrary strings over the EVR alphabet: whatever parses must agree with rpm too.
const looseEvr = fc.stringMatching(/^[0-9]{0,2}:?[0-9a-c.~^_+]{1,6}(-[0-9a-c.~^]{0,4})?$/);
function buildCases() {
    const raw = fc.sample(rawPair, { seed: SEED, numRuns: RAW_PAIRS });
    const evrs = fc.sample(evrPair, { seed: SEED + 1, numRuns: EVR_PAIRS });
    const loose = fc.sample(fc.tuple(looseEvr, looseEvr), { seed: SEED + 2, numRuns: 4000 }).filter(([a, b]) => {
        try {
            compareVersions('rpm', a, b);
            return true;
        }
        catch {
            return false;
        }
    });
    return [
        ...raw.map(([a, b]) => ({ kind: 'rpmvercmp', a, b, ours: () => rpmvercmp(a, b) })),
        ...evrs.map(([a, b]) => ({ kind: 'evr', a, b, ours: () => compareVersions('rpm', a, b) })),
        ...loose.map(([a, b]) => ({ kind: 'loose-evr', a, b, ours: () => compareVersions('rpm', a, b) })),
        ...EVR_ORDERING.map(([a, b]) => ({ kind: 'table', a, b, ours: () => compareVersions('rpm', a, b) })),
    ];
}
test('rpmvercmp and EVR comparison agree with the real rpm on every generated pair', (t) => {
    const version = rpmVersion();
    const cases = buildCases();
    const answers = rpmVercmpBatch(cases.map((c) => [c.a, c.b]));
    const mismatches = cases.flatMap((c, i) => {
        const ours = c.ours();
        return ours === answers[i]
            ? []
            : [`${c.kind}: ${JSON.stringify(c.a)} vs ${JSON.stringify(c.b)}: ours ${ours}, rpm ${answers[i]}`];
    });
    const count = (kind) => cases.filter((c) => c.kind === kind).length;
    const spread = [-1, 0, 1].map((r) => answers.filter((x) => x === r).length);
    t.diagnostic(`${version}: ${cases.length} pairs (rpmvercmp ${count('rpmvercmp')}, evr ${count('evr')}, loose-evr ${count('loose-evr')}, table ${count('table')}); rpm said -1/0/1: ${spread.join('/')}`);
    assert.deepEqual(mismatches.slice(0, 20), [], `${mismatches.length} disagreements with ${version}`);
    // The generators must produce every outcome plenty of times, or agreement proves little.
    for (const n of spread)
        assert.ok(n > 500, `outcome spread too thin: ${spread.join('/')}`);
    assert.ok(count('loose-evr') > 1000, `too few valid loose EVRs: ${count('loose-evr')}`);
});
test('rpm.vercmp compares whole EVRs (the oracle is the right function)', () => {
    // If a future rpm.vercmp went back to plain rpmvercmp, these would change and the EVR checks above
    // would be comparing against the wrong function.
    assert.deepEqual(rpmVercmpBatch([
        ['1:1.0', '2.0'],
        ['1.0', '1.0-1'],
        ['0:1.0', '1.0'],
        ['1-2', '1.2'],
    ]), [1, -1, 0, -1]);
});

// fast-check generators for rpm version strings, biased towards the cases where rpmvercmp is subtle:
// shared prefixes, leading zeros, long numbers, letters against digits, '~' and '^', odd separators.
import fc from 'fast-check';
export const SEED = 20240611;
const DIGITS = ['0', '00', '1', '01', '001', '2', '9', '10', '99', '100', '12345678901234567890'];
const LETTERS = ['a', 'b', 'z', 'A', 'Z', 'aa', 'rc', 'beta', 'git', 'p', 'el9'];
const VALID_SEPARATORS = ['.', '.', '_', '+', '~', '~', '^', '^'];
// Separators rpm ignores but this tool refuses (rpmvercmp itself must still match rpm on them).
const ODD_SEPARATORS = [' ', '/', '%', '*', '=', 'é', '€', '\u00a0', '😀'];
const validToken = fc.constantFrom(...DIGITS, ...LETTERS, ...VALID_SEPARATORS);
const anyToken = fc.constantFrom(...DIGITS, ...LETTERS, ...VALID_SEPARATORS, ...ODD_SEPARATORS);
const PLAIN_SEPARATORS = new Set(['.', '_', '+', ...ODD_SEPARATORS]);
// The same version spelt differently, as rpm sees it: other plain separators, leading zeros (bits picks).
function respell(tokens, bits, separators) {
    return tokens.map((t, i) => {
        const bit = (bits >> (i % 30)) & 1;
        if (PLAIN_SEPARATORS.has(t))
            return separators[(bits + i) % separators.length] ?? t;
        if (/^[0-9]+$/.test(t) && bit === 1)
            return `0${t}`;
        return t;
    });
}
// Two token lists that usually share a prefix, then differ by one token and/or a tail, or are the same
// version spelt differently (so that "equal" is a common answer, not a rare one).
function relatedPair(token, separators) {
    return fc
        .record({
        base: fc.array(token, { minLength: 1, maxLength: 7 }),
        tailA: fc.array(token, { maxLength: 3 }),
        tailB: fc.array(token, { maxLength: 3 }),
        swap: fc.option(fc.tuple(fc.nat(), token), { nil: undefined }),
        independent: fc.array(token, { minLength: 1, maxLength: 8 }),
        mode: fc.nat(9),
        bits: fc.nat(),
    })
        .map(({ base, tailA, tailB, swap, independent, mode, bits }) => {
        const a = [...base, ...tailA].join('');
        if (mode === 0)
            return [a, independent.join('')];
        if (mode <= 3)
            return [a, respell([...base, ...tailA], bits, separators).join('')];
        const b = [...base];
        if (swap !== undefined)
            b[swap[0] % b.length] = swap[1];
        return [a, [...b, ...tailB].join('')];
    });
}
/** Raw rpmvercmp operands: no ':' or '-' (so rpm.vercmp compares them as plain versions), never empty. */
export const rawPair = relatedPair(anyToken, ['.', '_', '+', ...ODD_SEPARATORS]);
/** Valid version (or release) strings: only characters rpm allows, never empty. */
export const versionPair = relatedPair(validToken, ['.', '_', '+']);
const epoch = fc.option(fc.constantFrom('0', '00', '1', '01', '2', '10', '9', '4294967296'), { nil: undefined });
/** Valid EVR pairs; epochs and releases usually equal or absent on both sides, sometimes one-sided. */
export const evrPair = fc
    .record({
    epochA: epoch,
    epochB: epoch,
    sameEpoch: fc.boolean(),
    versions: versionPair,
    releases: versionPair,
    releaseSides: fc.constantFrom('both', 'both', 'both', 'none', 'a', 'b'),
})
    .map(({ epochA, epochB, sameEpoch, versions, releases, releaseSides }) => {
    const evr = (e, v, r) => `${e === undefined ? '' : `${e}:`}${v}${r === undefined ? '' : `-${r}`}`;
    const withA = releaseSides === 'both' || releaseSides === 'a';
    const withB = releaseSides === 'both' || releaseSides === 'b';
    return [
        evr(epochA, versions[0], withA ? releases[0] : undefined),
        evr(sameEpoch ? epochA : epochB, versions[1], withB ? releases[1] : undefined),
    ];
});
/** A single valid EVR. */
export const evr = evrPair.map(([a]) => a);

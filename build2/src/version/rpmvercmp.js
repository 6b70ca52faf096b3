// rpm's rpmvercmp() (rpmio/rpmvercmp.c, rpm 4.15+ with the '^' caret), ported step by step so that
// every quirk matches: the strings are walked as alternating all-digit / all-letter segments; anything
// else is a separator and ignored (only where segments start and end matters); '~' sorts before
// everything, even the end of the string; '^' sorts after the end but before any other segment.
// Pure and allocation-light: it runs on every package transaction.
const isDigit = (c) => c >= 0x30 && c <= 0x39;
// rpm's risalpha is ASCII-only: bytes >= 0x80 (every UTF-8 byte of a non-ASCII character) are separators.
const isAlpha = (c) => (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
const isAlnum = (c) => isDigit(c) || isAlpha(c);
const TILDE = 0x7e;
const CARET = 0x5e;
const ZERO = 0x30;
const END = 0; // C's NUL: a code past the end of the string, as in `*one == '\0'`
// C strings end at the first NUL; so do these (a JS string may carry one, C never sees past it).
function cString(s) {
    const nul = s.indexOf('\0');
    return nul === -1 ? s : s.slice(0, nul);
}
/** -1 if a is older than b, 1 if newer, 0 if rpm considers them the same version string. */
export function rpmvercmp(aIn, bIn) {
    const a = cString(aIn);
    const b = cString(bIn);
    if (a === b)
        return 0;
    const at = (i) => (i < a.length ? a.charCodeAt(i) : END);
    const bt = (i) => (i < b.length ? b.charCodeAt(i) : END);
    let one = 0;
    let two = 0;
    while (at(one) !== END || bt(two) !== END) {
        while (at(one) !== END && !isAlnum(at(one)) && at(one) !== TILDE && at(one) !== CARET)
            one++;
        while (bt(two) !== END && !isAlnum(bt(two)) && bt(two) !== TILDE && bt(two) !== CARET)
            two++;
        // The tilde sorts before everything else, the end of the string included.
        if (at(one) === TILDE || bt(two) === TILDE) {
            if (at(one) !== TILDE)
                return 1;
            if (bt(two) !== TILDE)
                return -1;
            one++;
            two++;
            continue;
        }
        // The caret is like the tilde, except that a string that has ended (the base version) is older.
        if (at(one) === CARET || bt(two) === CARET) {
            if (at(one) === END)
                return -1;
            if (bt(two) === END)
                return 1;
            if (at(one) !== CARET)
                return 1;
            if (bt(two) !== CARET)
                return -1;
            one++;
            two++;
            continue;
        }
        if (at(one) === END || bt(two) === END)
            break;
        // Take the same kind of segment (decided by a) from both strings: [one, end1) and [two, end2).
        const isNum = isDigit(at(one));
        const inSegment = isNum ? isDigit : isAlpha;
        let end1 = one;
        let end2 = two;
        while (end1 < a.length && inSegment(a.charCodeAt(end1)))
            end1++;
        while (end2 < b.length && inSegment(b.charCodeAt(end2)))
            end2++;
        // b has the other kind of segment here (an empty one of a's kind): numeric beats alpha.
        if (end2 === two)
            return isNum ? 1 : -1;
        if (isNum) {
            // Leading zeros do not count; then the longer number is the larger (no integer overflow).
            while (one < end1 && a.charCodeAt(one) === ZERO)
                one++;
            while (two < end2 && b.charCodeAt(two) === ZERO)
                two++;
            const len1 = end1 - one;
            const len2 = end2 - two;
            if (len1 > len2)
                return 1;
            if (len2 > len1)
                return -1;
        }
        // strcmp on the segments: for digits of equal length and for ASCII letters, code order is byte order.
        const seg1 = a.slice(one, end1);
        const seg2 = b.slice(two, end2);
        if (seg1 !== seg2)
            return seg1 < seg2 ? -1 : 1;
        one = end1;
        two = end2;
    }
    // Every segment compared equal, only the separators differed.
    if (at(one) === END && bt(two) === END)
        return 0;
    // Whichever string has characters left over wins.
    return at(one) === END ? -1 : 1;
}

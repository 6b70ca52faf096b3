// One wording for every invalid-version message, whatever the scheme.
/** `invalid SCHEME version "VALUE" in ORIGIN: PROBLEM (HINT)`, with the value quoted and shortened. */
export function describeInvalid(scheme, value, origin, problem, hint) {
    const shown = value.length > 80 ? `${value.slice(0, 77)}...` : value;
    const where = origin === undefined || origin === '' ? '' : ` in ${origin}`;
    return `invalid ${scheme} version ${JSON.stringify(shown)}${where}: ${problem} (${hint})`;
}
const CHAR_NAMES = {
    ' ': 'space',
    '\t': 'tab',
    '\n': 'newline',
    '\r': 'carriage return',
};
/** "space is not allowed" for the first whitespace or control character of value; undefined if none. */
export function describeBlankOrControl(value) {
    for (const ch of value) {
        const named = CHAR_NAMES[ch];
        if (named !== undefined)
            return `${named} is not allowed`;
        const code = ch.codePointAt(0) ?? 0;
        if (code < 0x20 || (code >= 0x7f && code < 0xa0))
            return `control character ${codePoint(ch)} is not allowed`;
        if (/\s/u.test(ch))
            return `whitespace ${codePoint(ch)} is not allowed`;
    }
    return undefined;
}
/** "U+00E9" */
export function codePoint(ch) {
    return `U+${(ch.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
}

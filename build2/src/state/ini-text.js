// Text primitives that must behave exactly like CPython's, because configparser's rules are written in
// terms of str.strip(), the regex \s and universal-newline line splitting.
/** Characters for which Python's str.isspace() is true (and which its re module's \s matches). */
const PY_WHITESPACE = new Set('\t\n\v\f\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009' +
    '\u200a\u2028\u2029\u202f\u205f\u3000');
export function isPySpace(ch) {
    return PY_WHITESPACE.has(ch);
}
export function pyLStrip(s) {
    let i = 0;
    while (i < s.length && PY_WHITESPACE.has(s[i]))
        i++;
    return s.slice(i);
}
export function pyRStrip(s) {
    let j = s.length;
    while (j > 0 && PY_WHITESPACE.has(s[j - 1]))
        j--;
    return s.slice(0, j);
}
export function pyStrip(s) {
    return pyRStrip(pyLStrip(s));
}
/** The leading whitespace of a line (configparser's indent level is its length). */
export function leadingWhitespace(line) {
    return line.slice(0, line.length - pyLStrip(line).length);
}
// Python opens the file in text mode with universal newlines: '\n', '\r\n' and a lone '\r' end a line.
export function splitLines(text) {
    const lines = [];
    const re = /\r\n|\r|\n/g;
    let start = 0;
    for (let m = re.exec(text); m !== null; m = re.exec(text)) {
        lines.push({ text: text.slice(start, m.index), eol: m[0] });
        start = m.index + m[0].length;
    }
    if (start < text.length)
        lines.push({ text: text.slice(start), eol: '' });
    return lines;
}
export function joinLines(lines) {
    return lines.map((l) => l.text + l.eol).join('');
}
/** A lone UTF-16 surrogate cannot be written as UTF-8: Buffer.from would silently replace it. */
export function hasLoneSurrogate(s) {
    return /[\uD800-\uDFFF]/u.test(s);
}
/** A line quoted for an error message, shortened so that one bad line keeps the message on one line. */
export function quoteLine(text, max = 60) {
    const short = text.length > max ? `${text.slice(0, max)}…` : text;
    return JSON.stringify(short);
}
/**
 * The byte offset of the first invalid UTF-8 sequence (overlong forms, surrogates and code points above
 * U+10FFFF are invalid, as for Python's strict decoder), or -1 when the buffer is valid.
 */
export function firstInvalidUtf8(buf) {
    let i = 0;
    while (i < buf.length) {
        const b = buf[i];
        let need;
        let min;
        if (b < 0x80) {
            i++;
            continue;
        }
        else if (b >= 0xc2 && b <= 0xdf)
            [need, min] = [1, 0x80];
        else if (b >= 0xe0 && b <= 0xef)
            [need, min] = [2, 0x800];
        else if (b >= 0xf0 && b <= 0xf4)
            [need, min] = [3, 0x10000];
        else
            return i;
        let cp = b & (0x3f >> need);
        for (let k = 1; k <= need; k++) {
            const c = buf[i + k];
            if (c === undefined || (c & 0xc0) !== 0x80)
                return i;
            cp = (cp << 6) | (c & 0x3f);
        }
        if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
            return i;
        i += need + 1;
    }
    return -1;
}

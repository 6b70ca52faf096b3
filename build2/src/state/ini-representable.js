// What configparser can store and read back unchanged. set() refuses anything else instead of writing a
// file that configparser would read differently (it strips whitespace, treats '#'/';' lines as comments,
// splits keys at the first '=' or ':').
import { pyStrip, hasLoneSurrogate } from './ini-text.js';
/** Why configparser could not round-trip this section name, or undefined when it can. */
export function sectionNameProblem(name) {
    if (name === '')
        return 'it is empty';
    if (/[\r\n]/.test(name))
        return 'it contains a line break';
    // Python 3.10 reads a header up to its last ']' (bpo-38741); 3.6 to 3.9, which RHEL 8 and 9 ship and
    // FreeIPA runs on, stop at the first one and drop the rest of the name.
    if (name.includes(']'))
        return 'it contains "]", where the configparser of Python 3.9 and older (RHEL 8 and 9) ends the name';
    return commonProblem(name);
}
/** Why configparser could not round-trip this key, or undefined when it can. */
export function keyProblem(key) {
    if (key === '')
        return 'it is empty';
    if (/[\r\n]/.test(key))
        return 'it contains a line break';
    if (/[=:]/.test(key))
        return 'it contains "=" or ":", where configparser splits key from value';
    if (pyStrip(key) !== key)
        return 'it starts or ends with whitespace, which configparser strips';
    if (key.startsWith('#') || key.startsWith(';'))
        return 'it starts with "#" or ";", so configparser reads the line as a comment';
    if (key.startsWith('['))
        return 'it starts with "[", so configparser may read the line as a section header';
    return commonProblem(key);
}
/**
 * Why configparser could not round-trip this value, or undefined when it can. A multi-line value is
 * written with its continuation lines indented by a tab; configparser strips every line and the end of
 * the value, and drops continuation lines that look like comments.
 */
export function valueProblem(value) {
    if (value.includes('\r'))
        return 'it contains a carriage return, which configparser reads as a line break';
    const lines = value.split('\n');
    if (pyStrip(lines[0]) !== lines[0])
        return 'it starts or ends with whitespace, which configparser strips';
    for (const line of lines.slice(1)) {
        if (line === '')
            continue;
        if (pyStrip(line) !== line)
            return 'a line of it starts or ends with whitespace, which configparser strips';
        if (line.startsWith('#') || line.startsWith(';')) {
            return 'a continuation line starts with "#" or ";", which configparser drops as a comment';
        }
    }
    if (lines.length > 1 && lines[lines.length - 1] === '')
        return 'it ends with a line break, which configparser strips';
    return commonProblem(value);
}
function commonProblem(s) {
    if (s.includes('\0'))
        return 'it contains a NUL byte';
    if (hasLoneSurrogate(s))
        return 'it contains text that is not valid Unicode (a lone surrogate)';
    return undefined;
}
/** FreeIPA's StateFile stores booleans as str(True)/str(False) and reads back exactly those two words. */
export function formatBoolean(value) {
    return value ? 'True' : 'False';
}
export function parseStateBoolean(value) {
    return value === 'True' ? true : value === 'False' ? false : undefined;
}

// configparser's reading algorithm (CPython 3.9–3.13 RawConfigParser._read with strict=True,
// empty_lines_in_values=True, no inline comments, delimiters '=' ':', comment prefixes '#' ';'),
// recording where every section and key sits so that edits can leave all other lines untouched.
import { UpgradeHookError } from '../errors.js';
import { leadingWhitespace, pyRStrip, pyStrip, quoteLine } from './ini-text.js';
export const DEFAULT_SECTION = 'DEFAULT';
export function parseLines(lines, file, code) {
    const fail = (index, what) => {
        throw new UpgradeHookError(code, `${file} line ${index + 1}: ${what}`);
    };
    const st = { order: [], sections: new Map(), defaults: undefined };
    let section;
    let block;
    let option;
    let parts = [];
    let indentLevel = 0;
    const finishOption = () => {
        if (option)
            option.value = pyRStrip(parts.join('\n'));
        option = undefined;
    };
    for (const [i, { text }] of lines.entries()) {
        if (text.includes('\0'))
            fail(i, 'contains a NUL byte, so this is binary data, not an INI text file; restore the file from a backup');
        const stripped = pyStrip(text);
        if (stripped.startsWith('#') || stripped.startsWith(';'))
            continue; // a comment, even inside a value
        if (stripped === '') {
            if (section && option)
                parts.push(''); // kept inside a value; trailing ones are stripped at the end
            continue;
        }
        const indent = leadingWhitespace(text);
        if (section && option && block && indent.length > indentLevel) {
            parts.push(stripped);
            option.continuedAt ??= i;
            option.endLine = i;
            block.lastContentLine = i;
            continue;
        }
        indentLevel = indent.length;
        const close = stripped.lastIndexOf(']');
        if (stripped.startsWith('[') && close >= 2) {
            finishOption();
            const name = stripped.slice(1, close);
            section = openSection(st, name, i, fail);
            block = { headerLine: i, lastContentLine: i, lastOptionIndent: undefined };
            section.blocks.push(block);
            continue;
        }
        if (!section || !block) {
            return fail(i, `${quoteLine(stripped)} comes before any [section] header; put it under a section or remove it`);
        }
        const delim = stripped.search(/[=:]/);
        if (delim < 0) {
            return fail(i, `${quoteLine(stripped)} is not a [section] header, a "key = value" line or a comment; fix or remove it (comments start with # or ; on their own line)`);
        }
        const key = pyRStrip(stripped.slice(0, delim));
        if (key === '')
            return fail(i, `${quoteLine(stripped)} has no key before "${stripped[delim]}"; add the key or remove the line`);
        const first = section.options.get(key);
        if (first) {
            return fail(i, `duplicate key "${key}" in section [${section.name}] (first at line ${first.line + 1}); remove one of them`);
        }
        finishOption();
        option = { key, value: '', line: i, endLine: i, indent };
        parts = [pyStrip(stripped.slice(delim + 1))];
        section.options.set(key, option);
        block.lastContentLine = i;
        block.lastOptionIndent = indent;
    }
    finishOption();
    return st;
}
function openSection(st, name, i, fail) {
    if (name === DEFAULT_SECTION) {
        st.defaults ??= { name, blocks: [], options: new Map() };
        return st.defaults;
    }
    const existing = st.sections.get(name);
    if (existing) {
        const firstLine = existing.blocks[0].headerLine + 1;
        return fail(i, `duplicate section [${name}] (first at line ${firstLine}); merge them into one`);
    }
    const created = { name, blocks: [], options: new Map() };
    st.sections.set(name, created);
    st.order.push(name);
    return created;
}

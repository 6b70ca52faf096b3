// A lossless INI document read and written the way Python's configparser does
// (RawConfigParser, optionxform = str, strict): values as configparser reads them, and edits that leave
// every other byte of the file as it was. Pure: no I/O.
//
// Why not the `ini` npm package: ini@5 strips inline comments (`a = b ; c` → "b"), unquotes values
// (`"x y"` → x y), turns `key[] =` into arrays, `true` into a boolean, `[a.b]` into nested objects,
// reads `k: v` as a key named "k: v", ignores continuation lines, lets a duplicate key silently win,
// and rewrites the whole file without comments on stringify. Each of those reads a FreeIPA state
// file differently from configparser or destroys what other tools wrote in it.
import { UpgradeHookError } from '../errors.js';
import { DEFAULT_SECTION, parseLines } from './ini-parse.js';
import { keyProblem, sectionNameProblem, valueProblem } from './ini-representable.js';
import { firstInvalidUtf8, hasLoneSurrogate, joinLines, leadingWhitespace, pyStrip, splitLines, } from './ini-text.js';
export { DEFAULT_SECTION } from './ini-parse.js';
export { formatBoolean, parseStateBoolean } from './ini-representable.js';
export function parseIni(text, file, code) {
    if (text.startsWith('\uFEFF')) {
        throw new UpgradeHookError(code, `${file} line 1: starts with a byte order mark (BOM), which configparser rejects; remove it (the first 3 bytes)`);
    }
    const lines = splitLines(text);
    const bad = lines.findIndex((l) => hasLoneSurrogate(l.text));
    if (bad >= 0)
        throw new UpgradeHookError(code, `${file} line ${bad + 1}: contains text that is not valid Unicode; fix the line`);
    return new IniDocument(lines, parseLines(lines, file, code), file, code);
}
/** Decodes strictly as UTF-8, as Python does; invalid bytes are an error, never replaced. */
export function parseIniBuffer(buf, file, code) {
    const bad = firstInvalidUtf8(buf);
    if (bad >= 0) {
        const line = Buffer.from(buf.subarray(0, bad))
            .toString('latin1')
            .split(/\r\n|\r|\n/).length;
        throw new UpgradeHookError(code, `${file} line ${line}: not valid UTF-8 text (bad byte 0x${buf[bad].toString(16).padStart(2, '0')} at offset ${bad}); is it a binary file? convert it to UTF-8 or restore it from a backup`);
    }
    return parseIni(new TextDecoder('utf-8', { ignoreBOM: true }).decode(buf), file, code);
}
export class IniDocument {
    file;
    code;
    #lines;
    #st;
    constructor(lines, st, file, code) {
        this.file = file;
        this.code = code;
        this.#lines = lines;
        this.#st = st;
    }
    /** Section names in file order, without DEFAULT (like configparser's sections()). */
    sections() {
        return [...this.#st.order];
    }
    /** Like configparser's has_section(): false for DEFAULT. */
    hasSection(section) {
        return this.#st.sections.has(section);
    }
    /** 1-based line of the section's (first) `[name]` header; undefined when there is no such section. */
    headerLine(section) {
        const first = this.#section(section)?.blocks[0];
        return first === undefined ? undefined : first.headerLine + 1;
    }
    /** The section's own keys in file order (DEFAULT's keys for 'DEFAULT'). */
    keys(section) {
        return [...(this.#section(section)?.options.keys() ?? [])];
    }
    /** configparser's get(section, key, raw=True): the section's own key, else DEFAULT's; undefined if none. */
    get(section, key) {
        const own = this.#section(section);
        if (!own)
            return undefined;
        return own.options.get(key)?.value ?? this.#st.defaults?.options.get(key)?.value;
    }
    entries(section) {
        return [...(this.#section(section)?.options.values() ?? [])].map((o) => ({
            key: o.key,
            value: o.value,
            line: o.line + 1,
            endLine: o.endLine + 1,
            continuedAt: o.continuedAt === undefined ? undefined : o.continuedAt + 1,
        }));
    }
    /** Sets a key; only its own line(s) change, a new key goes after the last key of its section. */
    set(section, key, value) {
        this.#checkRepresentable(section, key, value);
        const sec = this.#section(section);
        const existing = sec?.options.get(key);
        if (existing?.value === value)
            return;
        const lines = [...this.#lines];
        const eol = this.#eol();
        if (existing) {
            const lastEol = lines[existing.endLine].eol;
            const fresh = optionLines(existing.indent, key, value, eol);
            fresh[fresh.length - 1].eol = lastEol;
            lines.splice(existing.line, existing.endLine - existing.line + 1, ...fresh);
        }
        else if (sec) {
            const block = sec.blocks[sec.blocks.length - 1];
            const at = block.lastContentLine;
            const indent = block.lastOptionIndent ?? this.#nextIndent(at);
            if (lines[at].eol === '')
                lines[at] = { ...lines[at], eol };
            lines.splice(at + 1, 0, ...optionLines(indent, key, value, eol));
        }
        else {
            const last = lines[lines.length - 1];
            if (last && last.eol === '')
                lines[lines.length - 1] = { ...last, eol };
            if (last && pyStrip(last.text) !== '')
                lines.push({ text: '', eol });
            lines.push({ text: `[${section}]`, eol }, ...optionLines('', key, value, eol), { text: '', eol });
        }
        this.#replace(lines, section, key, value);
    }
    /** Removes the section's own key (never DEFAULT's); true when it was there. */
    unset(section, key) {
        const option = this.#section(section)?.options.get(key);
        if (!option)
            return false;
        const lines = [...this.#lines];
        lines.splice(option.line, option.endLine - option.line + 1);
        this.#replace(lines, section, key, undefined);
        return true;
    }
    // FreeIPA's StateFile never writes an empty section (its save() drops them), so after unsetting a
    // section's last key the header goes too, with the blank lines under it; comments under it stay.
    /** Removes a section that has no keys of its own; true when it was removed. */
    dropSectionIfEmpty(section) {
        const sec = this.#section(section);
        if (!sec || section === DEFAULT_SECTION || sec.options.size > 0)
            return false;
        const headers = this.#allHeaderLines();
        const drop = new Set();
        for (const block of sec.blocks) {
            const next = headers.find((h) => h > block.headerLine) ?? this.#lines.length;
            const under = this.#lines.slice(block.headerLine + 1, next);
            drop.add(block.headerLine);
            if (under.every((l) => pyStrip(l.text) === ''))
                for (let i = block.headerLine + 1; i < next; i++)
                    drop.add(i);
        }
        const lines = this.#lines.filter((_, i) => !drop.has(i));
        // An indented line right after the dropped header could become a continuation of the value above
        // it: then the header stays, since the check below would refuse the edit.
        try {
            this.#replace(lines, section, undefined, undefined);
        }
        catch {
            return false;
        }
        return true;
    }
    toString() {
        return joinLines(this.#lines);
    }
    #allHeaderLines() {
        const all = [...this.#st.sections.values(), ...(this.#st.defaults ? [this.#st.defaults] : [])];
        return all.flatMap((s) => s.blocks.map((b) => b.headerLine)).sort((a, b) => a - b);
    }
    #section(section) {
        return section === DEFAULT_SECTION ? this.#st.defaults : this.#st.sections.get(section);
    }
    #checkRepresentable(section, key, value) {
        const problems = [
            [`section name [${section}]`, sectionNameProblem(section)],
            [`key ${JSON.stringify(key)}`, keyProblem(key)],
            [`value of ${JSON.stringify(key)}`, valueProblem(value)],
        ];
        for (const [what, problem] of problems) {
            if (problem) {
                throw new UpgradeHookError('USAGE', `cannot store ${what} in [${section}] of ${this.file}: ${problem}; choose another one`);
            }
        }
    }
    /** The line ending the file already uses (its first), '\n' for a file that has none. */
    #eol() {
        return this.#lines.find((l) => l.eol !== '')?.eol ?? '\n';
    }
    // A key added right after a header must not indent deeper than the next header, or that header
    // would become a continuation line of the new value.
    #nextIndent(after) {
        for (const l of this.#lines.slice(after + 1)) {
            const s = pyStrip(l.text);
            if (s !== '' && !s.startsWith('#') && !s.startsWith(';'))
                return leadingWhitespace(l.text);
        }
        return '';
    }
    // Re-reads the edited text and proves the edit changed exactly one value (or removed exactly one empty
    // section, key undefined), so that a bug here can never silently alter another key on disk.
    #replace(lines, section, key, value) {
        const st = parseLines(lines, this.file, this.code);
        const before = snapshot(this.#st);
        const after = snapshot(st);
        if (key === undefined)
            before.delete(JSON.stringify([section]));
        else {
            const id = JSON.stringify([section, key]);
            if (value === undefined)
                before.delete(id);
            else
                before.set(id, value);
            if (section !== DEFAULT_SECTION)
                before.set(JSON.stringify([section]), '');
        }
        const same = before.size === after.size && [...before].every(([k, v]) => after.get(k) === v);
        if (!same) {
            const what = key === undefined
                ? `removing the empty section [${section}]`
                : `editing ${JSON.stringify(key)} in [${section}]`;
            throw new UpgradeHookError(this.code, `internal error: ${what} of ${this.file} would change other values; nothing was written`);
        }
        this.#lines = lines;
        this.#st = st;
    }
}
function optionLines(indent, key, value, eol) {
    const [first, ...rest] = value.split('\n');
    return [
        { text: `${indent}${key} = ${first}`, eol },
        ...rest.map((line) => ({ text: line === '' ? `${indent}\t` : `${indent}\t${line}`, eol })),
    ];
}
/** Every value, and every section other than DEFAULT (as [name] -> ''), of a parsed file. */
function snapshot(st) {
    const all = new Map();
    for (const name of st.order)
        all.set(JSON.stringify([name]), '');
    for (const sec of [...st.sections.values(), ...(st.defaults ? [st.defaults] : [])]) {
        for (const o of sec.options.values())
            all.set(JSON.stringify([sec.name, o.key]), o.value);
    }
    return all;
}

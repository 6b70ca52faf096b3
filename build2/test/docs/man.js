// Our man pages as a reader sees them: groff renders them (as man(1) does, with Debian's man.local), and the
// docs tests read the text it prints. Nothing here knows roff.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
/**
 * `groff -man -Tutf8` with grotty's -c -b -o -u: plain text, no SGR escapes and no overstrikes (what
 * `col -b` would strip). The page is set very wide and without hyphenation (-rLL, -rHY=0), so that no
 * paragraph or item is broken over lines and an assertion does not depend on where a line ends.
 */
export const RENDER = ['-man', '-Tutf8', '-ww', '-P-cbou', '-rHY=0', '-rLL=3000n'];
export function render(page) {
    const r = spawnSync('groff', [...RENDER, page], { encoding: 'utf8' });
    assert.equal(r.error, undefined, `groff could not run (npm run setup installs groff-base): ${r.error?.message}`);
    assert.equal(r.stderr, '', `groff warns about ${page}`);
    assert.equal(r.status, 0);
    // A groff without Debian's man.local prints - as U+2010 and \- as U+2212.
    return r.stdout.replace(/[\u2010\u2212]/g, '-');
}
/** Spaces, line breaks and the double space after a sentence as single spaces. */
export const squeeze = (s) => s.replace(/\s+/g, ' ').trim();
/** The rendered headings (.SH) in order: the lines that start in the first column, less the page's header and footer. */
export function headings(text) {
    return text
        .split('\n')
        .filter((l) => /^\S/.test(l))
        .slice(1, -1)
        .map((l) => l.trim());
}
/** The lines under a heading, up to the next heading (or the footer). */
export function section(text, name) {
    const lines = text.split('\n');
    const start = lines.findIndex((l, i) => i > 0 && l.trimEnd() === name);
    assert.ok(start > 0, `the rendered page has no heading ${name}; it has ${headings(text).join(', ')}`);
    const end = lines.findIndex((l, i) => i > start && /^\S/.test(l));
    return lines.slice(start + 1, end);
}
const indent = (l) => l.length - l.trimStart().length;
/**
 * The tagged paragraphs (.TP) of a section as groff renders them: the tag at the section's indent (7), the
 * body 7 columns further in, below the tag or, for a tag of up to 6 characters, from column 14 of its line.
 * As no line is broken, any other line at indent 7 is a whole paragraph, and those are sentences: a
 * capital, then lower case. Tags never start so in our pages: they are options, keys, commands, exit
 * statuses, variables and paths. An extra tag (.TQ) is not told apart: none of the lists read here has one.
 */
export function items(lines) {
    const out = [];
    for (let i = 0; i < lines.length; i++) {
        const line = lines[i];
        if (indent(line) !== 7 || /^ {7}[A-Z][a-z]/.test(line))
            continue;
        const next = lines.slice(i + 1).find((l) => l.trim());
        const bodyBelow = next !== undefined && indent(next) === 14;
        // "--wait SECONDS" fits both forms; a body is never broken over lines, so one below is the tag's only.
        const sameLine = bodyBelow ? null : /^ {7}(\S.{0,5}?) +(?<=^.{14})(\S.*)$/.exec(line);
        if (!sameLine && !bodyBelow)
            continue;
        const body = [sameLine ? sameLine[2] : ''];
        for (let j = i + 1; j < lines.length && (!lines[j].trim() || indent(lines[j]) >= 14); j++)
            body.push(lines[j]);
        out.push({ tag: sameLine ? sameLine[1] : line.trim(), body: squeeze(body.join('\n')) });
    }
    return out;
}
/** Does `text` mention the option `--name` (or `-x`) as a whole word? */
export function mentions(text, flag) {
    const escaped = flag.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    return new RegExp(`(^|[^\\w-])${escaped}(?![\\w-])`, 'm').test(text);
}

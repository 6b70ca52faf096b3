// The tested shell blocks of a Markdown page (docs/tutorial.md): a ```sh block right after an `<!-- tutorial -->` line, and the
// ```text block right after it, if any, which is what the commands print.
export function tutorialBlocks(markdown) {
    const lines = markdown.split('\n');
    const blocks = [];
    const fenced = (start, lang) => {
        if (lines[start] !== `\`\`\`${lang}`)
            return undefined;
        const end = lines.indexOf('```', start + 1);
        if (end < 0)
            throw new Error(`line ${start + 1}: unclosed \`\`\`${lang} block`);
        return { body: lines.slice(start + 1, end).join('\n'), end };
    };
    for (let i = 0; i < lines.length; i++) {
        if (lines[i].trim() !== '<!-- tutorial -->')
            continue;
        const sh = fenced(i + 1, 'sh');
        if (!sh)
            throw new Error(`line ${i + 1}: <!-- tutorial --> must be followed by a \`\`\`sh block`);
        const out = fenced(sh.end + 1, 'text');
        blocks.push({ line: i + 2, script: sh.body, expected: out?.body });
        i = out?.end ?? sh.end;
    }
    return blocks;
}
/** Output with what differs from run to run replaced: the scratch root, times, pids, the port. */
export function normalize(text, vars) {
    let t = text.split(vars.root).join('$ROOT');
    t = t.replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z/g, '<time>');
    t = t.replace(/"pid":\d+/g, '"pid":<pid>');
    t = t.split(`127.0.0.1:${vars.port}`).join('127.0.0.1:<port>');
    // Waits longer than two seconds print timestamped progress lines in a pipe: how long things take is the
    // machine's business, not the README's.
    const lines = t.split('\n').filter((l) => !/^\d\d:\d\d:\d\d /.test(l));
    while (lines.length && lines[0].trim() === '')
        lines.shift();
    while (lines.length && lines[lines.length - 1].trim() === '')
        lines.pop();
    return lines.join('\n');
}

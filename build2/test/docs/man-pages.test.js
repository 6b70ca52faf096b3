// The man pages, rendered by groff as man(1) shows them, are clean and cover what the CLI and the descriptor
// validator accept: the lists come from the tool's --help and its own tables, so a new command, option,
// exit status or key fails here until documented. The tests read the rendered text only (test/docs/man.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { ALL_OPTIONS, GLOBAL_OPTIONS } from '../../src/cli/options.js';
import { EXIT_CODES } from '../../src/cli/help.js';
import { COMMANDS } from '../../src/commands/index.js';
import { DEFAULT_PHASES } from '../../src/product/descriptor.js';
import { headings, items, mentions, render, section, squeeze } from './man.js';
import { BUNDLE, REPO } from './repo.js';
const PAGE8 = `${REPO}docs/upgrade-hook.8`;
const PAGE5 = `${REPO}docs/upgrade-hook.conf.5`;
// Rendered once, when a test first reads them, so that a page groff cannot render fails those tests only.
const rendered = new Map();
const page = (path) => rendered.get(path) ?? rendered.set(path, render(path)).get(path);
const man8 = () => page(PAGE8);
const man5 = () => page(PAGE5);
/** `upgrade-hook --help` as the bundled tool prints it: its commands, and its exit statuses with their meaning. */
function mainHelp() {
    const r = spawnSync(process.execPath, [BUNDLE, '--help'], { encoding: 'utf8', env: { PATH: process.env.PATH } });
    assert.equal(r.status, 0, r.stderr);
    const block = (title) => r.stdout.split(`\n${title}\n`)[1]?.split('\n\n')[0]?.split('\n') ?? [];
    const commands = block('Commands:').map((l) => l.trim().split(' ')[0]);
    const exits = block('Exit status:').map((l) => {
        const m = /^ +(\d+) {2}(.+)$/.exec(l);
        assert.ok(m, `an exit status line of --help: ${l}`);
        return [Number(m[1]), m[2]];
    });
    // The parse of --help is itself checked, so that an empty list cannot pass the tests below.
    assert.deepEqual(commands, COMMANDS.map((c) => c.name));
    assert.deepEqual(exits, EXIT_CODES);
    return { commands, exits };
}
for (const path of [PAGE8, PAGE5]) {
    test(`${path.slice(REPO.length)} renders with groff -man -ww -z without a word`, () => {
        const r = spawnSync('groff', ['-man', '-ww', '-z', path], { encoding: 'utf8' });
        assert.equal(r.error, undefined, `groff could not run (npm run setup installs groff-base): ${r.error?.message}`);
        assert.equal(`${r.stdout}${r.stderr}`, '');
        assert.equal(r.status, 0);
    });
}
test('upgrade-hook(8) renders the sections a man page needs', () => {
    const names = headings(man8());
    for (const s of [
        'NAME',
        'SYNOPSIS',
        'DESCRIPTION',
        'COMMANDS',
        'OPTIONS',
        'EXIT STATUS',
        'ENVIRONMENT',
        'FILES',
        'EXAMPLES',
        'SEE ALSO',
    ]) {
        assert.ok(names.includes(s), `missing the heading ${s}; the page shows ${names.join(', ')}`);
    }
    assert.match(squeeze(section(man8(), 'NAME').join('\n')), /^upgrade-hook - \S/);
});
test('every command of upgrade-hook --help is described under COMMANDS and has a SYNOPSIS line with its options', () => {
    const described = section(man8(), 'COMMANDS');
    const synopsis = section(man8(), 'SYNOPSIS');
    for (const name of mainHelp().commands) {
        assert.ok(described.some((l) => l.startsWith(`       ${name} `) || l === `       ${name}`), `COMMANDS does not describe "${name}"`);
        const line = synopsis.find((l) => l.startsWith(`       upgrade-hook ${name} `));
        assert.ok(line, `SYNOPSIS has no line for "${name}"`);
        for (const o of COMMANDS.find((c) => c.name === name).options) {
            const spec = ALL_OPTIONS.find((x) => x.name === o);
            assert.ok(mentions(line, `--${o}`) || (spec.short !== undefined && mentions(line, `-${spec.short}`)), `SYNOPSIS of ${name} lacks --${o}: ${line.trim()}`);
        }
    }
});
test('every option, long and short, is described under OPTIONS, and no other', () => {
    const options = items(section(man8(), 'OPTIONS'));
    for (const o of ALL_OPTIONS) {
        const tag = `${o.short ? `-${o.short}, ` : ''}--${o.name}${o.arg ? ` ${o.arg}` : ''}`;
        const item = options.find((i) => i.tag === tag);
        assert.ok(item, `OPTIONS does not show "${tag}"; it shows ${options.map((i) => i.tag).join(' | ')}`);
        assert.ok(item.body.length > 10, `OPTIONS does not say what ${tag} does`);
    }
    assert.equal(options.length, ALL_OPTIONS.length, `OPTIONS shows ${options.map((i) => i.tag).join(' | ')}`);
    const synopsis = section(man8(), 'SYNOPSIS').join('\n');
    for (const o of GLOBAL_OPTIONS) {
        assert.ok(mentions(synopsis, o.short ? `-${o.short}` : `--${o.name}`), `SYNOPSIS does not mention the global option --${o.name}`);
    }
});
test('EXIT STATUS shows exactly the exit statuses of upgrade-hook --help, each with its meaning', () => {
    const statuses = items(section(man8(), 'EXIT STATUS'));
    const exits = mainHelp().exits;
    assert.deepEqual(statuses.map((i) => i.tag), exits.map(([code]) => String(code)));
    for (const [code, meaning] of exits) {
        const body = statuses.find((i) => i.tag === String(code)).body;
        const said = `${meaning[0].toUpperCase()}${meaning.slice(1)}`;
        assert.ok(body.startsWith(said), `EXIT STATUS ${code} should start with "${said}" as --help says; it says "${body}"`);
    }
});
// The validator's key lists are module constants; read them from its source rather than widen its exports.
function validatorKeys(constant) {
    const source = readFileSync(`${REPO}src/product/validate.ts`, 'utf8');
    const m = new RegExp(`const ${constant} = \\[([^\\]]*)\\]`).exec(source);
    assert.ok(m, `src/product/validate.ts no longer defines ${constant}`);
    return [...m[1].matchAll(/'([a-z_]+)'/g)].map((x) => x[1]);
}
for (const [sectionName, constant] of [
    ['[product]', 'PRODUCT_KEYS'],
    ['[phases]', 'PHASE_KEYS'],
    ['[service NAME]', 'SERVICE_KEYS'],
]) {
    test(`upgrade-hook.conf(5) documents exactly the ${sectionName} keys the validator accepts`, () => {
        const keys = validatorKeys(constant);
        assert.ok(keys.length >= 3, `read too few keys from ${constant}: ${keys.join(', ')}`);
        const documented = items(section(man5(), sectionName)).map((i) => i.tag.replace(/ \(required\)$/, ''));
        assert.deepEqual([...documented].sort(), [...keys].sort());
    });
}
test('upgrade-hook.conf(5) renders the sections a man page needs', () => {
    const names = headings(man5());
    for (const s of [
        'NAME',
        'SYNOPSIS',
        'DESCRIPTION',
        '[product]',
        '[phases]',
        '[service NAME]',
        'EXAMPLES',
        'SEE ALSO',
    ]) {
        assert.ok(names.includes(s), `missing the heading ${s}; the page shows ${names.join(', ')}`);
    }
});
test('upgrade-hook.conf(5) states the defaults the validator applies', () => {
    const text = (name) => squeeze(section(man5(), name).join('\n'));
    const pad = (n) => String(n).padStart(4, '0');
    for (const p of DEFAULT_PHASES)
        assert.match(text('[phases]'), new RegExp(`${p.name} .*?Default: ${pad(p.from)}-${pad(p.to)}\\.`));
    const source = readFileSync(`${REPO}src/product/validate.ts`, 'utf8');
    const readyTimeout = /seconds\(get\('ready_timeout'\), [^,]+, (\d+), at\)/.exec(source)?.[1];
    assert.ok(readyTimeout, 'cannot find the ready_timeout default in validate.ts');
    assert.match(text('[service NAME]'), new RegExp(`ready_timeout .*Default: ${readyTimeout}\\.`));
    assert.match(source, /`\/var\/lib\/upgrade-hook\/\$\{raw\.name\}`/);
    assert.match(text('[product]'), /var_dir .*?Default: \/var\/lib\/upgrade-hook\/NAME\./);
    assert.match(source, /`\/var\/log\/upgrade-hook\/\$\{raw\.name\}\.log`/);
    assert.match(text('[product]'), /log_file .*?Default: \/var\/log\/upgrade-hook\/NAME\.log\./);
    assert.match(text('[product]'), /auto_upgrade .*?Default: yes\./);
    assert.match(text('[product]'), /version_scheme .*?Default: rpm\./);
    assert.match(text('[product]'), /script_timeout .*?Default: 0 \(no limit\)/);
});

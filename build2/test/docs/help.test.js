// Katello's MUSTFIX "help page is not complete": every command's --help, as the bundled tool prints it,
// says what the command does, lists each option it takes once, the exit codes, and an example.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { ALL_OPTIONS, GLOBAL_OPTIONS } from '../../src/cli/options.js';
import { EXIT_CODES } from '../../src/cli/help.js';
import { COMMANDS } from '../../src/commands/index.js';
import { BUNDLE } from './repo.js';
function help(...args) {
    const r = spawnSync(process.execPath, [BUNDLE, ...args], { encoding: 'utf8', env: { PATH: process.env.PATH } });
    assert.equal(r.status, 0, `upgrade-hook ${args.join(' ')}: ${r.stderr}`);
    assert.equal(r.stderr, '');
    return r.stdout;
}
const optionLines = (text) => text.split('\n').filter((l) => /^ {2}(-\w, | {4})--[a-z-]+/.test(l));
test('upgrade-hook --help lists every command, the global options and the exit codes', () => {
    const text = help('--help');
    for (const c of COMMANDS)
        assert.match(text, new RegExp(`^  ${c.usage.replace(/[|[\]]/g, '\\$&')} +\\S`, 'm'), `--help lacks ${c.name}`);
    for (const o of GLOBAL_OPTIONS)
        assert.ok(optionLines(text).some((l) => l.includes(`--${o.name}`)), `--help lacks --${o.name}`);
    for (const [code] of EXIT_CODES)
        assert.match(text, new RegExp(`^ +${code}  \\S`, 'm'));
    assert.match(text, /^Example: upgrade-hook /m);
});
for (const c of COMMANDS) {
    test(`upgrade-hook ${c.name} --help says what it does, its options, exit codes and an example`, () => {
        const text = help(c.name, '--help');
        assert.ok(text.startsWith(`Usage: upgrade-hook ${c.usage}`), text.split('\n')[0]);
        assert.ok(c.description.length > 60, `${c.name}: a description of a few lines`);
        assert.ok(text.includes(c.description.split(' ').slice(0, 6).join(' ')), `${c.name}: --help does not show the description`);
        const lines = optionLines(text);
        for (const name of [...c.options, ...GLOBAL_OPTIONS.map((o) => o.name)]) {
            const o = ALL_OPTIONS.find((x) => x.name === name);
            assert.ok(lines.some((l) => l.includes(`--${name}${o.arg ? ` ${o.arg}` : ''}`)), `${c.name} --help lacks --${name}`);
        }
        for (const [code] of EXIT_CODES)
            assert.match(text, new RegExp(`^ +${code}  \\S`, 'm'));
        const example = text.split('\nExample:\n')[1];
        assert.ok(example && example.trim().length > 0, `${c.name} --help has no example`);
    });
}
test('no --help lists an option twice', () => {
    for (const c of COMMANDS) {
        const lines = optionLines(help(c.name, '--help'));
        assert.equal(new Set(lines).size, lines.length, `${c.name} --help repeats an option:\n${lines.join('\n')}`);
    }
});

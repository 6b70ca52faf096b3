// The README's reference parts agree with the CLI: its command table names every command, its exit code
// table is the one --help prints, and its links to files in the repository lead somewhere. Its quick start
// is what sets up a fresh machine, and what CI runs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { EXIT_CODES } from '../../src/cli/help.js';
import { COMMANDS } from '../../src/commands/index.js';
import { REPO } from './repo.js';
const README = readFileSync(`${REPO}README.md`, 'utf8');
const section = (title) => README.split(`\n## ${title}\n`)[1]?.split('\n## ')[0] ?? '';
const rows = (text) => text
    .split('\n')
    .filter((l) => l.startsWith('| ') && !l.startsWith('|---'))
    .slice(1)
    .map((l) => l
    .split(/(?<!\\)\|/)
    .slice(1, -1)
    .map((c) => c.trim()));
test('the command table has one row per command, with its usage', () => {
    const table = rows(section('Commands and exit codes'));
    const named = table.map((r) => /^`upgrade-hook (\S+)/.exec(r[0])?.[1]).filter(Boolean);
    assert.deepEqual(named, COMMANDS.map((c) => c.name));
    for (const c of COMMANDS) {
        const first = c.usage.split(' ').slice(0, 2).join(' ').replace(/\|/g, '\\|');
        assert.ok(table.some((r) => r[0].startsWith(`\`upgrade-hook ${first}`)), `the row of ${c.name} should start with its usage: ${c.usage}`);
    }
});
test('the exit code table is the one upgrade-hook --help prints', () => {
    const table = rows(section('Commands and exit codes')).filter((r) => /^\d+$/.test(r[0]));
    assert.deepEqual(table.map((r) => [Number(r[0]), r[1].replace(/`/g, '')]), EXIT_CODES);
});
test('links to files of the repository resolve', () => {
    // Written by other parts of the project; linked before they exist.
    const elsewhere = new Set(['docs/PERFORMANCE.md', 'docs/RELIABILITY.md']);
    const links = [...README.matchAll(/\]\(([^)#]+)(#[^)]*)?\)/g)].map((m) => m[1]).filter((l) => !/^[a-z]+:/.test(l));
    assert.ok(links.length >= 5);
    for (const link of links) {
        if (elsewhere.has(link))
            continue;
        assert.ok(existsSync(`${REPO}${link}`), `README links to ${link}, which does not exist`);
    }
    for (const anchor of README.matchAll(/\]\(#([^)]+)\)/g)) {
        const headings = [...README.matchAll(/^#+ (.+)$/gm)].map((m) => m[1]
            .toLowerCase()
            .replace(/[^a-z0-9 -]/g, '')
            .replace(/ /g, '-'));
        assert.ok(headings.includes(anchor[1]), `README links to #${anchor[1]}, which no heading makes`);
    }
});
test('the quick start is two commands, the demo and the tests, each installing what it needs; CI runs the second', () => {
    const block = /```sh\n([^`]*)```/.exec(section('Quick start'))?.[1] ?? '';
    const commands = block
        .split('\n')
        .filter((l) => l.trim())
        .map((l) => l.replace(/\s+#.*$/, ''));
    assert.deepEqual(commands, ['npm run demo', 'npm run setup && npm test']);
    const scripts = JSON.parse(readFileSync(`${REPO}package.json`, 'utf8'))
        .scripts;
    assert.equal(scripts.setup, 'bash scripts/setup.sh');
    assert.equal(scripts.demo, 'bash scripts/demo.sh');
    assert.match(readFileSync(`${REPO}scripts/demo.sh`, 'utf8'), /^bash scripts\/setup\.sh$/m, 'the demo should run scripts/setup.sh');
    // npm test installs nothing (issue 9): it only checks, and names npm run setup when something is missing.
    assert.match(scripts.test, /^bash scripts\/setup\.sh --check && /);
    assert.doesNotMatch(scripts.test, /setup\.sh(?! --check)/);
    // CI runs the same commands, one a line (set -e does not stop at a failure left of &&).
    const ci = readFileSync(`${REPO}.ci/run`, 'utf8').split('\n');
    const at = commands[1].split(' && ').map((c) => ci.indexOf(c));
    assert.ok(at.every((i, n) => i >= 0 && (n === 0 || i > at[n - 1])), `.ci/run should run ${commands[1].split(' && ').join(', then ')}, one a line`);
});

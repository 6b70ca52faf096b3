// completion/upgrade-hook.bash, sourced into a real bash: what COMPREPLY holds after a TAB in a few
// command lines, and that its commands and options are exactly the CLI's own tables.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GLOBAL_OPTIONS } from '../../src/cli/options.js';
import { COMMANDS } from '../../src/commands/index.js';
import { REPO } from './repo.js';
const root = mkdtempSync(join(tmpdir(), 'uh-completion-'));
const vendor = join(root, 'usr-lib');
const admin = join(root, 'etc');
mkdirSync(vendor);
mkdirSync(admin);
for (const f of ['notes.conf', 'acme.conf', 'README', 'old.conf.rpmsave'])
    writeFileSync(join(vendor, f), '');
writeFileSync(join(admin, 'acme.conf'), '');
writeFileSync(join(admin, 'ipa.conf'), '');
test.after(() => rmSync(root, { recursive: true, force: true }));
/** COMPREPLY after TAB at the end of `line` (a trailing space means a new, empty word). */
function complete(line) {
    const words = line.split(' ');
    const script = [
        `source ${JSON.stringify(`${REPO}completion/upgrade-hook.bash`)}`,
        `COMP_WORDS=(${words.map((w) => `'${w}'`).join(' ')})`,
        `COMP_CWORD=${words.length - 1}`,
        `COMP_LINE=${JSON.stringify(line)}`,
        'COMP_POINT=${#COMP_LINE}',
        '_upgrade_hook',
        'printf "%s\\n" "${COMPREPLY[@]}"',
    ].join('\n');
    const r = spawnSync('bash', ['--norc', '--noprofile', '-c', script], {
        encoding: 'utf8',
        env: { PATH: process.env.PATH, UPGRADE_HOOK_CONFIG_PATH: `${vendor}:${admin}` },
        cwd: root,
    });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stderr, '');
    return r.stdout.split('\n').filter(Boolean).sort();
}
const sorted = (xs) => [...xs].sort();
test('the first word completes to every command, and only commands', () => {
    assert.deepEqual(complete('upgrade-hook '), sorted(COMMANDS.map((c) => c.name)));
    assert.deepEqual(complete('upgrade-hook st'), ['stamp', 'state', 'status']);
});
test('a product NAME completes from the descriptor directories, without duplicates or leftovers', () => {
    assert.deepEqual(complete('upgrade-hook status '), ['acme', 'ipa', 'notes']);
    assert.deepEqual(complete('upgrade-hook run no'), ['notes']);
    assert.deepEqual(complete('upgrade-hook -d gate a'), ['acme'], 'options before the command do not count as the command');
    assert.deepEqual(complete('upgrade-hook run notes '), [], 'run takes one NAME');
});
test('state, bridge and --scheme complete their words', () => {
    assert.deepEqual(complete('upgrade-hook state '), ['get', 'set', 'unset']);
    assert.deepEqual(complete('upgrade-hook state get '), ['acme', 'ipa', 'notes']);
    assert.deepEqual(complete('upgrade-hook state get acme '), []);
    assert.deepEqual(complete('upgrade-hook bridge '), ['begin', 'end']);
    assert.deepEqual(complete('upgrade-hook vercmp --scheme '), ['rpm', 'semver']);
    assert.deepEqual(complete('upgrade-hook vercmp --scheme s'), ['semver']);
});
test('a NAME with a / completes as a path to a descriptor file', () => {
    assert.deepEqual(complete('upgrade-hook plan ./usr-lib/no'), ['./usr-lib/notes.conf']);
});
test('options complete to the global ones and exactly those the command takes', () => {
    const globals = GLOBAL_OPTIONS.flatMap((o) => [`--${o.name}`, ...(o.short ? [`-${o.short}`] : [])]);
    assert.deepEqual(complete('upgrade-hook -'), sorted(globals));
    for (const c of COMMANDS) {
        const expected = sorted([...new Set([...globals, ...c.options.map((o) => `--${o}`)])]);
        assert.deepEqual(complete(`upgrade-hook ${c.name} -`), expected, `options of ${c.name}`);
    }
    assert.deepEqual(complete('upgrade-hook plan acme --f'), ['--force']);
});
test('lint: --root completes directories, then NAME from the products the build root ships', () => {
    const br = join(root, 'buildroot');
    mkdirSync(join(br, 'usr/lib/upgrade-hook/products.d'), { recursive: true });
    writeFileSync(join(br, 'usr/lib/upgrade-hook/products.d/widget.conf'), '');
    assert.deepEqual(complete('upgrade-hook lint --root build'), ['buildroot']);
    assert.deepEqual(complete(`upgrade-hook lint --root ${br} `), ['widget']);
    assert.deepEqual(complete('upgrade-hook lint '), [], 'without --root there is no build root to look in');
});

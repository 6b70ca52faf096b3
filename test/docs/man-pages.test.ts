// The man pages render without a warning and cover what the CLI and the descriptor validator accept:
// the lists come from the tool's own tables, so a new command, option or key fails here until documented.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { ALL_OPTIONS, GLOBAL_OPTIONS } from '../../src/cli/options.js';
import { EXIT_CODES } from '../../src/cli/help.js';
import { COMMANDS } from '../../src/commands/index.js';
import { DEFAULT_PHASES } from '../../src/product/descriptor.js';
import { mentions, section, sections } from './roff.js';
import { REPO } from './repo.js';

const PAGE8 = `${REPO}docs/upgrade-hook.8`;
const PAGE5 = `${REPO}docs/upgrade-hook.conf.5`;
const man8 = readFileSync(PAGE8, 'utf8');
const man5 = readFileSync(PAGE5, 'utf8');

for (const page of [PAGE8, PAGE5]) {
  test(`${page.slice(REPO.length)} renders with groff -man -ww -z without a word`, () => {
    const r = spawnSync('groff', ['-man', '-ww', '-z', page], { encoding: 'utf8' });
    assert.equal(r.error, undefined, `groff could not run: ${r.error?.message}`);
    assert.equal(`${r.stdout}${r.stderr}`, '');
    assert.equal(r.status, 0);
  });
}

test('upgrade-hook(8) has the sections a man page needs', () => {
  const names = sections(man8).map((s) => s.name);
  for (const s of ['NAME', 'SYNOPSIS', 'DESCRIPTION', 'COMMANDS', 'OPTIONS', 'EXIT STATUS', 'ENVIRONMENT', 'FILES', 'EXAMPLES', 'SEE ALSO']) {
    assert.ok(names.includes(s), `missing .SH ${s}; has ${names.join(', ')}`);
  }
});

test('every command is described under COMMANDS and has a SYNOPSIS line with its options', () => {
  const described = section(man8, 'COMMANDS').tags.map((t) => t.split(/\s+/)[0]);
  const synopsis = section(man8, 'SYNOPSIS').lines.join('\n').split('.SY').map((block) => block.replace(/\\-/g, '-'));
  for (const c of COMMANDS) {
    assert.ok(described.includes(c.name), `COMMANDS does not describe "${c.name}"`);
    const block = synopsis.find((b) => new RegExp(`^\\.B ${c.name}$`, 'm').test(b));
    assert.ok(block, `SYNOPSIS has no line for "${c.name}"`);
    for (const o of c.options) {
      const spec = ALL_OPTIONS.find((x) => x.name === o)!;
      assert.ok(mentions(block, `--${o}`) || (spec.short !== undefined && mentions(block, `-${spec.short}`)), `SYNOPSIS of ${c.name} lacks --${o}`);
    }
  }
});

test('every option, long and short, is described under OPTIONS', () => {
  const tags = section(man8, 'OPTIONS').tags.join('\n');
  for (const o of ALL_OPTIONS) {
    assert.ok(mentions(tags, `--${o.name}`), `OPTIONS does not describe --${o.name}`);
    if (o.short) assert.ok(mentions(tags, `-${o.short}`), `OPTIONS does not give -${o.short} for --${o.name}`);
    if (o.arg) assert.ok(tags.includes(`--${o.name} ${o.arg}`), `OPTIONS should show --${o.name} ${o.arg}`);
  }
  const documented = [...tags.matchAll(/--([a-z-]+)/g)].map((m) => m[1]);
  for (const name of documented) assert.ok(ALL_OPTIONS.some((o) => o.name === name), `OPTIONS documents --${name}, which the CLI does not accept`);
  const synopsisGlobal = section(man8, 'SYNOPSIS').text;
  for (const o of GLOBAL_OPTIONS) {
    assert.ok(mentions(synopsisGlobal, o.short ? `-${o.short}` : `--${o.name}`), `SYNOPSIS does not mention the global option --${o.name}`);
  }
});

test('EXIT STATUS lists exactly the exit codes the CLI documents in --help', () => {
  const tags = section(man8, 'EXIT STATUS').tags.map(Number);
  assert.deepEqual(tags, EXIT_CODES.map(([code]) => code));
});

// The validator's key lists are module constants; read them from its source rather than widen its exports.
function validatorKeys(constant: string): string[] {
  const source = readFileSync(`${REPO}src/product/validate.ts`, 'utf8');
  const m = new RegExp(`const ${constant} = \\[([^\\]]*)\\]`).exec(source);
  assert.ok(m, `src/product/validate.ts no longer defines ${constant}`);
  return [...m[1]!.matchAll(/'([a-z_]+)'/g)].map((x) => x[1]!);
}

for (const [sectionName, constant] of [['[product]', 'PRODUCT_KEYS'], ['[phases]', 'PHASE_KEYS'], ['[service NAME]', 'SERVICE_KEYS']] as const) {
  test(`upgrade-hook.conf(5) documents exactly the ${sectionName} keys the validator accepts`, () => {
    const keys = validatorKeys(constant);
    assert.ok(keys.length >= 3, `read too few keys from ${constant}: ${keys.join(', ')}`);
    const documented = section(man5, sectionName).tags.map((t) => t.split(/\s+/)[0]);
    assert.deepEqual([...documented].sort(), [...keys].sort());
  });
}

test('upgrade-hook.conf(5) states the defaults the validator applies', () => {
  const text = (name: string) => section(man5, name).text.replace(/\s+/g, ' ');
  const pad = (n: number) => String(n).padStart(4, '0');
  for (const p of DEFAULT_PHASES) assert.match(text('[phases]'), new RegExp(`${p.name} .*?Default: ${pad(p.from)}-${pad(p.to)}\\.`));
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

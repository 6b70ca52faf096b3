// Descriptor loading: search path, /etc-style override key by key, a path instead of a name, and errors
// that name the file, the line, the key and the fix — without changing anything on disk.
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { cli } from '../helpers/cli.js';
import { installedThenUpgraded, makeProduct } from '../helpers/product.js';

function snapshot(root: string): string {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d).sort()) {
      const path = join(d, e);
      const st = statSync(path);
      if (st.isDirectory()) walk(path);
      else out.push(`${path} ${st.mode} ${readFileSync(path).toString('base64')}`);
    }
  };
  walk(root);
  return out.join('\n');
}

test('an admin file in a later directory overrides the packaged one key by key', (t) => {
  const p = makeProduct();
  t.after(p.cleanup);
  const etc = join(p.root, 'etc');
  mkdirSync(etc);
  writeFileSync(join(etc, 'acme.conf'), '[product]\nplatform = adminos-2\n');
  p.env.UPGRADE_HOOK_CONFIG_PATH = `${p.confDir}:${etc}`;
  const s = p.run('status', 'acme', '--json');
  assert.equal(s.code, 0, s.stderr);
  const j = JSON.parse(s.stdout);
  assert.equal(j.build.platform, 'adminos-2');
  assert.equal(j.stateFile, p.stateFile, 'keys not overridden come from the packaged file');
  assert.deepEqual(j.descriptor, [join(p.confDir, 'acme.conf'), join(etc, 'acme.conf')]);
});

test('a path instead of a name; an unknown product is a clear error', (t) => {
  const p = makeProduct();
  t.after(p.cleanup);
  installedThenUpgraded(p, '1.0-1', '1.0-1');
  const env = { PATH: process.env.PATH, UPGRADE_HOOK_LOCK_DIR: p.lockDir, UPGRADE_HOOK_CONFIG_PATH: join(p.root, 'nowhere') };
  const byPath = cli(['check', join(p.confDir, 'acme.conf')], env);
  assert.equal(byPath.code, 0, byPath.stderr);
  const unknown = cli(['check', 'acme'], env);
  assert.equal(unknown.code, 78);
  assert.match(unknown.stderr, /unknown product "acme": no acme\.conf in .*nowhere/);
});

const bad: Array<[string, string, RegExp]> = [
  ['misspelt key', 'scritps = /x', /acme\.conf line \d+: unknown key "scritps" in \[product\]: did you mean "scripts"\?/],
  ['unknown section', '[servce db]\nrole = backend', /unknown section \[servce db\]/],
  ['overlapping phases', '[phases]\noffline = 0001-3500', /\[phases\] offline \(0001-3500\) and backend \(3000-5999\) overlap/],
  ['unknown probe', '[service db]\nrole = backend\nstart = true\nstop = true\nready = ping:db', /ready = ping:db: unknown probe; use tcp:HOST:PORT/],
  ['bad role', '[service db]\nrole = database\nunit = db.service', /role = database: use backend or app/],
  ['unit and commands', '[service db]\nrole = backend\nunit = db.service\nstart = x', /has both unit and start\/stop commands/],
  ['bad boolean', 'auto_upgrade = perhaps', /auto_upgrade = perhaps: use yes or no/],
  ['bad scheme', 'version_scheme = debian', /version_scheme = debian: use rpm or semver/],
  ['relative path', 'admin_scripts = etc/acme', /admin_scripts = etc\/acme: must be an absolute path/],
  ['inline garbage line', 'this is not ini', /line \d+: .*is not a \[section\] header/],
];

for (const [what, extra, message] of bad) {
  test(`descriptor error, exit 78, nothing changed: ${what}`, (t) => {
    const p = makeProduct();
    t.after(p.cleanup);
    installedThenUpgraded(p, '1.0-1', '1.1-1');
    p.descriptor(extra);
    const before = snapshot(p.root);
    for (const cmd of ['run', 'check', 'plan', 'posttrans']) {
      const r = p.run(cmd, 'acme');
      if (cmd === 'posttrans') assert.equal(r.code, 0, 'posttrans never fails the transaction');
      else assert.equal(r.code, 78, `${cmd}: ${r.stderr}`);
      assert.match(r.stderr, message);
      assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
    }
    assert.equal(snapshot(p.root), before);
  });
}

test('a descriptor that is not UTF-8 is refused naming the file', (t) => {
  const p = makeProduct();
  t.after(p.cleanup);
  writeFileSync(join(p.confDir, 'acme.conf'), Buffer.from([0x5b, 0x70, 0x72, 0x6f, 0x64, 0x75, 0x63, 0x74, 0x5d, 0x0a, 0xff, 0xfe, 0x0a]));
  const r = p.run('check', 'acme');
  assert.equal(r.code, 78);
  assert.match(r.stderr, /acme\.conf/);
  assert.match(r.stderr, /UTF-8/);
});

test('missing required keys are listed together', (t) => {
  const p = makeProduct();
  t.after(p.cleanup);
  writeFileSync(join(p.confDir, 'acme.conf'), '[product]\nplatform = x\n');
  const r = p.run('check', 'acme');
  assert.equal(r.code, 78);
  for (const k of ['build_version', 'state_file', 'state_section', 'scripts']) assert.match(r.stderr, new RegExp(`\\[product\\] ${k} is required`));
});

test('usage errors exit 2: unknown command, unknown option, option of another command, wrong arity', () => {
  const env = { PATH: process.env.PATH };
  for (const args of [['frobnicate', 'acme'], ['check', 'acme', '--frob'], ['check', 'acme', '--force'], ['check'], ['check', 'a', 'b']]) {
    const r = cli(args, env);
    assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, /^error: /);
    assert.match(r.stderr, /--help/);
  }
});

// The product's var dir (markers, the history, stopped-units, the scripts' TMPDIR) is written by root by
// name. The var dir itself was checked (root's, no link, not writable by others) but not the way to it: an
// account owning an ancestor could rename the checked directory away and put its own (a link to any
// directory) in its place between the check and the writes. Now every directory on the way, as written and
// as resolved, is held to the path rule: a var dir below an account's directory is refused before anything
// is written, with the directory and the fix named. Needs root (chown to nobody).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chownSync, existsSync, mkdirSync, readFileSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { assertToolBuilt, makeProduct, removeProduct, tool } from '../helpers/torture-product.js';

const NOBODY = 65534;
const asRoot = process.geteuid?.() === 0;

function withVarDir(p: ReturnType<typeof makeProduct>, varDir: string): void {
  writeFileSync(p.descriptor, readFileSync(p.descriptor, 'utf8').replace(/^var_dir = .*$/m, `var_dir = ${varDir}`));
}

test("a var dir below a service account's directory is refused before anything is written", {
  skip: !asRoot && 'needs root',
}, () => {
  assertToolBuilt();
  const p = makeProduct({ data: '1.0', build: '1.1' });
  const account = join(p.root, 'srv', 'acme');
  mkdirSync(account, { recursive: true, mode: 0o755 });
  chownSync(account, NOBODY, NOBODY);
  const varDir = join(account, 'upgrade-hook');
  withVarDir(p, varDir);
  const r = tool(p, ['run', p.name]);
  assert.notEqual(r.status, 0, `refused: ${r.stdout}${r.stderr}`);
  assert.match(r.stderr, new RegExp(`refusing to use state directory ${varDir}: ${account} is owned by uid ${NOBODY}`));
  assert.match(r.stderr, /var_dir =/);
  // nothing was made or written there: no var dir, no marker, no history
  assert.equal(existsSync(varDir), false);
  removeProduct(p);
});

test("a var dir reached through a link in the account's directory is refused; through root's link it is not", {
  skip: !asRoot && 'needs root',
}, () => {
  assertToolBuilt();
  const p = makeProduct({ data: '1.0', build: '1.0' });
  const account = join(p.root, 'home', 'acme');
  mkdirSync(account, { recursive: true, mode: 0o755 });
  chownSync(account, NOBODY, NOBODY);
  const target = join(p.root, 'rootvar');
  mkdirSync(target, { mode: 0o755 });
  // the account can point this link anywhere: root must not write through it
  symlinkSync(target, join(account, 'var'));
  withVarDir(p, join(account, 'var', 'uh'));
  const bad = tool(p, ['stamp', p.name]);
  assert.notEqual(bad.status, 0, `refused: ${bad.stdout}${bad.stderr}`);
  assert.match(bad.stderr, /refusing to use state directory/);
  assert.deepEqual(
    readdirSync(target).filter((f) => f !== 'uh'),
    [],
  );
  assert.deepEqual(existsSync(join(target, 'uh')) ? readdirSync(join(target, 'uh')) : [], []);
  // a link root owns, in root's directory (like /var/run -> /run), is followed on the way
  symlinkSync(target, join(p.root, 'rootlink'));
  withVarDir(p, join(p.root, 'rootlink', 'uh'));
  const good = tool(p, ['stamp', p.name]);
  assert.equal(good.status, 0, `${good.stdout}${good.stderr}`);
  removeProduct(p);
});

// Set-aside data that cannot be removed after the next upgrade (here: it lies on a filesystem made read-only)
// stays listed in VAR_DIR/rollback-set-aside.json, so the upgrade after that tries again; before, the list was
// dropped and the data stayed on disk for good. Root only (mount), in a private mount namespace: the mount
// dies with it, even if the test is killed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { inPrivateMounts } from '../helpers/private-mounts.js';
import { REPO } from '../helpers/torture-product.js';

const WORKER = `
const { mkdtempSync, mkdirSync, writeFileSync, rmSync } = await import('node:fs');
const { execFileSync } = await import('node:child_process');
const { join } = await import('node:path');
const m = await import(process.argv[1]);
const root = mkdtempSync('/tmp/uh-set-aside-');
const varDir = join(root, 'var');
const ro = join(root, 'ro');
mkdirSync(varDir); mkdirSync(ro);
execFileSync('mount', ['-t', 'tmpfs', 'uh-set-aside', ro]);
const aside = join(ro, 'data.before-rollback-20261101T000000Z');
mkdirSync(join(aside, 'sub'), { recursive: true });
writeFileSync(join(aside, 'sub', 'old'), 'old data\\n');
execFileSync('mount', ['-o', 'remount,ro', ro]);
m.addSetAside(varDir, [aside]);
const logs = [];
m.discardSetAside(varDir, (l) => logs.push(l));
const first = { list: m.readSetAside(varDir), logs: [...logs] };
// the filesystem writable again: the next upgrade removes it and the list goes
execFileSync('mount', ['-o', 'remount,rw', ro]);
logs.length = 0;
m.discardSetAside(varDir, (l) => logs.push(l));
const second = { list: m.readSetAside(varDir), logs: [...logs] };
execFileSync('umount', [ro]);
rmSync(root, { recursive: true, force: true });
console.log(JSON.stringify({ aside, first, second }));
`;

test('set-aside data that cannot be removed stays listed; the next upgrade removes it', {
  skip: process.getuid?.() !== 0 && 'needs root (mount)',
}, () => {
  const { aside, first, second } = inPrivateMounts<{
    aside: string;
    first: { list: string[]; logs: string[] };
    second: { list: string[]; logs: string[] };
  }>(['--input-type=module', '-e', WORKER, join(REPO, 'build/src/backup/set-aside.js')]);
  assert.deepEqual(first.list, [aside], 'still listed for the next upgrade');
  assert.match(
    first.logs.join('\n'),
    /could not remove .*data\.before-rollback-20261101T000000Z \(tried again after the next upgrade\): .*read-only/,
  );
  assert.deepEqual(second.list, [], 'removed, the list done with');
  assert.match(
    second.logs.join('\n'),
    /removed .*data\.before-rollback-20261101T000000Z, the data a rollback had set aside/,
  );
});

// `matrix`'s argument errors (issue 24), through the bundled tool: each missing or wrong directory is named on
// stderr before any container starts, with exit 2 (usage) and nothing on stdout.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli } from '../helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'uh-matrix-cli-'));
const released = join(dir, 'released');
const to = join(dir, 'to');
const image = join(dir, 'image');
mkdirSync(join(released, '1.0'), { recursive: true });
mkdirSync(to);
mkdirSync(join(image, 'usr'), { recursive: true });
writeFileSync(join(dir, 'file'), '');
test.after(() => rmSync(dir, { recursive: true, force: true }));

const cases: Array<[string, string[], RegExp]> = [
  ['no --released', ['--to', to, '--image', image], /matrix needs --released/],
  ['no --to', ['--released', released, '--image', image], /matrix needs --to/],
  // without --image the host's root is the image, unless the product is installed here: --to names the product
  [
    "no --image: the host's root, once --to names the product",
    ['--released', released, '--to', to],
    /--to .*: no package in it ships a product descriptor/,
  ],
  [
    'a --released that does not exist',
    ['--released', join(dir, 'nope'), '--to', to, '--image', image],
    /--released .*nope: ENOENT/,
  ],
  [
    'a --to that is a file',
    ['--released', released, '--to', join(dir, 'file'), '--image', image],
    /--to .*file: not a directory/,
  ],
  ['an --image that is no OS tree', ['--released', released, '--to', to, '--image', dir], /--image .*: not an OS tree/],
  [
    'a --with that does not exist',
    ['--released', released, '--to', to, '--image', image, '--with', join(dir, 'w')],
    /--with .*w: ENOENT/,
  ],
  [
    'a --to without the product',
    ['--released', released, '--to', to, '--image', image],
    /--to .*: no package in it ships a product descriptor/,
  ],
  ['two products named', ['a', 'b', '--released', released, '--to', to, '--image', image], /.+/],
];

for (const [title, args, message] of cases) {
  test(`matrix: ${title}`, () => {
    const r = cli(['matrix', ...args], {});
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, message);
    assert.equal(r.stdout, '');
  });
}

test('matrix: an unknown UPGRADE_HOOK_SANDBOX_ENGINE is named with the two it takes, before anything else', () => {
  const r = cli(['matrix', '--released', released, '--to', to, '--image', image], {
    UPGRADE_HOOK_SANDBOX_ENGINE: 'docker',
  });
  assert.equal(r.code, 2, r.stderr);
  assert.match(r.stderr, /UPGRADE_HOOK_SANDBOX_ENGINE=docker: not an engine/);
  assert.match(r.stderr, /set it to nspawn or podman/);
  assert.equal(r.stdout, '');
});

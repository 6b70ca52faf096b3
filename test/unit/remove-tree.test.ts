// Removing a tree through descriptors (backup/remove-tree.ts) when an entry changes between the look and
// the removal: the other user's swap lands exactly in that window here (the torture test races it, CI hit
// it once: EISDIR on a link swapped back for its directory). Real files in a temp dir.
import assert from 'node:assert/strict';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  symlinkSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { HeldDir } from '../../src/backup/held-dir.js';
import { removeEntry } from '../../src/backup/remove-tree.js';

// the entry `name` is changed by `swap` right after the remover's first look at it
function swapAfterFirstLook(dir: HeldDir, name: string, swap: () => void): void {
  const look = dir.lstatIn.bind(dir);
  let looked = false;
  dir.lstatIn = (n: string) => {
    const st = look(n);
    if (n === name && !looked) {
      looked = true;
      swap();
    }
    return st;
  };
}

// a temp dir with root's `victim/keep` and an empty `aside/`, removed after `f`
function inScratch(f: (victim: string, aside: string) => void): void {
  const root = mkdtempSync(join(tmpdir(), 'uh-remove-tree-'));
  try {
    const victim = join(root, 'victim');
    mkdirSync(victim);
    writeFileSync(join(victim, 'keep'), 'root data\n');
    const aside = join(root, 'aside');
    mkdirSync(aside);
    f(victim, aside);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

test('a link swapped back for a directory after the look is removed as the directory, its contents too', () => {
  inScratch((victim, aside) => {
    symlinkSync(victim, join(aside, 'sub'));
    const held = HeldDir.openPath(aside);
    swapAfterFirstLook(held, 'sub', () => {
      unlinkSync(join(aside, 'sub'));
      mkdirSync(join(aside, 'sub'));
      writeFileSync(join(aside, 'sub', 'old'), 'old data\n');
    });
    try {
      removeEntry(held, 'sub');
    } finally {
      held.close();
    }
    assert.deepEqual(readdirSync(aside), [], 'the directory swapped in is gone');
    assert.deepEqual(readdirSync(victim), ['keep'], 'what the link pointed to is untouched');
  });
});

test('a directory swapped for a link after the look costs only the link', () => {
  inScratch((victim, aside) => {
    mkdirSync(join(aside, 'sub'));
    writeFileSync(join(aside, 'sub', 'old'), 'old data\n');
    const held = HeldDir.openPath(aside);
    swapAfterFirstLook(held, 'sub', () => {
      rmSync(join(aside, 'sub'), { recursive: true });
      symlinkSync(victim, join(aside, 'sub'));
    });
    try {
      removeEntry(held, 'sub');
    } finally {
      held.close();
    }
    assert.equal(existsSync(join(aside, 'sub')), false);
    assert.deepEqual(readdirSync(victim), ['keep']);
  });
});

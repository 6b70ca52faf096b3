// The rehearsal's consistent copy on btrfs (issue 24, docs/rehearse.md, sandbox/btrfs-snapshot.ts): a read-only
// snapshot of the data's subvolume inside the frozen moment, cloned out afterwards and deleted; a nested
// subvolume (which a snapshot would show empty) or a run directory on another filesystem falls back to cp;
// a rehearsal SIGKILLed with its snapshot taken leaves a subvolume that `rm --one-file-system` cannot remove,
// so the next rehearsal's sweep deletes it. A real btrfs on a loop device, in a private mount namespace
// (the mount and the loop device go when the namespace dies, even by SIGKILL).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO } from '../helpers/torture-product.js';

interface Seen {
  snapshot: {
    method: string;
    subvolumes: string[];
    same: boolean;
    backupsCopied: boolean;
    exclusive: number;
    leftSubvolumes: string[];
    gapMs: number;
    copyMs: number;
  };
  nested: { method: string; inner: string; same: boolean };
  otherFilesystem: { method: string; same: boolean };
  killed: { before: string[]; removed: string[]; runLeft: boolean; after: string[]; work: string };
}

const has = (cmd: string) => spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;
const skip =
  process.getuid?.() !== 0
    ? 'needs root (mount, loop device)'
    : !has('mkfs.btrfs') || !has('btrfs')
      ? 'needs btrfs-progs (npm run setup installs it)'
      : !has('unshare')
        ? 'needs unshare'
        : undefined;

let seen: Seen | undefined;
function seenOnce(): Seen {
  if (seen) return seen;
  const dir = mkdtempSync(join(tmpdir(), 'uh-torture-btrfs-'));
  try {
    const image = join(dir, 'btrfs.img');
    spawnSync('truncate', ['-s', '256M', image]);
    const mkfs = spawnSync('mkfs.btrfs', ['-q', image], { encoding: 'utf8' });
    assert.equal(mkfs.status, 0, mkfs.stderr);
    const mount = join(dir, 'mnt');
    spawnSync('mkdir', [mount]);
    const r = spawnSync(
      'unshare',
      [
        '-m',
        '--propagation',
        'private',
        process.execPath,
        join(REPO, 'build/test/helpers/torture-btrfs-copy-worker.js'),
        mount,
        image,
      ],
      { encoding: 'utf8', timeout: 120_000 },
    );
    assert.equal(r.status, 0, `worker: ${r.stderr}`);
    seen = JSON.parse(r.stdout) as Seen;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return seen;
}

test('btrfs: the copy is a snapshot cloned out: the same data, no extent of its own, no snapshot left', {
  skip,
}, () => {
  const s = seenOnce().snapshot;
  assert.equal(s.method, 'snapshot');
  assert.equal(s.subvolumes.length, 1, 'data, state file and var dir lie in one subvolume: one snapshot');
  assert.ok(s.same, 'the copy holds the data, the state file and the var dir as they were');
  assert.equal(s.backupsCopied, false, "the var dir's backups are left out, as with cp");
  assert.equal(s.exclusive, 0, 'every extent of the copy is shared with production (a clone, not a copy)');
  assert.deepEqual(s.leftSubvolumes, ['prod'], 'the snapshot was deleted');
  process.stdout.write(`# btrfs snapshot: frozen ${s.gapMs} ms, copy (snapshot + clone out) ${s.copyMs} ms\n`);
});

test('btrfs: a subvolume nested in the data is not left empty: the copy falls back to a reflink copy', { skip }, () => {
  const n = seenOnce().nested;
  assert.equal(n.method, 'reflink');
  assert.equal(n.inner, 'inside the nested subvolume\n');
  assert.ok(n.same);
});

test('btrfs: a run directory on another filesystem cannot hold the snapshot: a plain copy', { skip }, () => {
  const o = seenOnce().otherFilesystem;
  assert.equal(o.method, 'copy');
  assert.ok(o.same);
});

test('btrfs: a rehearsal SIGKILLed with its snapshot taken: the next sweep deletes the snapshot and the run', {
  skip,
}, () => {
  const k = seenOnce().killed;
  assert.equal(k.before.length, 2, `the killed run left its snapshot: ${k.before.join(', ')}`);
  assert.ok(k.before.some((p) => p.endsWith('/snap.0')));
  assert.deepEqual(k.removed, [k.work]);
  assert.equal(k.runLeft, false, "the killed run's directory is gone");
  assert.deepEqual(k.after, ['prod'], 'no snapshot is left');
});

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
import { inPrivateMounts } from '../helpers/private-mounts.js';
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
  untrustedParent: { method: string; copied: string };
  killed: {
    before: string[];
    busy: { removed: string[]; warned: string[]; runLeft: boolean };
    removed: string[];
    runLeft: boolean;
    after: string[];
    work: string;
  };
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
    seen = inPrivateMounts<Seen>([join(REPO, 'build/test/helpers/torture-btrfs-copy-worker.js'), mount, image]);
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

test('btrfs: a subvolume in a directory another user can write is not snapshotted by path: a reflink copy', {
  skip,
}, () => {
  const u = seenOnce().untrustedParent;
  assert.equal(u.method, 'reflink');
  assert.equal(u.copied, 'data\n');
});

test('btrfs: a rehearsal SIGKILLed with its snapshot taken: the next sweep deletes the snapshot and the run (one that cannot be deleted is said, with the command)', {
  skip,
}, () => {
  const k = seenOnce().killed;
  assert.equal(k.before.length, 2, `the killed run left its snapshot: ${k.before.join(', ')}`);
  assert.ok(k.before.some((p) => p.endsWith('/snap.0')));
  // a snapshot btrfs will not delete (a subvolume in it) is said, with the command; the run is not claimed removed
  assert.deepEqual(k.busy.removed, [], 'not claimed removed');
  assert.equal(k.busy.runLeft, true);
  assert.match(
    k.busy.warned.join('\n'),
    /could not delete the btrfs snapshot .*\/snap\.0 .*old blocks on disk: delete it with: btrfs subvolume delete .*\/snap\.0/,
  );
  assert.match(k.busy.warned.join('\n'), /could not remove .*run\.\d+ .*the next rehearsal tries again/);
  assert.deepEqual(k.removed, [k.work]);
  assert.equal(k.runLeft, false, "the killed run's directory is gone");
  assert.deepEqual(k.after, ['prod'], 'no snapshot is left');
});

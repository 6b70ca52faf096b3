// Runs inside `unshare -m --propagation private` (started by test/torture/rehearse-btrfs.test.ts): mounts a
// btrfs image (argv[3]) at argv[2] with a loop device that detaches itself when the mount goes (the namespace
// dies with this process, even by SIGKILL), lays out a product's data in a subvolume and takes the
// rehearsal's consistent copy with the tool's own code. Prints one JSON object: what each scenario saw.
import { execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, readlinkSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { consistentCopy, planCopy } from '../../src/sandbox/consistent-copy.js';
import { sweepRehearsals } from '../../src/sandbox/rehearse.js';
import type { Descriptor } from '../../src/product/descriptor.js';

const [mount, image] = process.argv.slice(2) as [string, string];
const sh = (cmd: string, args: string[]) => execFileSync(cmd, args, { encoding: 'utf8' });
sh('mount', ['-o', 'loop', image, mount]);

// names, modes, link targets and contents of a tree (but the top-level names in `skip`)
function digest(root: string, skip: string[] = []): string {
  const h = createHash('sha256');
  const walk = (p: string) => {
    const st = lstatSync(p);
    h.update(`${relative(root, p)} ${st.mode.toString(8)}\n`);
    if (st.isSymbolicLink()) h.update(readlinkSync(p));
    else if (st.isFile()) h.update(readFileSync(p));
    else if (st.isDirectory())
      for (const n of readdirSync(p).sort()) if (!(p === root && skip.includes(n))) walk(join(p, n));
  };
  walk(root);
  return h.digest('hex');
}

const subvolumes = () =>
  sh('btrfs', ['subvolume', 'list', mount])
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => l.replace(/^.* path /, ''))
    .sort();

// exclusive bytes of a tree (what it holds that nothing else shares): ~0 for a clone
function exclusiveBytes(p: string): number {
  const lines = sh('btrfs', ['filesystem', 'du', '-s', '--raw', p]).trim().split('\n');
  return Number(lines.at(-1)!.trim().split(/\s+/)[1]);
}

// a product: data, a state file and a var dir with backups (left out of the copy) in subvolume `prod`
sh('btrfs', ['subvolume', 'create', join(mount, 'prod')]);
const prod = join(mount, 'prod');
const data = join(prod, 'lib/acme');
const varDir = join(prod, 'var/upgrade-hook/acme');
const stateFile = join(prod, 'etc/acme.state');
mkdirSync(join(data, 'small'), { recursive: true });
mkdirSync(join(varDir, 'backups/1.0'), { recursive: true });
mkdirSync(join(prod, 'etc'), { recursive: true });
for (let i = 0; i < 8; i++)
  writeFileSync(join(data, `f${i}`), createHash('sha512').update(String(i)).digest().toString('hex').repeat(8192));
for (let i = 0; i < 200; i++) writeFileSync(join(data, 'small', String(i)), `${i}\n`);
writeFileSync(join(varDir, 'history.jsonl'), '{"event":"run-start"}\n');
writeFileSync(join(varDir, 'backups/1.0/big'), 'x'.repeat(1 << 20));
writeFileSync(stateFile, '[acme]\ndata_version = 1.1\n');
sh('sync', []);
const paths = [
  { path: data, skip: [] },
  { path: stateFile, skip: [] },
  { path: varDir, skip: ['rehearse', 'backups'] },
];
const out: Record<string, unknown> = {};
const rehearseDir = join(varDir, 'rehearse');

// 1. the snapshot: the copy equals the data, shares every extent with it, and no snapshot is left
{
  const work = join(rehearseDir, `run.${process.pid}`);
  const into = join(work, 'data');
  mkdirSync(into, { recursive: true });
  const plan = planCopy(paths, work);
  const c = consistentCopy([], paths, into, work, plan);
  out.snapshot = {
    method: plan.method,
    subvolumes: plan.method === 'snapshot' ? plan.snapshot.subvolumes : [],
    same:
      digest(join(into, data)) === digest(data) &&
      readFileSync(join(into, stateFile), 'utf8') === readFileSync(stateFile, 'utf8') &&
      digest(join(into, varDir)) === digest(varDir, ['rehearse', 'backups']),
    backupsCopied: existsSync(join(into, varDir, 'backups')),
    exclusive: exclusiveBytes(join(into, data)),
    leftSubvolumes: subvolumes(),
    gapMs: c.gapMs,
    copyMs: c.copyMs,
  };
  sh('rm', ['-rf', work]);
}

// 2. a subvolume nested in the data: a snapshot would show it empty, so the copy is a reflink copy of it all
{
  sh('btrfs', ['subvolume', 'create', join(data, 'nested')]);
  writeFileSync(join(data, 'nested/inner'), 'inside the nested subvolume\n');
  const work = join(rehearseDir, `run.${process.pid}`);
  const into = join(work, 'data');
  mkdirSync(into, { recursive: true });
  const plan = planCopy(paths, work);
  consistentCopy([], paths, into, work, plan);
  out.nested = {
    method: plan.method,
    inner: readFileSync(join(into, data, 'nested/inner'), 'utf8'),
    same: digest(join(into, data)) === digest(data),
  };
  sh('rm', ['-rf', work]);
  sh('btrfs', ['subvolume', 'delete', join(data, 'nested')]);
}

// 3. the run's directory on another filesystem (a tmpfs): no snapshot, no clone: a plain copy
{
  const other = join(mount, 'tmpfs-work');
  mkdirSync(other);
  sh('mount', ['-t', 'tmpfs', 'uh-btrfs-test', other]);
  const into = join(other, 'data');
  mkdirSync(into);
  const plan = planCopy(paths, other);
  consistentCopy([], paths, into, other, plan);
  out.otherFilesystem = { method: plan.method, same: digest(join(into, data)) === digest(data) };
  sh('umount', [other]);
}

// 3b. a subvolume whose parent another user can write: that user could swap the name for a link to another
// subvolume between the look and the snapshot, so no snapshot (cp, which does not follow a top-level link)
{
  const open = join(mount, 'open');
  mkdirSync(open);
  sh('chown', ['65534:65534', open]);
  sh('btrfs', ['subvolume', 'create', join(open, 'vol')]);
  writeFileSync(join(open, 'vol/f'), 'data\n');
  const work = join(rehearseDir, `run.${process.pid}`);
  const into = join(work, 'data');
  mkdirSync(into, { recursive: true });
  const openPaths = [{ path: join(open, 'vol'), skip: [] }];
  const plan = planCopy(openPaths, work);
  consistentCopy([], openPaths, into, work, plan);
  out.untrustedParent = { method: plan.method, copied: readFileSync(join(into, open, 'vol/f'), 'utf8') };
  sh('rm', ['-rf', work]);
  sh('btrfs', ['subvolume', 'delete', join(open, 'vol')]);
}

// 4. a rehearsal killed after its snapshot: the next one's sweep deletes the snapshot and the run
{
  const child = spawn(
    process.execPath,
    [
      '--input-type=module',
      '-e',
      `const m = await import(${JSON.stringify(new URL('../../src/sandbox/btrfs-snapshot.js', import.meta.url).href)});
       const fs = await import('node:fs');
       const work = ${JSON.stringify(rehearseDir)} + '/run.' + process.pid;
       fs.mkdirSync(work, { recursive: true });
       const paths = ${JSON.stringify(paths)};
       m.takeSnapshots(m.planSnapshot(paths, work), work);
       console.log(work); setInterval(() => {}, 1000);`,
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const work = await new Promise<string>((r) => child.stdout!.once('data', (b: Buffer) => r(b.toString().trim())));
  child.kill('SIGKILL');
  await new Promise((r) => child.once('exit', r));
  const before = subvolumes();
  // first with a subvolume inside the snapshot, which btrfs will not delete then: the sweep says so
  const snap = join(work, 'snap.0');
  sh('btrfs', ['property', 'set', '-ts', snap, 'ro', 'false']);
  sh('btrfs', ['subvolume', 'create', join(snap, 'inner')]);
  const warned: string[] = [];
  const removedBusy = sweepRehearsals({ varDir } as Descriptor, (l) => warned.push(l));
  const busyRunLeft = existsSync(work);
  sh('btrfs', ['subvolume', 'delete', join(snap, 'inner')]);
  const removed = sweepRehearsals({ varDir } as Descriptor);
  out.killed = {
    before,
    busy: { removed: removedBusy, warned, runLeft: busyRunLeft },
    removed,
    runLeft: existsSync(work),
    after: subvolumes(),
    work,
  };
}

sh('umount', [mount]);
process.stdout.write(`${JSON.stringify(out)}\n`);

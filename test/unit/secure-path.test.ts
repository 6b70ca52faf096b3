// The path rule for directories root writes in by name (fs/secure-path.ts `untrustedOnTheWay`): every
// directory on the way, as written and as resolved, root's (or a trusted uid's) and writable by nobody
// else unless sticky; a link on the way is followed only from a trusted directory. A fake file system.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Stats } from 'node:fs';
import { untrustedOnTheWay } from '../../src/fs/secure-path.js';

type Entry = { uid: number; mode: number; link?: string };
const dir = (uid: number, mode: number): Entry => ({ uid, mode: 0o040000 | mode });

function fs(entries: Record<string, Entry>) {
  // like lstat(2): every component but the last is followed
  const lstat = (p: string): Stats => {
    const cut = p.lastIndexOf('/');
    const parent = cut <= 0 ? '/' : realpath(p.slice(0, cut));
    const e = entries[p === '/' ? '/' : `${parent === '/' ? '' : parent}/${p.slice(cut + 1)}`];
    if (!e) throw Object.assign(new Error('ENOENT'), { code: 'ENOENT' });
    return {
      uid: e.uid,
      mode: e.mode,
      isDirectory: () => e.link === undefined,
      isSymbolicLink: () => e.link !== undefined,
    } as unknown as Stats;
  };
  function realpath(p: string): string {
    const parts = p.split('/').filter(Boolean);
    let at = '';
    for (const part of parts) {
      const next = `${at}/${part}`;
      at = entries[next]?.link ?? next;
    }
    return at || '/';
  }
  return { lstat, realpath };
}

const base = { '/': dir(0, 0o755), '/var': dir(0, 0o755), '/var/lib': dir(0, 0o755), '/tmp': dir(0, 0o1777) };

const rows: Array<{ why: string; path: string; entries: Record<string, Entry>; bad?: string }> = [
  { why: "root's directories all the way", path: '/var/lib/uh', entries: { ...base, '/var/lib/uh': dir(0, 0o755) } },
  {
    why: 'a directory a service account owns on the way',
    path: '/srv/acme/uh',
    entries: { ...base, '/srv': dir(0, 0o755), '/srv/acme': dir(998, 0o755), '/srv/acme/uh': dir(0, 0o755) },
    bad: '/srv/acme',
  },
  {
    why: 'a group-writable directory without the sticky bit',
    path: '/opt/x/uh',
    entries: { ...base, '/opt': dir(0, 0o755), '/opt/x': dir(0, 0o775), '/opt/x/uh': dir(0, 0o755) },
    bad: '/opt/x',
  },
  { why: 'the sticky /tmp', path: '/tmp/uh', entries: { ...base, '/tmp/uh': dir(0, 0o700) } },
  {
    why: "root's link in root's directory (/var/run -> /run) is followed, and /run checked",
    path: '/var/run/uh',
    entries: {
      ...base,
      '/run': dir(0, 0o755),
      '/var/run': { uid: 0, mode: 0o120777, link: '/run' },
      '/run/uh': dir(0, 0o755),
    },
  },
  {
    why: "a link to root's directory, in an account's home: the account can point it elsewhere",
    path: '/home/acme/var/uh',
    entries: {
      ...base,
      '/home': dir(0, 0o755),
      '/home/acme': dir(998, 0o755),
      '/home/acme/var': { uid: 998, mode: 0o120777, link: '/var/lib' },
      '/var/lib/uh': dir(0, 0o755),
    },
    bad: '/home/acme',
  },
  {
    why: "a root link in root's directory that leads below an account's directory",
    path: '/data/uh',
    entries: {
      ...base,
      '/data': { uid: 0, mode: 0o120777, link: '/srv/acme' },
      '/srv': dir(0, 0o755),
      '/srv/acme': dir(998, 0o755),
      '/srv/acme/uh': dir(0, 0o755),
    },
    bad: '/srv/acme',
  },
];

for (const row of rows) {
  test(`untrustedOnTheWay: ${row.why}`, () => {
    const f = fs(row.entries);
    const found = untrustedOnTheWay(row.path, [], f.lstat, f.realpath);
    assert.equal(found?.path, row.bad, found?.why);
  });
}

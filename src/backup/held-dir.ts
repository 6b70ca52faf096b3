// A directory held open and named through /proc/PID/fd/N. A name below that one resolves inside the
// directory opened, whatever is renamed or linked in its place meanwhile; rename, link, unlink, mkdir and
// a child `cp` (root may follow another process's fd links) all take such names. Root acting in a
// directory another user can write (a service account's /var/lib/acme) uses only these: never a path the
// account can redirect between a check and the use.
import { closeSync, constants, existsSync, fstatSync, lstatSync, openSync, readlinkSync, type Stats } from 'node:fs';
import { UpgradeHookError } from '../errors.js';

const { O_RDONLY, O_DIRECTORY, O_NOFOLLOW } = constants;
const DIR_FLAGS = O_RDONLY | O_DIRECTORY | O_NOFOLLOW;

export class HeldDir {
  private constructor(
    readonly fd: number,
    /** The name it was opened by (for messages and records; never used to reach it again). */
    readonly path: string,
  ) {}

  /** Opens `name` inside `parent`, never following a link there (ELOOP or ENOTDIR when it is one). */
  static openIn(parent: HeldDir, name: string): HeldDir {
    return new HeldDir(openSync(parent.at(name), DIR_FLAGS), `${parent.path.replace(/\/$/, '')}/${name}`);
  }

  /**
   * Opens an absolute directory path one component at a time from `/`. A symbolic link on the way is
   * followed only where it lies in a directory nobody but root can change (so it cannot be swapped
   * between this walk and later use); otherwise UNSAFE_PATH.
   */
  static openPath(path: string): HeldDir {
    requireProcFd();
    let dir = new HeldDir(openSync('/', DIR_FLAGS), '/');
    const todo = path.split('/').filter((c) => c !== '' && c !== '.');
    let links = 0;
    try {
      while (todo.length > 0) {
        const c = todo.shift()!;
        if (c === '..') {
          const up = new HeldDir(openSync(dir.at('..'), DIR_FLAGS), dir.realPath());
          dir.close();
          dir = up;
          continue;
        }
        let next: HeldDir;
        try {
          next = HeldDir.openIn(dir, c);
        } catch (e) {
          const code = (e as NodeJS.ErrnoException).code;
          if (code !== 'ELOOP' && code !== 'ENOTDIR') throw e;
          if (code === 'ENOTDIR' && !dir.lstatIn(c)?.isSymbolicLink()) throw e;
          const target = readlinkSync(dir.at(c));
          if (!onlyRootChanges(dir.stat()))
            throw new UpgradeHookError(
              'UNSAFE_PATH',
              `${dir.realPath().replace(/\/$/, '')}/${c} is a symbolic link in a directory another user can change, so it can be pointed elsewhere while root writes through it`,
              { hint: `replace the link by the real path in the descriptor, or make ${dir.realPath()} root's` },
            );
          if (++links > 40)
            throw Object.assign(new Error(`${path}: too many levels of symbolic links`), { code: 'ELOOP' });
          todo.unshift(...target.split('/').filter((x) => x !== '' && x !== '.'));
          if (target.startsWith('/')) {
            dir.close();
            dir = new HeldDir(openSync('/', DIR_FLAGS), '/');
          }
          continue;
        }
        dir.close();
        dir = next;
      }
    } catch (e) {
      dir.close();
      throw e;
    }
    return new HeldDir(dir.fd, path);
  }

  /** The name of `name` inside this directory, valid while it is held. */
  at(name: string): string {
    return `/proc/${process.pid}/fd/${this.fd}/${name}`;
  }

  /** The name of the directory itself, valid while it is held. */
  self(): string {
    return `/proc/${process.pid}/fd/${this.fd}`;
  }

  /** lstat of an entry (undefined when there is none). */
  lstatIn(name: string): Stats | undefined {
    try {
      return lstatSync(this.at(name));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw e;
    }
  }

  stat(): Stats {
    return fstatSync(this.fd);
  }

  /** Where the directory is now (it may have been renamed since it was opened). */
  realPath(): string {
    return readlinkSync(`/proc/self/fd/${this.fd}`);
  }

  close(): void {
    try {
      closeSync(this.fd);
    } catch {
      /* closed already */
    }
  }
}

/**
 * Owned by root (or by the caller itself, trying a product of its own) and writable by nobody else: no
 * entry in it can be swapped by another user. (fs/secure-path.ts's rule, for one directory.)
 */
export function onlyRootChanges(st: Stats): boolean {
  const euid = process.geteuid?.() ?? 0;
  return (st.uid === 0 || st.uid === euid) && (st.mode & 0o022) === 0;
}

export function requireProcFd(): void {
  if (!existsSync(`/proc/${process.pid}/fd`))
    throw new UpgradeHookError(
      'ROLLBACK_FAILED',
      '/proc is not mounted: rollback and the removal of set-aside data act on open directories through /proc/PID/fd, never by a path another user could redirect; nothing was changed',
      { hint: 'mount /proc (mount -t proc proc /proc), then rerun' },
    );
}

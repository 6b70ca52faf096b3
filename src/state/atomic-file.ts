// Crash-safe file writes: a reader sees the old content or the new one, never a mix, and a failure
// (full disk, permissions) leaves the old file as it was and no temporary file behind.
import { childProcess } from '../lazy-builtin.js';
import fs from 'node:fs';
import path from 'node:path';
import { UpgradeHookError, describeSystemError, type ErrorCode } from '../errors.js';
import { directoryProblem, unsafeAncestor } from '../fs/secure-path.js';
import { commandEnv } from '../proc/command-env.js';

const { O_CREAT, O_EXCL, O_NOFOLLOW, O_WRONLY, O_APPEND, O_NONBLOCK, O_RDONLY, O_DIRECTORY } = fs.constants;

export interface WriteOptions {
  /** Mode of a new file (an existing file keeps its own). Default 0o644. */
  mode?: number;
  /** Error code for failures. Default 'STATE_IO'. */
  code?: ErrorCode;
  /**
   * Give the new file the old one's ACL and extended attributes (user.*, security.selinux) too, not only
   * its owner and mode: one `cp` per write. For the state file, which admins and policies label.
   */
  keepAttributes?: boolean;
  /**
   * Hold the file's directory to the path rule (fs/secure-path.ts: every directory from / down root's or
   * the caller's, writable by no one else) before anything is created in it, and write through its real
   * path: root's later steps by name (the temporary file, the rename) then cannot be redirected. For the
   * state file, which may live below a service account's directory.
   */
  trustedDirectory?: boolean;
}

/** What to do about a failed write, in plain words. */
export function advice(e: unknown): string {
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOSPC' || code === 'EDQUOT') return 'free space and rerun';
  if (code === 'EACCES' || code === 'EPERM') return 'run as root or fix the permissions, then rerun';
  if (code === 'EROFS') return 'remount the file system read-write and rerun';
  return 'fix the cause and rerun';
}

export function ioError(code: ErrorCode, verb: string, file: string, e: unknown): UpgradeHookError {
  return new UpgradeHookError(code, `cannot ${verb} ${file}: ${describeSystemError(e)}; ${advice(e)}`, { cause: e });
}

// A rewrite is a new file renamed over the old name: the file's other names would keep the old content.
function refuseHardLinked(file: string, links: number): UpgradeHookError {
  return new UpgradeHookError(
    'UNSAFE_PATH',
    `refusing to write ${file}: it has ${links} hard links, and a rewrite (a new file renamed over this name) would leave the others with the old content`,
    {
      hint: `keep one name: find the others with find / -xdev -samefile ${file}, remove them (or make them symbolic links to ${file}), then rerun`,
    },
  );
}

function refuseSymlink(file: string): UpgradeHookError {
  return new UpgradeHookError(
    'UNSAFE_PATH',
    `refusing to write ${file}: it is a symbolic link; replace it with a regular file`,
  );
}

/** What a non-regular file is, in words. */
function fileKind(st: fs.Stats): string {
  if (st.isFIFO()) return 'a FIFO';
  if (st.isCharacterDevice()) return 'a character device';
  if (st.isBlockDevice()) return 'a block device';
  if (st.isSocket()) return 'a socket';
  return 'not a regular file';
}

function refuseSpecial(verb: string, file: string, st: fs.Stats): UpgradeHookError {
  return new UpgradeHookError(
    'UNSAFE_PATH',
    `refusing to ${verb} ${file}: it is ${fileKind(st)}, not a regular file; replace it with a regular file`,
  );
}

function lstatIfExists(file: string): fs.Stats | undefined {
  try {
    return fs.lstatSync(file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
}

function writeAll(fd: number, data: Buffer): void {
  for (let done = 0; done < data.length; ) done += fs.writeSync(fd, data, done, data.length - done);
}

// Makes a rename or a new directory entry durable; file systems that cannot fsync a directory say EINVAL.
export function fsyncDirectory(dir: string): void {
  const fd = fs.openSync(dir, O_RDONLY | O_DIRECTORY);
  try {
    fsyncOpenDirectory(fd);
  } finally {
    fs.closeSync(fd);
  }
}

function fsyncOpenDirectory(fd: number): void {
  try {
    fs.fsyncSync(fd);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EINVAL') throw e;
  }
}

// Node has no xattr API: GNU cp copies them. --preserve=mode carries the ACL (system.posix_acl_access),
// xattr every other extended attribute (user.*, security.selinux as it stands on the old file);
// --attributes-only leaves the new content alone. Not --preserve=all: the old timestamps would be wrong.
// cp gets the two files as descriptors the tool opened and checked (the old one O_NOFOLLOW, the new one
// O_EXCL) and names them /dev/fd/3 and /dev/fd/4: those reopen the open files themselves, so no rename
// or link in the directory can point cp at another file. Without /proc (a chroot) the names are used:
// the directory passed the path rule, so only root can change what they name.
const PROC_FD = '/proc/self/fd';

function copyAttributes(
  file: string,
  oldName: string,
  oldFd: number,
  temp: string,
  tempFd: number,
  code: ErrorCode,
): void {
  const byFd = fs.existsSync(PROC_FD);
  const r = childProcess().spawnSync(
    'cp',
    [
      '--attributes-only',
      '--preserve=mode,ownership,xattr',
      '--',
      byFd ? '/dev/fd/3' : oldName,
      byFd ? '/dev/fd/4' : temp,
    ],
    {
      env: commandEnv(),
      encoding: 'utf8',
      stdio: ['ignore', 'ignore', 'pipe', ...(byFd ? [oldFd, tempFd] : [])],
    },
  );
  if (r.status === 0) return;
  const why = r.error
    ? describeSystemError(r.error)
    : (r.stderr.trim().split('\n')[0] ?? '') || `cp ended with ${r.signal ?? `status ${r.status}`}`;
  throw new UpgradeHookError(
    code,
    `cannot write ${file}: its ACL and extended attributes (getfacl, getfattr -d -m -) could not be carried to the new copy, so it was left unchanged: ${why}`,
    {
      hint: `check that cp (GNU coreutils) works and that the file system takes the attributes ${file} has; or remove the attributes it cannot keep (setfacl -b, setfattr -x NAME), then rerun`,
    },
  );
}

// The directory a file is rewritten in, as a prefix for the names used there. It is opened from / down one
// component at a time, never through a link that a directory another account can change holds (a link in
// root's directories is followed: that is root's choice, e.g. /var/run); the directory reached must be root's
// (or the caller's) and writable by no one else, though an ancestor may be a service account's (acme's
// /var/lib/acme/sysupgrade). Every later name goes through /proc/self/fd/N, that open directory, so no
// rename or link above it can redirect the write. Without /proc (a chroot) the path must have no link and
// pass the path rule (fs/secure-path.ts) as a whole.
interface WriteDirectory {
  /** Prefix for names in the directory: /proc/self/fd/N, or (without /proc) its real path. */
  prefix: string;
  /** The open directory, when names go through it. */
  fd: number | undefined;
}

function refuseDirectory(file: string, where: string, why: string): UpgradeHookError {
  return new UpgradeHookError(
    'UNSAFE_PATH',
    `refusing to write ${file}: ${where} ${why}; another account could redirect root's write of it`,
    {
      hint: `make ${path.dirname(file)} a directory of root's, writable by no one else, reached through no link in another account's directory, then rerun`,
    },
  );
}

const MAX_LINKS = 40;

function writeDirectory(file: string, dir: string): WriteDirectory {
  const me = process.geteuid?.() ?? 0;
  const trusted = me === 0 ? [] : [me];
  if (!fs.existsSync(PROC_FD)) {
    const realDir = fs.realpathSync(dir);
    const unsafe = unsafeAncestor(realDir, trusted);
    if (unsafe) throw refuseDirectory(file, unsafe.path, unsafe.why);
    if (realDir !== path.resolve(dir))
      throw refuseDirectory(file, dir, 'leads through a link, which cannot be checked without /proc');
    return { prefix: realDir, fd: undefined };
  }
  let fd = fs.openSync('/', O_RDONLY | O_DIRECTORY);
  let shown = '/';
  // every directory so far root's and not writable by others: its links are root's own
  let safeSoFar = directoryProblem(fs.fstatSync(fd), trusted) === undefined;
  const todo = path.resolve(dir).split('/').filter(Boolean);
  let links = 0;
  try {
    while (todo.length > 0) {
      const name = todo.shift()!;
      if (name === '.') continue;
      const at = `${PROC_FD}/${fd}/${name}`;
      const st = fs.lstatSync(at);
      if (st.isSymbolicLink()) {
        if (!safeSoFar)
          throw refuseDirectory(
            file,
            path.join(shown, name),
            'is a symbolic link in a directory another account can change',
          );
        if (++links > MAX_LINKS) throw refuseDirectory(file, dir, 'leads through too many symbolic links');
        const target = fs.readlinkSync(at);
        todo.unshift(...target.split('/').filter(Boolean));
        if (target.startsWith('/')) {
          fs.closeSync(fd);
          fd = fs.openSync('/', O_RDONLY | O_DIRECTORY);
          shown = '/';
        }
        continue;
      }
      if (!st.isDirectory()) throw refuseDirectory(file, path.join(shown, name), 'is not a directory');
      let next: number;
      try {
        next = fs.openSync(at, O_RDONLY | O_DIRECTORY | O_NOFOLLOW);
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        if (code === 'ELOOP' || code === 'ENOTDIR')
          throw refuseDirectory(file, path.join(shown, name), 'was replaced while it was opened');
        throw e;
      }
      fs.closeSync(fd);
      fd = next;
      shown = name === '..' ? path.dirname(shown) : path.join(shown, name);
      safeSoFar &&= directoryProblem(fs.fstatSync(fd), trusted) === undefined;
    }
    const why = directoryProblem(fs.fstatSync(fd), trusted);
    if (why) throw refuseDirectory(file, shown, why);
    return { prefix: `${PROC_FD}/${fd}`, fd };
  } catch (e) {
    fs.closeSync(fd);
    throw e;
  }
}

// The existing file, opened never through a link and without blocking on a FIFO: what its attributes are
// taken from is exactly the file checked here.
function openOld(at: string, file: string): { fd: number; st: fs.Stats } | undefined {
  let fd: number;
  try {
    fd = fs.openSync(at, O_RDONLY | O_NOFOLLOW | O_NONBLOCK);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    // (a socket cannot be opened: ENXIO; the lstat that follows names what it is)
    if (code === 'ENOENT' || code === 'ENXIO') return undefined;
    if (code === 'ELOOP') throw refuseSymlink(file);
    throw e;
  }
  try {
    return { fd, st: fs.fstatSync(fd) };
  } catch (e) {
    fs.closeSync(fd);
    throw e;
  }
}

let tempCounter = 0;

export function writeFileAtomic(file: string, data: string | Buffer, opts: WriteOptions = {}): void {
  const code = opts.code ?? 'STATE_IO';
  const base = path.basename(file);
  let where: WriteDirectory = { prefix: path.dirname(file), fd: undefined };
  let fd: number | undefined;
  let oldFd: number | undefined;
  let temp: string | undefined;
  let tempCreated = false;
  try {
    if (opts.trustedDirectory) where = writeDirectory(file, where.prefix);
    const target = path.join(where.prefix, base);
    // Unique per process and call; O_EXCL below refuses any file already there (no crypto needed on this path).
    temp = path.join(where.prefix, `.${base}.tmp-${process.pid}-${++tempCounter}-${Date.now().toString(36)}`);
    const opened = opts.keepAttributes ? openOld(target, file) : undefined;
    oldFd = opened?.fd;
    const old = opened?.st ?? lstatIfExists(target);
    if (old?.isSymbolicLink()) throw refuseSymlink(file);
    // (a directory fails the rename with EISDIR, as before)
    if (old && !old.isFile() && !old.isDirectory()) throw refuseSpecial('write', file, old);
    if (old?.isFile() && old.nlink > 1) throw refuseHardLinked(file, old.nlink);
    fd = fs.openSync(temp, O_CREAT | O_EXCL | O_NOFOLLOW | O_WRONLY, 0o600);
    tempCreated = true;
    writeAll(fd, typeof data === 'string' ? Buffer.from(data, 'utf8') : data);
    const mine = fs.fstatSync(fd);
    if (old && (old.uid !== mine.uid || old.gid !== mine.gid)) fs.fchownSync(fd, old.uid, old.gid);
    fs.fchmodSync(fd, old ? old.mode & 0o7777 : (opts.mode ?? 0o644));
    // before the fsync, so that the attributes are on disk with the content
    if (old?.isFile() && oldFd !== undefined) copyAttributes(file, target, oldFd, temp, fd, code);
    fs.fsyncSync(fd);
    fs.closeSync(fd);
    fd = undefined;
    fs.renameSync(temp, target);
    tempCreated = false;
    if (where.fd !== undefined) fsyncOpenDirectory(where.fd);
    else fsyncDirectory(where.prefix);
  } catch (e) {
    if (fd !== undefined) fs.closeSync(fd);
    if (tempCreated && temp !== undefined) fs.rmSync(temp, { force: true });
    if (e instanceof UpgradeHookError) throw e;
    throw ioError(code, 'write', file, e);
  } finally {
    if (oldFd !== undefined) fs.closeSync(oldFd);
    if (where.fd !== undefined) fs.closeSync(where.fd);
  }
}

/** The most readFileIfExists reads: a state file holds a few KB; one larger than this is not one. */
export const MAX_READ_BYTES = 16 * 1024 * 1024;

// Opened non-blocking (a FIFO in the file's place must not hang the open), refused unless a regular file
// (a link to /dev/zero would be read forever) and never read past maxBytes (a file still growing).
export function readFileIfExists(
  file: string,
  code: ErrorCode = 'STATE_IO',
  maxBytes = MAX_READ_BYTES,
): Buffer | undefined {
  let fd: number;
  try {
    // never through a link: its target may be any file (/etc/shadow), whose lines a parse error would quote
    fd = fs.openSync(file, O_RDONLY | O_NONBLOCK | O_NOFOLLOW);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    if ((e as NodeJS.ErrnoException).code === 'ELOOP')
      throw new UpgradeHookError(
        'UNSAFE_PATH',
        `refusing to read ${file}: it is a symbolic link; replace it with a regular file`,
      );
    throw ioError(code, 'read', file, e);
  }
  try {
    const st = fs.fstatSync(fd);
    if (!st.isFile() && !st.isDirectory()) throw refuseSpecial('read', file, st);
    const buf = Buffer.alloc(Math.min(st.size, maxBytes) + 1);
    let got = 0;
    for (let n = -1; n !== 0 && got < buf.length; got += n) n = fs.readSync(fd, buf, got, buf.length - got, null);
    // the file grew while we read it: read on (up to the bound) rather than parse a cut copy
    if (got === buf.length) {
      const more = Buffer.alloc(maxBytes + 1);
      buf.copy(more);
      for (let n = -1; n !== 0 && got < more.length; got += n) n = fs.readSync(fd, more, got, more.length - got, null);
      if (got > maxBytes)
        throw new UpgradeHookError(
          'UNSAFE_PATH',
          `refusing to read ${file}: it is larger than ${maxBytes} bytes, which no state file is; restore it from a backup`,
        );
      return more.subarray(0, got);
    }
    return buf.subarray(0, got);
  } catch (e) {
    if (e instanceof UpgradeHookError) throw e;
    throw ioError(code, 'read', file, e);
  } finally {
    fs.closeSync(fd);
  }
}

export interface AppendLog {
  /**
   * Appends the line (a newline is added when missing) and, unless durable is false, waits until it and
   * every line before it are on disk.
   */
  append(line: string, durable?: boolean): void;
  close(): void;
}

// O_NONBLOCK so that a FIFO planted in the log's place fails at once instead of hanging the open.
export function openAppendLog(file: string, mode = 0o600, code: ErrorCode = 'STATE_IO'): AppendLog {
  let fd: number;
  let created = false;
  try {
    try {
      fd = fs.openSync(file, O_WRONLY | O_APPEND | O_CREAT | O_EXCL | O_NOFOLLOW | O_NONBLOCK, mode);
      created = true;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      fd = fs.openSync(file, O_WRONLY | O_APPEND | O_NOFOLLOW | O_NONBLOCK);
    }
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ELOOP') throw refuseSymlink(file);
    throw ioError(code, 'open', file, e);
  }
  try {
    if (!fs.fstatSync(fd).isFile()) {
      throw new UpgradeHookError('UNSAFE_PATH', `refusing to write ${file}: it is not a regular file; remove it`);
    }
    if (created) {
      fs.fchmodSync(fd, mode);
      fs.fsyncSync(fd);
      fsyncDirectory(path.dirname(file));
    }
  } catch (e) {
    fs.closeSync(fd);
    if (e instanceof UpgradeHookError) throw e;
    throw ioError(code, 'create', file, e);
  }
  let open = true;
  return {
    append(line: string, durable = true): void {
      if (!open) throw new UpgradeHookError(code, `cannot append to ${file}: it was already closed (a bug)`);
      try {
        writeAll(fd, Buffer.from(line.endsWith('\n') ? line : `${line}\n`, 'utf8'));
        if (durable) fs.fdatasyncSync(fd);
      } catch (e) {
        throw ioError(code, 'append to', file, e);
      }
    },
    close(): void {
      if (open) fs.closeSync(fd);
      open = false;
    },
  };
}

// Reads the scripts directories: package scripts, admin overrides and masks, leftovers, and hygiene problems.
import {
  closeSync,
  fstatSync,
  lstatSync,
  openSync,
  readSync,
  readdirSync,
  realpathSync,
  statSync,
  constants,
  type Stats,
} from 'node:fs';
import { dirname, join } from 'node:path';
import { unsafeAncestor } from '../fs/secure-path.js';
import {
  classifyName,
  compareScripts,
  SCRIPT_KINDS,
  type IgnoredFile,
  type MaskedScript,
  type ScriptFile,
  type ScriptKind,
} from './script.js';

export interface ScriptProblem {
  path: string;
  why: string;
}

export interface Discovery {
  scripts: ScriptFile[];
  ignored: IgnoredFile[];
  masked: MaskedScript[];
  problems: ScriptProblem[];
}

const HEADER_BYTES = 1024;

/** `trustedUids`: owners allowed besides root (the invoking user, so a non-root packager can test locally). */
export function discoverScripts(scriptsDir: string, adminDir: string | undefined, trustedUids: number[]): Discovery {
  const out: Discovery = { scripts: [], ignored: [], masked: [], problems: [] };
  const byKey = new Map<string, ScriptFile>();
  const roots: Array<[string, 'package' | 'admin']> = [[scriptsDir, 'package']];
  if (adminDir) roots.push([adminDir, 'admin']);
  // directories found safe from / down: each checked once per discovery
  const safe = new Set<string>();
  for (const [root, origin] of roots) {
    if (!checkDirectory(root, trustedUids, out, origin === 'package')) continue;
    const ancestor = unsafeAncestor(realpathSync(root), trustedUids, safe);
    if (ancestor) {
      out.problems.push({ path: ancestor.path, why: `${ancestor.why} (it holds the scripts ${root})` });
      continue;
    }
    for (const kind of SCRIPT_KINDS) {
      const dir = join(root, kind);
      if (!checkDirectory(dir, trustedUids, out, false)) continue;
      for (const entry of readdirSync(dir).sort()) {
        const path = join(dir, entry);
        const c = classifyName(entry);
        if (c.kind === 'ignored') {
          out.ignored.push({ path, why: c.why });
          continue;
        }
        if (c.kind === 'bad') {
          out.problems.push({ path, why: c.why });
          continue;
        }
        const key = `${kind}/${entry}`;
        if (origin === 'admin' && isMask(path)) {
          byKey.delete(key);
          out.masked.push({ name: entry, kind, path });
          continue;
        }
        // what runs is the real path checked here, from / down (a link may lead anywhere)
        let runPath: string;
        try {
          runPath = realpathSync(path);
        } catch (e) {
          out.problems.push({
            path,
            why: `cannot be read (${(e as NodeJS.ErrnoException).code}): a dangling link or wrong permissions`,
          });
          continue;
        }
        const ancestor = runPath === path ? undefined : unsafeAncestor(dirname(runPath), trustedUids, safe);
        if (ancestor) {
          out.problems.push({ path, why: `leads to ${runPath}, but ${ancestor.path} ${ancestor.why}` });
          continue;
        }
        const inspected = inspectScript(runPath, trustedUids);
        if ('problem' in inspected) {
          out.problems.push({ path, why: inspected.problem });
          continue;
        }
        byKey.set(key, {
          name: entry,
          number: c.number,
          kind,
          path,
          origin,
          timeoutSec: inspected.timeoutSec,
          fingerprint: inspected.fingerprint,
          runPath,
          identity: inspected.identity,
        });
      }
    }
  }
  out.scripts = [...byKey.values()].sort(compareScripts);
  return out;
}

/** Exists, is a directory, owned by root (or a trusted uid) and writable by no one else; else a problem in `out`. */
export function checkDirectory(
  dir: string,
  trustedUids: number[],
  out: Pick<Discovery, 'problems'>,
  required: boolean,
): boolean {
  let st: Stats;
  try {
    st = statSync(dir);
  } catch {
    if (required)
      out.problems.push({
        path: dir,
        why: 'scripts directory does not exist; create it or fix "scripts" in the descriptor',
      });
    return false;
  }
  if (!st.isDirectory()) {
    out.problems.push({ path: dir, why: 'is not a directory' });
    return false;
  }
  const why = ownershipProblem(st.uid, st.mode, trustedUids, 'directory');
  if (why) {
    out.problems.push({ path: dir, why });
    return false;
  }
  return true;
}

function isMask(path: string): boolean {
  try {
    const l = lstatSync(path);
    if (l.isSymbolicLink())
      return statSync(path).isCharacterDevice() && statSync(path).rdev === statSync('/dev/null').rdev;
    return false;
  } catch {
    return false;
  }
}

function ownershipProblem(uid: number, mode: number, trustedUids: number[], what: string): string | undefined {
  if (uid !== 0 && !trustedUids.includes(uid)) return `${what} is owned by uid ${uid}, not root: chown root it`;
  if (mode & 0o022) return `${what} is writable by ${mode & 0o002 ? 'anyone' : 'its group'}: chmod go-w it`;
  return undefined;
}

// One buffer for every script's head: discovery of 10,000 scripts allocates nothing per script.
const head = Buffer.alloc(HEADER_BYTES);
const TIMEOUT_LINE = /^#\s*upgrade-hook-timeout:\s*(\d+)\s*$/m;

// The checks of DESIGN §7 that make a script safe to run as root, unattended; reads only the script's head.
export function inspectScript(
  path: string,
  trustedUids: number[],
): { problem: string } | { timeoutSec: number | undefined; fingerprint: string; identity: string } {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (e) {
    return { problem: `cannot be read (${(e as NodeJS.ErrnoException).code}): a dangling link or wrong permissions` };
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) return { problem: 'is not a regular file' };
    const own = ownershipProblem(st.uid, st.mode, trustedUids, 'script');
    if (own) return { problem: own };
    if (!(st.mode & 0o100)) return { problem: 'is not executable: chmod 0755 it' };
    const n = readSync(fd, head, 0, HEADER_BYTES, 0);
    if (n < 2 || head[0] !== 0x23 || head[1] !== 0x21)
      return { problem: 'has no "#!" header on its first line: add one, e.g. #!/bin/sh' };
    const m = TIMEOUT_LINE.exec(head.subarray(0, n).toString('utf8'));
    return {
      timeoutSec: m ? Number(m[1]) : undefined,
      fingerprint: `${st.ino}:${st.size}:${st.mtimeMs}:${st.ctimeMs}`,
      identity: `${st.dev}:${st.ino}`,
    };
  } finally {
    closeSync(fd);
  }
}

export type { ScriptKind };

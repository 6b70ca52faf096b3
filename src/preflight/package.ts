// `preflight --package FILE|DIR`: the new build straight from its RPM (a downloaded package, or a directory of
// them as `dnf download` or Ansible's dnf download_only leaves them). The package that ships NAME's vendor
// descriptor is unpacked (rpm2archive | tar, files owned by root) into a fresh 0700 directory, which then
// serves as --new-root; its version is the package's own epoch:version-release. Removed afterwards.
import { spawnSync } from 'node:child_process';
import { lstatSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UpgradeHookError } from '../errors.js';
import { commandEnv } from '../proc/command-env.js';
import { isAlive } from '../proc/process-tree.js';

const ENV = commandEnv();

export interface UnpackedPackage {
  /** The root the package's files were unpacked into. */
  root: string;
  /** [epoch:]version-release of the package. */
  evr: string;
  file: string;
  remove(): void;
}

function query(file: string, format: string): string {
  const r = spawnSync('rpm', ['-qp', '--nosignature', '--nodigest', '--queryformat', format, file], {
    env: ENV,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (r.status !== 0)
    throw new UpgradeHookError(
      'USAGE',
      `cannot read the package ${file}: ${(r.stderr || r.error?.message || '').trim()}`,
      {
        hint: 'pass an RPM file, or a directory of RPM files',
      },
    );
  return r.stdout;
}

/** The RPM among FILE (or the RPMs in DIR) that ships `descriptor`; undefined when none does. */
export function packageShipping(fileOrDir: string, descriptor: string): string | undefined {
  let files: string[];
  try {
    files = statSync(fileOrDir).isDirectory()
      ? readdirSync(fileOrDir)
          .filter((n) => n.endsWith('.rpm') && !n.endsWith('.src.rpm'))
          .sort()
          .map((n) => join(fileOrDir, n))
      : [fileOrDir];
  } catch (e) {
    throw new UpgradeHookError('USAGE', `--package ${fileOrDir}: ${(e as NodeJS.ErrnoException).code ?? e}`, {
      hint: 'pass an RPM file, or a directory of RPM files',
    });
  }
  return files.find((f) => query(f, '[%{FILENAMES}\\n]').split('\n').includes(descriptor));
}

export function unpackPackage(file: string): UnpackedPackage {
  const evr = query(file, '%|EPOCH?{%{EPOCH}:}:{}|%{VERSION}-%{RELEASE}').trim();
  // a preflight killed (SIGKILL, the OOM killer, dnf killed) left its unpacked package: removed now
  sweepLeftovers(tmpdir());
  // mkdtemp makes it 0700: only root reads (and could change) what runs from it; the pid names its owner
  const root = mkdtempSync(join(tmpdir(), `${PREFIX}${process.pid}-`));
  const remove = () => rmSync(root, { recursive: true, force: true });
  const r = spawnSync(
    '/bin/sh',
    ['-c', 'rpm2archive - < "$1" | tar -xzf - -C "$2" --no-same-owner', 'unpack', file, root],
    {
      env: ENV,
      encoding: 'utf8',
    },
  );
  if (r.status !== 0) {
    remove();
    throw new UpgradeHookError('IO', `cannot unpack ${file}: ${(r.stderr || r.error?.message || '').trim()}`, {
      hint: 'rpm2archive (rpm) and tar must be installed',
    });
  }
  return { root, evr, file, remove };
}

const PREFIX = 'upgrade-hook-preflight-';

// Our own directories only (owner, no link, the name's pid gone): /tmp is shared, and a name is just a name.
function sweepLeftovers(dir: string): void {
  const euid = process.geteuid?.() ?? 0;
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => n.startsWith(PREFIX));
  } catch {
    return;
  }
  for (const name of names) {
    const pid = Number(/^upgrade-hook-preflight-(\d+)-/.exec(name)?.[1]);
    if (!Number.isInteger(pid) || pid === process.pid || isAlive(pid)) continue;
    const path = join(dir, name);
    try {
      const st = lstatSync(path);
      if (!st.isDirectory() || st.uid !== euid) continue;
      rmSync(path, { recursive: true, force: true });
    } catch {
      /* gone meanwhile, or not ours to judge */
    }
  }
}

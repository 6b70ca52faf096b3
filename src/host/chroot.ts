// Are we chrooted (rpm --root, dnf --installroot, an image build tool)? systemctl "succeeds" there without
// doing anything, so an upgrade must not run. Several signals, because /proc/1/root can be EACCES even for root.
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { readProcStat } from '../proc/proc-stat.js';

export interface ChrootVerdict {
  chroot: boolean;
  evidence: string;
}

const MAX_ANCESTORS = 64;

// systemd's tools let the environment decide first (virt.c running_in_chroot): SYSTEMD_IN_CHROOT as a
// boolean forces the answer (systemd 255+); SYSTEMD_IGNORE_CHROOT=1 skips the check (older tools). We follow
// them so an image builder that tells systemctl "not a chroot" gets the same answer from us.
export function detectChroot(root: string, env: NodeJS.ProcessEnv = {}): ChrootVerdict {
  const forced = parseSystemdBoolean(env.SYSTEMD_IN_CHROOT);
  if (forced !== undefined) return { chroot: forced, evidence: `SYSTEMD_IN_CHROOT=${env.SYSTEMD_IN_CHROOT}` };
  if (parseSystemdBoolean(env.SYSTEMD_IGNORE_CHROOT) === true) {
    return { chroot: false, evidence: `SYSTEMD_IGNORE_CHROOT=${env.SYSTEMD_IGNORE_CHROOT}` };
  }
  const ours = identity(root);
  if (ours === undefined) return { chroot: false, evidence: `cannot stat ${root}` };
  if (identity(join(root, 'proc/self')) === undefined) {
    return { chroot: true, evidence: '/proc is not mounted' };
  }
  const init = identity(join(root, 'proc/1/root'));
  if (init !== undefined) {
    return init === ours
      ? { chroot: false, evidence: '/ is the root of PID 1' }
      : { chroot: true, evidence: '/ differs from /proc/1/root' };
  }
  if (!mountinfoHasRoot(root)) {
    return { chroot: true, evidence: '/proc/self/mountinfo has no entry for /' };
  }
  const outsider = ancestorWithOtherRoot(root, ours);
  if (outsider !== undefined) {
    return { chroot: true, evidence: `/ differs from the root of ancestor process ${outsider}` };
  }
  return {
    chroot: false,
    evidence: '/proc/1/root is unreadable; / is a mount point and the root of every readable ancestor',
  };
}

// systemd's parse_boolean(): anything else (or unset) is no answer, and the detection goes on.
export function parseSystemdBoolean(value: string | undefined): boolean | undefined {
  const v = value?.toLowerCase();
  if (v === undefined) return undefined;
  if (['1', 'yes', 'y', 'true', 't', 'on'].includes(v)) return true;
  if (['0', 'no', 'n', 'false', 'f', 'off'].includes(v)) return false;
  return undefined;
}

// "dev:inode" of a path (following links), or undefined when it cannot be stat'ed (EACCES, ENOENT).
function identity(path: string): string | undefined {
  try {
    const st = statSync(path);
    return `${st.dev}:${st.ino}`;
  } catch {
    return undefined;
  }
}

// In a chroot whose root is not itself a mount point, the kernel hides the mount that holds it: no line has
// mount point "/". An unreadable mountinfo proves nothing.
function mountinfoHasRoot(root: string): boolean {
  let text: string;
  try {
    text = readFileSync(join(root, 'proc/self/mountinfo'), 'utf8');
  } catch {
    return true;
  }
  return text.split('\n').some((line) => line.split(' ')[4] === '/');
}

// rpm --root and `chroot CMD` leave the process that did the chroot outside it; walk up the parents
// (cheap: two small reads each) and compare their root with ours. "name (pid)" of the first that differs.
function ancestorWithOtherRoot(root: string, ours: string): string | undefined {
  let pid = readProcStat('self', root)?.ppid;
  for (let hops = 0; pid !== undefined && pid > 1 && hops < MAX_ANCESTORS; hops++) {
    const theirs = identity(join(root, 'proc', String(pid), 'root'));
    if (theirs !== undefined && theirs !== ours) return `${commandOf(root, pid)} (${pid})`;
    pid = readProcStat(pid, root)?.ppid;
  }
  return undefined;
}

function commandOf(root: string, pid: number): string {
  return readOrEmpty(join(root, 'proc', String(pid), 'comm')).trim() || 'pid';
}

function readOrEmpty(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}

// The starts a gate makes wait while it waits itself (a package transaction's fence, dnf's bridge, the
// product lock). A gate killed then (SIGKILL, the OOM killer) makes systemd drop those start jobs, and
// nothing else remembers them (issue 20, generator seed 150006: an admin's restart of an app during
// `dnf upgrade`, the gate killed at the fence, the app stayed down after the upgrade). The gate writes them
// here without the lock, one file per gate process, and removes the file when it exits; the next run takes
// the files of gates that are gone, under the lock, into the units it starts again.
import { mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../state/atomic-file.js';

export interface GateProcess {
  pid: number;
  /** Its start time (/proc/PID/stat): a pid reused by another process is not this gate. */
  start: string | undefined;
}

const dirOf = (varDir: string) => join(varDir, 'gate-waits');
const fileOf = (varDir: string, pid: number) => join(dirOf(varDir), String(pid));

export function keepGateWaits(varDir: string, gate: GateProcess, units: string[]): void {
  if (units.length === 0) return;
  mkdirSync(dirOf(varDir), { recursive: true, mode: 0o700 });
  // a temporary file O_EXCL|O_NOFOLLOW, fsynced, renamed: no link followed, no half-written record
  writeFileAtomic(
    fileOf(varDir, gate.pid),
    `${JSON.stringify({ pid: gate.pid, start: gate.start ?? null, units })}\n`,
    {
      mode: 0o600,
    },
  );
}

export function dropGateWaits(varDir: string, pid: number): void {
  rmSync(fileOf(varDir, pid), { force: true });
}

/**
 * The units of the gates that are gone (`alive` says no), after `keep` has them; their files go after it
 * returns, so a run killed in between finds them again. A file that does not parse goes too.
 */
export function takeOrphanedGateWaits(
  varDir: string,
  alive: (gate: GateProcess) => boolean,
  keep: (units: string[]) => void,
): string[] {
  let all: string[];
  try {
    all = readdirSync(dirOf(varDir));
  } catch {
    return [];
  }
  // the temporary file of a gate killed while it wrote (writeFileAtomic's .NAME.tmp-PID-…): nothing in it counts
  for (const n of all) {
    const writer = /^\.\d+\.tmp-(\d+)-/.exec(n)?.[1];
    if (writer && !alive({ pid: Number(writer), start: undefined })) rmSync(join(dirOf(varDir), n), { force: true });
  }
  const names = all.filter((n) => /^\d+$/.test(n));
  const gone: string[] = [];
  const units: string[] = [];
  for (const name of names) {
    const path = join(dirOf(varDir), name);
    try {
      const r = JSON.parse(readFileSync(path, 'utf8')) as { pid: number; start: string | null; units: string[] };
      if (alive({ pid: r.pid, start: r.start ?? undefined })) continue;
      for (const u of r.units) if (typeof u === 'string' && !units.includes(u)) units.push(u);
    } catch {
      /* unreadable: dropped below */
    }
    gone.push(path);
  }
  if (units.length > 0) keep(units);
  for (const path of gone) rmSync(path, { force: true });
  return units;
}

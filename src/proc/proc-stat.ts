// /proc/PID/stat, read one way for the whole tool. The command name (field 2) may hold spaces and ')', so the
// fields are split after the last ')'. proc(5) numbers them: 3 state, 4 ppid, 5 pgrp, 6 session, 22 starttime.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface ProcStat {
  pid: number;
  /** The command name, as the kernel keeps it (at most 15 bytes). */
  comm: string;
  /** R, S, D, Z (zombie), X (dead), T, t, ... */
  state: string;
  ppid: number;
  pgrp: number;
  session: number;
  /** Start time in clock ticks since boot: tells a reused pid apart (undefined if the line is cut short). */
  startTime: string | undefined;
}

export function parseProcStat(text: string): ProcStat | undefined {
  const open = text.indexOf(' (');
  const close = text.lastIndexOf(')');
  if (open < 0 || close < open) return undefined;
  const f = text.slice(close + 2).split(' ');
  const pid = Number(text.slice(0, open));
  const [state, ppid, pgrp, session, startTime] = [f[0], Number(f[1]), Number(f[2]), Number(f[3]), f[19]];
  if (!(pid > 0) || state === undefined || ![ppid, pgrp, session].every(Number.isInteger)) return undefined;
  return { pid, comm: text.slice(open + 2, close), state, ppid, pgrp, session, startTime };
}

/** The stat of a process (or `self`), or undefined when it is gone or unreadable. `root` lets tests use a fake /proc. */
export function readProcStat(pid: number | 'self', root = '/'): ProcStat | undefined {
  try {
    return parseProcStat(readFileSync(join(root, 'proc', String(pid), 'stat'), 'utf8'));
  } catch {
    return undefined;
  }
}

/** A zombie or a dead task has exited: it holds nothing and does nothing. */
export function hasExited(s: ProcStat): boolean {
  return s.state === 'Z' || s.state === 'X';
}

/** A process's arguments (/proc/PID/cmdline), or undefined when it is gone or unreadable. */
export function readArgv(pid: number): string[] | undefined {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
  } catch {
    return undefined;
  }
}

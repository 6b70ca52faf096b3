// Processes of a process group that are still alive (zombies waiting for PID 1 do not count), from /proc.
import { readdirSync } from 'node:fs';
import { hasExited, readProcStat } from '../../src/proc/proc-stat.js';
import { descendants } from '../../src/proc/process-tree.js';

export function liveMembers(pgid: number): number[] {
  const found: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = readProcStat(Number(entry));
    if (stat && stat.pgrp === pgid && !hasExited(stat)) found.push(stat.pid);
  }
  return found;
}

/** Waits until no live process is left in the group (SIGKILL is delivered at once, but exit takes a moment). */
export async function waitGroupGone(pgid: number, maxMs = 5000): Promise<number[]> {
  const until = Date.now() + maxMs;
  for (;;) {
    const left = liveMembers(pgid);
    if (left.length === 0 || Date.now() > until) return left;
    await new Promise((r) => setTimeout(r, 5));
  }
}

const signal = (target: number, s: NodeJS.Signals) => {
  try {
    process.kill(target, s);
  } catch {
    /* gone */
  }
};

/**
 * A power cut for a tool started in its own process group: scripts run in sessions of their own, so a
 * kill of the tool's group no longer reaches them. Freeze the group, then whatever runs below it (until
 * nothing new appears), then SIGKILL every frozen group and process at once.
 */
export function killWithScripts(pgid: number): void {
  signal(-pgid, 'SIGSTOP');
  const frozen = new Set<number>();
  for (let round = 0; round < 20; round++) {
    const fresh = descendants(pgid).filter((p) => !frozen.has(p));
    if (fresh.length === 0) break;
    for (const p of fresh) {
      signal(-p, 'SIGSTOP');
      signal(p, 'SIGSTOP');
      frozen.add(p);
    }
  }
  signal(-pgid, 'SIGKILL');
  for (const p of frozen) {
    signal(-p, 'SIGKILL');
    signal(p, 'SIGKILL');
  }
}

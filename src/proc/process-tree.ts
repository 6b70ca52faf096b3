// Kills a process and everything it started (a hung script's children too), found through /proc.
import { hasExited, readProcStat } from './proc-stat.js';
import { readFileSync, readdirSync } from 'node:fs';

export function descendants(pid: number): number[] {
  const out: number[] = [];
  const queue = [pid];
  while (queue.length > 0) {
    const p = queue.shift()!;
    let tasks: string[] = [];
    try {
      tasks = readdirSync(`/proc/${p}/task`);
    } catch {
      continue;
    }
    for (const t of tasks) {
      let children = '';
      try {
        children = readFileSync(`/proc/${p}/task/${t}/children`, 'utf8');
      } catch {
        continue;
      }
      for (const c of children.split(' ')) {
        const n = Number(c);
        if (n > 0 && !out.includes(n)) {
          out.push(n);
          queue.push(n);
        }
      }
    }
  }
  return out;
}

export function signalAll(pids: number[], signal: NodeJS.Signals): void {
  for (const p of pids) {
    try {
      process.kill(p, signal);
    } catch {
      /* already gone */
    }
  }
}

/** Signals a script's process group (its session: scripts run with setsid), which holds what it started
 * and what was reparented after its parent died, unless something left the group on purpose. */
export function signalGroup(leader: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-leader, signal);
  } catch {
    /* the group is gone */
  }
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    const stat = readProcStat(pid);
    return stat !== undefined && !hasExited(stat);
  } catch {
    return false;
  }
}

/**
 * Ends a hung script and everything it started: SIGTERM to the whole tree (collected first, so a child
 * reparented when its parent dies is not forgotten), then SIGKILL to whatever is left after the grace.
 * Resolves when all of them are gone.
 */
export async function terminateTree(pid: number, graceMs: number): Promise<void> {
  const victims = [pid, ...descendants(pid)];
  signalGroup(pid, 'SIGTERM');
  signalAll(victims, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  while (victims.some(isAlive)) {
    if (Date.now() >= deadline) {
      // Children may have started more children meanwhile: collect again before the last word.
      const survivors = victims.filter(isAlive);
      signalGroup(pid, 'SIGKILL');
      signalAll([...survivors, ...survivors.flatMap(descendants)], 'SIGKILL');
      return;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

// Kills a process and everything it started (a hung script's children too), found through /proc.
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

export function killTree(pid: number, signal: NodeJS.Signals): void {
  // Children first collected, then signalled together, so none escapes by being reparented mid-walk.
  for (const p of [pid, ...descendants(pid)]) {
    try {
      process.kill(p, signal);
    } catch {
      /* already gone */
    }
  }
}

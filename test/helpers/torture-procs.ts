// Processes of a process group that are still alive (zombies waiting for PID 1 do not count), from /proc.
import { readFileSync, readdirSync } from 'node:fs';

export function liveMembers(pgid: number): number[] {
  const found: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[2]) === pgid && fields[0] !== 'Z' && fields[0] !== 'X') found.push(Number(entry));
    } catch {
      /* gone */
    }
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

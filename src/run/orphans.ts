// Finds processes left from an upgrade run that was killed (an admin's kill -9 of the tool alone leaves its
// script running): they carry UPGRADE_HOOK_RUN=<run id> in their environment.
import { readFileSync, readdirSync } from 'node:fs';

export function processesOfRun(runId: string): number[] {
  const needle = `UPGRADE_HOOK_RUN=${runId}\0`;
  const found: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      if (`${readFileSync(`/proc/${entry}/environ`, 'latin1')}\0`.includes(needle)) found.push(Number(entry));
    } catch {
      /* gone, or not ours to read */
    }
  }
  return found;
}

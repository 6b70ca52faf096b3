// The units an upgrade stopped and must start again, kept in the product's var dir: a run killed between
// its stop and its start, a failed run, or a gate that hands the online phase to upgrade-hook-finish@
// leaves them here for the run that completes the upgrade.
import { readFileSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../state/atomic-file.js';

export const stoppedUnitsPath = (varDir: string) => join(varDir, 'stopped-units');

export function readStoppedUnits(varDir: string): string[] {
  try {
    const v = JSON.parse(readFileSync(stoppedUnitsPath(varDir), 'utf8')) as unknown;
    return Array.isArray(v) ? v.filter((u): u is string => typeof u === 'string') : [];
  } catch {
    return [];
  }
}

export function addStoppedUnits(varDir: string, units: string[]): string[] {
  const all = [...new Set([...readStoppedUnits(varDir), ...units])];
  if (all.length > 0) writeFileAtomic(stoppedUnitsPath(varDir), `${JSON.stringify(all)}\n`, { mode: 0o644 });
  return all;
}

export function forgetStoppedUnits(varDir: string): void {
  try {
    unlinkSync(stoppedUnitsPath(varDir));
  } catch {
    /* none */
  }
}

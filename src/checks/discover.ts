// Finds a product's check executables: every file in the checks directory but leftovers, held to the same
// rules as upgrade scripts (owned by root, writable by no one else, executable, a "#!" header).
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { checkDirectory, inspectScript, type ScriptProblem } from '../plan/discover.js';
import { isLeftover } from '../plan/script.js';

export interface CheckFile {
  name: string;
  path: string;
  /** From a `# upgrade-hook-timeout: SECONDS` line; undefined = the descriptor's check_timeout. */
  timeoutSec: number | undefined;
}

const CHECK_NAME = /^[A-Za-z0-9][A-Za-z0-9_.@+-]*$/;

export function discoverChecks(dir: string, trustedUids: number[]): { checks: CheckFile[]; problems: ScriptProblem[] } {
  const out: { checks: CheckFile[]; problems: ScriptProblem[] } = { checks: [], problems: [] };
  try {
    statSync(dir);
  } catch {
    out.problems.push({
      path: dir,
      why: 'checks directory does not exist; create it or fix "checks" in the descriptor',
    });
    return out;
  }
  if (!checkDirectory(dir, trustedUids, out, false)) return out;
  for (const entry of readdirSync(dir).sort()) {
    if (isLeftover(entry)) continue;
    const path = join(dir, entry);
    if (!CHECK_NAME.test(entry)) {
      out.problems.push({ path, why: 'is not a check name (letters, digits and . _ - @ +): rename it' });
      continue;
    }
    const inspected = inspectScript(path, trustedUids);
    if ('problem' in inspected) out.problems.push({ path, why: inspected.problem });
    else out.checks.push({ name: entry, path, timeoutSec: inspected.timeoutSec });
  }
  return out;
}

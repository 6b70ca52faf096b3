// Finds a product's check executables: every file in the checks directory but leftovers, held to the same
// rules as upgrade scripts (owned by root, writable by no one else, executable, a "#!" header) and to the
// path rule (every directory from / down to each check's real path root's; fs/secure-path.ts): checks
// run as root from check, gate, posttrans and status, which monitoring polls.
import { readdirSync, realpathSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { checkDirectory, inspectScript, type ScriptProblem } from '../script/discover.js';
import { isLeftover } from '../script/script.js';
import { unsafeAncestor } from '../fs/secure-path.js';

export interface CheckFile {
  name: string;
  path: string;
  /** From a `# upgrade-hook-timeout: SECONDS` line; undefined = the descriptor's check_timeout. */
  timeoutSec: number | undefined;
  /** The real path (no links) checked from / down at discovery: what is run. */
  runPath: string;
  /** dev:ino of the file checked at discovery; checked again right before it runs (script/verify-script.ts). */
  identity: string;
}

const CHECK_NAME = /^[A-Za-z0-9][A-Za-z0-9_.@+-]*$/;

export function discoverChecks(dir: string, trustedUids: number[]): { checks: CheckFile[]; problems: ScriptProblem[] } {
  const out: { checks: CheckFile[]; problems: ScriptProblem[] } = { checks: [], problems: [] };
  if (!checkDirectory(dir, trustedUids, out, false)) {
    // (checkDirectory says nothing of a missing directory; one that vanished between two looks is missing too)
    if (out.problems.length === 0)
      out.problems.push({
        path: dir,
        why: 'checks directory does not exist; create it or fix "checks" in the descriptor',
      });
    return out;
  }
  // what is listed and run is the real directory, checked from / down (a link may lead anywhere)
  let realDir: string;
  try {
    realDir = realpathSync(dir);
  } catch (e) {
    out.problems.push({ path: dir, why: `cannot be resolved (${(e as NodeJS.ErrnoException).code})` });
    return out;
  }
  const safe = new Set<string>();
  const ancestor = unsafeAncestor(realDir, trustedUids, safe);
  if (ancestor) {
    out.problems.push({
      path: ancestor.path,
      why: `${ancestor.why} (it holds the checks ${dir}, which root runs)`,
    });
    return out;
  }
  for (const entry of readdirSync(realDir).sort()) {
    if (isLeftover(entry)) continue;
    const path = join(dir, entry);
    if (!CHECK_NAME.test(entry)) {
      out.problems.push({ path, why: 'is not a check name (letters, digits and . _ - @ +): rename it' });
      continue;
    }
    let runPath: string;
    try {
      runPath = realpathSync(join(realDir, entry));
    } catch (e) {
      out.problems.push({
        path,
        why: `cannot be read (${(e as NodeJS.ErrnoException).code}): a dangling link or wrong permissions`,
      });
      continue;
    }
    const linked = dirname(runPath) === realDir ? undefined : unsafeAncestor(dirname(runPath), trustedUids, safe);
    if (linked) {
      out.problems.push({ path, why: `leads to ${runPath}, but ${linked.path} ${linked.why}` });
      continue;
    }
    const inspected = inspectScript(runPath, trustedUids);
    if ('problem' in inspected) out.problems.push({ path, why: inspected.problem });
    else
      out.checks.push({
        name: entry,
        path,
        timeoutSec: inspected.timeoutSec,
        runPath,
        identity: inspected.identity,
      });
  }
  return out;
}

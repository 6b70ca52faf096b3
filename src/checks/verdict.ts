// The exit protocol of a product's check executables, as a pure function: what one check's end means, and
// what all of them together say about the start of the product's services.

/** A check's exit status: 0 all is well, 4 an upgrade is needed (as `upgrade-hook check`), 3 a manual fix. */
export const CHECK_EXIT = { ok: 0, manualFix: 3, needsUpgrade: 4 } as const;

export type CheckVerdictKind = 'ok' | 'needs-upgrade' | 'manual-fix';

export interface CheckEnd {
  exitCode: number | null;
  signal: string | null;
  timedOut: boolean;
  timeoutSec: number;
  spawnError: string | undefined;
  /** The check's output lines (stdout first, then stderr), each already cut to a sane length. */
  stdout: string[];
  stderr: string[];
}

export interface CheckResult {
  /** The check's file name, e.g. postgresql. */
  name: string;
  path: string;
  verdict: CheckVerdictKind;
  /** The check's own first line, or what went wrong with it. */
  message: string;
  /** More lines of output for the admin, when the check failed in an unexpected way. */
  output: string[];
}

const MAX_OUTPUT_LINES = 5;

/** One check's end → its verdict. Anything but 0, 3 and 4 (a crash, a signal, a timeout) is a failed check: a manual fix. */
export function interpretCheck(name: string, path: string, end: CheckEnd): CheckResult {
  const lines = [...end.stdout, ...end.stderr].map((l) => l.trim()).filter(Boolean);
  const first = lines[0];
  const base = { name, path, output: [] as string[] };
  if (end.spawnError !== undefined)
    return { ...base, verdict: 'manual-fix', message: `the check could not be started: ${end.spawnError}` };
  if (end.timedOut)
    return {
      ...base,
      verdict: 'manual-fix',
      message: `the check did not answer within ${end.timeoutSec} s (killed)`,
      output: lines.slice(0, MAX_OUTPUT_LINES),
    };
  if (end.exitCode === CHECK_EXIT.ok) return { ...base, verdict: 'ok', message: first ?? 'ok' };
  if (end.exitCode === CHECK_EXIT.needsUpgrade)
    return { ...base, verdict: 'needs-upgrade', message: first ?? 'needs an upgrade' };
  if (end.exitCode === CHECK_EXIT.manualFix)
    return { ...base, verdict: 'manual-fix', message: first ?? 'needs a manual fix (the check said no more)' };
  const how = end.signal ? `was killed by ${end.signal}` : `failed with exit status ${end.exitCode}`;
  return {
    ...base,
    verdict: 'manual-fix',
    message: `the check ${how}${first ? `: ${first}` : ''}`,
    output: lines.slice(1, MAX_OUTPUT_LINES + 1),
  };
}

/** What the checks say together; undefined when the product has no checks (or none ran). */
export interface ChecksVerdict {
  results: CheckResult[];
  needsUpgrade: CheckResult[];
  manualFix: CheckResult[];
}

export function combineChecks(results: CheckResult[]): ChecksVerdict {
  return {
    results,
    needsUpgrade: results.filter((r) => r.verdict === 'needs-upgrade'),
    manualFix: results.filter((r) => r.verdict === 'manual-fix'),
  };
}

/** "check NAME: message" for each, joined: the one line a decision or a refusal quotes. */
export function describeChecks(rs: CheckResult[]): string {
  return rs.map((r) => `check ${r.name}: ${r.message}`).join('; ');
}

// `matrix`'s pure decisions (issue 24, docs/rehearse.md): which cases run, what each case's steps mean, the
// hidden required stop (a direct upgrade that ends on other data than the chained one) with the first
// differing hop and the min_data_version to declare, and the JUnit rendering. No I/O.
import { compareVersions, type VersionScheme } from '../version/index.js';

/** One step of a case, as the job inside the container measured it. */
export interface StepResult {
  /** e.g. `install 1.0`, `stamp`, `seed`, `upgrade 1.0 -> 1.2`, `check`, `digest` */
  step: string;
  /** The version the product's data should be at after the step (the chain's digests are per hop). */
  version: string;
  exit: number;
  ms: number;
  /** The last lines of its output. */
  tail: string;
  /** The digest hook's output, for `digest` steps. */
  digest?: string;
}

export type CaseVerdict = 'passed' | 'failed' | 'diverged' | 'not-run';

export interface CaseReport {
  /** `direct VERSION` or `chain` */
  name: string;
  from: string;
  /** The versions it goes through, from first to last (a direct case: [from, to]). */
  path: string[];
  verdict: CaseVerdict;
  /** One line: what failed, or how the digest differs. */
  message: string | null;
  ms: number;
  steps: StepResult[];
  /** The final digest (null when the case failed before it). */
  digest: string | null;
}

export interface HiddenStop {
  /** The from-version whose direct upgrade differs (the newest such). */
  from: string;
  /** The first differing hop of the chain: `from -> stop`. */
  hop: [string, string];
  /** What the new build's descriptor should declare. */
  minDataVersion: string;
}

export interface MatrixReport {
  schema: 1;
  product: string;
  to: string;
  released: string[];
  ok: boolean;
  cases: CaseReport[];
  hiddenStop: HiddenStop | null;
  /** A line that explains what could not be judged (the chain failed), or null. */
  note: string | null;
  ms: number;
}

/** The released versions, oldest first; the new build must be newer than every one. */
export function orderVersions(scheme: VersionScheme, versions: string[]): string[] {
  return [...versions].sort((a, b) => compareVersions(scheme, a, b));
}

/** The versions not older than the new build: a matrix upgrades each of them to it, so they are an error. */
export function notOlderThan(scheme: VersionScheme, released: string[], to: string): string[] {
  return released.filter((v) => compareVersions(scheme, v, to) >= 0);
}

/** A case's verdict from its steps: the first failing step fails it, with that step's message. */
export function judgeSteps(steps: StepResult[], expected: string[]): { verdict: CaseVerdict; message: string | null } {
  const bad = steps.find((s) => s.exit !== 0);
  if (bad) return { verdict: 'failed', message: `${bad.step} failed (exit ${bad.exit}): ${lastLine(bad.tail)}` };
  const missing = expected.filter((e) => !steps.some((s) => s.step === e));
  if (missing.length > 0)
    return { verdict: 'failed', message: `the container ended before ${missing[0]} (steps run: ${steps.length})` };
  return { verdict: 'passed', message: null };
}

/** The line that says what failed: the tool's own "upgrade failed" line, else the last error, else the last. */
export function lastLine(tail: string): string {
  const lines = tail
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '');
  const rev = [...lines].reverse();
  return rev.find((l) => /upgrade failed/.test(l)) ?? rev.find((l) => /^error:/i.test(l)) ?? rev[0] ?? '(no output)';
}

/** The final digest of a case: its last digest step, when every step passed. */
export function finalDigest(steps: StepResult[]): string | null {
  if (steps.some((s) => s.exit !== 0)) return null;
  const d = steps.filter((s) => s.step === 'digest').at(-1);
  return d?.digest ?? null;
}

/**
 * Direct cases (newest from-version last) against the chain. The newest direct case that does not end on the
 * chain's final digest (a different digest, or a failure) marks the hop: data at `from` must first be
 * upgraded to the next released version. Direct cases that agree are left passed; differing passed ones become
 * `diverged`. Returns the cases rewritten, the stop and a note when nothing could be judged.
 */
export function judgeMatrix(
  direct: CaseReport[],
  chain: CaseReport,
  released: string[],
  to: string,
): { cases: CaseReport[]; hiddenStop: HiddenStop | null; note: string | null } {
  if (chain.verdict !== 'passed' || chain.digest === null)
    return {
      cases: [...direct, chain],
      hiddenStop: null,
      note: 'the chained run did not pass: no direct upgrade can be compared with it',
    };
  const cases = direct.map((c) =>
    c.verdict === 'passed' && c.digest !== chain.digest
      ? {
          ...c,
          verdict: 'diverged' as const,
          message: `upgrading ${c.from} straight to ${to} ends on other data than the chain (digest ${short(c.digest)}, chain ${short(chain.digest)})`,
        }
      : c,
  );
  let stop: HiddenStop | null = null;
  // newest first: the first case that does not agree after newer ones that do
  for (let i = released.length - 1; i >= 0; i--) {
    const c = cases.find((x) => x.from === released[i]);
    if (!c || c.verdict === 'passed') continue;
    const next = released[i + 1] ?? to;
    if (c.verdict === 'diverged') stop = { from: c.from, hop: [c.from, next], minDataVersion: next };
    break;
  }
  return { cases: [...cases, chain], hiddenStop: stop, note: null };
}

function short(d: string | null): string {
  return d === null ? '-' : d.slice(0, 12);
}

export function matrixOk(cases: CaseReport[]): boolean {
  return cases.every((c) => c.verdict === 'passed');
}

/** The text report: one line per case, then the stop. */
export function describeMatrix(r: MatrixReport): string[] {
  const lines = [
    `${r.product}: matrix of ${r.released.length} released version(s) to ${r.to}: ${r.ok ? 'ok' : 'FAILED'} (${seconds(r.ms)})`,
  ];
  for (const c of r.cases) {
    lines.push(`  ${c.verdict.padEnd(8)} ${c.name} (${c.path.join(' -> ')}, ${seconds(c.ms)})`);
    if (c.message) lines.push(`    ${c.message}`);
  }
  if (r.hiddenStop) {
    const s = r.hiddenStop;
    lines.push(
      `  hidden required stop: ${s.hop[0]} -> ${s.hop[1]}: data at ${s.from} must be upgraded to ${s.hop[1]} first`,
      `    declare in the new build's descriptor: [product] min_data_version = ${s.minDataVersion}`,
    );
  }
  if (r.note) lines.push(`  note: ${r.note}`);
  return lines;
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

/** JUnit XML: one testsuite, one testcase per case; failed and diverged cases carry a <failure>. */
export function renderJunit(r: MatrixReport): string {
  const failures = r.cases.filter((c) => c.verdict !== 'passed').length;
  const out = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="upgrade-hook matrix" tests="${r.cases.length}" failures="${failures}" time="${secs(r.ms)}">`,
    `  <testsuite name="${xml(`${r.product} upgrades to ${r.to}`)}" tests="${r.cases.length}" failures="${failures}" time="${secs(r.ms)}">`,
  ];
  for (const c of r.cases) {
    out.push(`    <testcase classname="${xml(`${r.product}.upgrade`)}" name="${xml(c.name)}" time="${secs(c.ms)}">`);
    if (c.verdict !== 'passed') {
      const stop =
        r.hiddenStop && r.hiddenStop.from === c.from && c.name !== 'chain'
          ? `\nhidden required stop ${r.hiddenStop.hop.join(' -> ')}: declare min_data_version = ${r.hiddenStop.minDataVersion}`
          : '';
      out.push(
        `      <failure type="${c.verdict}" message="${xml(c.message ?? c.verdict)}">${xml(stepsText(c) + stop)}</failure>`,
      );
    }
    out.push(`      <system-out>${xml(stepsText(c))}</system-out>`, '    </testcase>');
  }
  out.push('  </testsuite>', '</testsuites>', '');
  return out.join('\n');
}

function stepsText(c: CaseReport): string {
  return c.steps.map((s) => `${s.step}: exit ${s.exit}, ${s.ms} ms${s.tail ? `\n${indent(s.tail)}` : ''}`).join('\n');
}

function indent(t: string): string {
  return t
    .split('\n')
    .map((l) => `  | ${l}`)
    .join('\n');
}

function secs(ms: number): string {
  return (ms / 1000).toFixed(3);
}

/** XML text and attribute escaping; characters XML 1.0 cannot carry become U+FFFD. */
export function xml(s: string): string {
  return s
    .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '\uFFFD')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

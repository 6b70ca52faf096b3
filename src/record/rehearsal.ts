// The last rehearsal's report (issue 24): VAR_DIR/rehearse/last.json, written by `rehearse`
// (sandbox/rehearse.ts), read by `plan` for the predicted downtime and by an upgrade for the ETA on its
// progress lines (plan/downtime.ts). A missing or unreadable report is no measurement.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { MeasuredRun } from './measured-run.js';

/** What a stored rehearsal says about an upgrade (the part of VAR_DIR/rehearse/last.json plan reads). */
export interface RehearsalSummary {
  at: string;
  from: string;
  to: string;
  ok: boolean;
  run: MeasuredRun | null;
}

export function rehearsalDirOf(varDir: string): string {
  return join(varDir, 'rehearse');
}

export function rehearsalReportPath(varDir: string): string {
  return join(rehearsalDirOf(varDir), 'last.json');
}

/** The part of the last report a prediction needs, or undefined. */
export function readRehearsalSummary(varDir: string): RehearsalSummary | undefined {
  try {
    const r = JSON.parse(readFileSync(rehearsalReportPath(varDir), 'utf8')) as Partial<RehearsalSummary>;
    if (typeof r.from !== 'string' || typeof r.to !== 'string' || typeof r.at !== 'string') return undefined;
    return { at: r.at, from: r.from, to: r.to, ok: r.ok === true, run: r.run ?? null };
  } catch {
    return undefined;
  }
}

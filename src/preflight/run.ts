// Carries out `preflight`: loads the new build (from --new-root, or the installed one), gathers the facts,
// decides the findings (plan/preflight-policy.ts), applies the admin's waivers, and shapes the report.
import type { CommandContext } from '../commands/command.js';
import { UpgradeHookError } from '../errors.js';
import type { Descriptor } from '../product/descriptor.js';
import { applyWaivers, type Finding, inhibited, preflightFindings } from '../plan/preflight-policy.js';
import { resolveBuildInfo } from '../product/build-info.js';
import { loadDescriptor } from '../product/load.js';
import { queryRpmVersion } from '../product/rpm-query.js';
import { gatherFacts } from './gather.js';
import { loadNewBuild } from './new-root.js';
import { readWaivers, today } from './waivers.js';

/** The JSON document of `preflight --json` (docs/preflight-json.md). */
export interface PreflightReport {
  schema: 1;
  product: string;
  /** The data version on disk (null: not configured). */
  from: string | null;
  /** The build judged. */
  to: string;
  inhibited: boolean;
  findings: Finding[];
}

export async function runPreflight(
  ctx: CommandContext,
  name: string,
): Promise<{ report: PreflightReport; lines: string[]; inhibited: boolean }> {
  const warn = (line: string) => ctx.terminal.warn(line);
  const d =
    ctx.options.newRoot !== undefined
      ? loadNewBuild(name, ctx.options.newRoot, ctx.env, warn, [ctx.euid])
      : loadDescriptor(name, ctx.env, warn, [ctx.euid]);
  const build = resolveBuildInfo(d, buildVersionOverride(d, ctx), queryRpmVersion);
  const facts = await gatherFacts(d, build, ctx.env, ctx.euid);
  const findings = applyWaivers(preflightFindings(facts), readWaivers(d.name, ctx.env, [ctx.euid]), today());
  const no = inhibited(findings);
  const report: PreflightReport = {
    schema: 1,
    product: d.name,
    from: facts.dataVersion ?? null,
    to: build.version,
    inhibited: no,
    findings,
  };
  return { report, lines: describe(report), inhibited: no };
}

/**
 * With --new-root the new build's version comes from its own files (build_version = file: read in DIR, or a
 * literal); only rpm:PACKAGE cannot be read before the package is installed, so there the caller's
 * --build-version (the dnf plugin passes the package's EVR) is the version, and it is required.
 */
function buildVersionOverride(d: Descriptor, ctx: CommandContext): string | undefined {
  if (ctx.options.newRoot === undefined) return ctx.options.buildVersion;
  if (d.buildVersion.kind !== 'rpm') return undefined;
  if (ctx.options.buildVersion === undefined)
    throw new UpgradeHookError(
      'USAGE',
      `${d.name}: build_version = rpm:${d.buildVersion.package} cannot be read from ${ctx.options.newRoot} before the package is installed: pass the new package's version with --build-version EVR`,
    );
  return ctx.options.buildVersion;
}

function describe(r: PreflightReport): string[] {
  const head = `${r.product}: preflight of ${r.to} on data ${r.from ?? '(not configured)'}: ${r.inhibited ? 'INHIBITED' : 'ok'}`;
  const lines = [head];
  for (const f of r.findings) {
    const tag = f.inhibitor ? 'inhibitor' : f.waiver && !f.waiver.expired ? 'waived' : 'warning';
    lines.push(`  ${tag} [${f.key}]: ${f.title}`);
    if (f.waiver)
      lines.push(
        `    waiver (${f.waiver.file}): ${f.waiver.reason}${f.waiver.expires ? `; ${f.waiver.expired ? 'expired' : 'until'} ${f.waiver.expires}` : ''}`,
      );
    if (f.inhibitor || !f.waiver) lines.push(`    fix: ${f.remediation}${f.command ? ` (${f.command})` : ''}`);
  }
  return lines;
}

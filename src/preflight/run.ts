// Carries out `preflight`: loads the new build (from --new-root, or the installed one), gathers the facts,
// decides the findings (plan/preflight-policy.ts), applies the admin's waivers, and shapes the report.
import type { CommandContext } from '../command.js';
import { UpgradeHookError } from '../errors.js';
import type { Descriptor } from '../product/descriptor.js';
import { applyWaivers, type Finding, inhibited, preflightFindings } from '../plan/preflight-policy.js';
import { resolveBuildInfo } from '../product/build-info.js';
import { loadDescriptor, searchPath } from '../product/load.js';
import { join } from 'node:path';
import { packageShipping, unpackPackage } from './package.js';
import { queryRpmVersion } from '../product/rpm-query.js';
import { gatherFacts } from './gather.js';
import { loadNewBuild } from './new-root.js';
import { readWaivers, today, waiversFile } from './waivers.js';

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
  /** Where the admin's waivers for this product live. */
  waiversFile: string;
}

type Outcome = { report: PreflightReport; lines: string[]; inhibited: boolean };

export async function runPreflight(ctx: CommandContext, name: string): Promise<Outcome> {
  const { newRoot, package: pkg } = ctx.options;
  if (newRoot !== undefined && pkg !== undefined)
    throw new UpgradeHookError('USAGE', 'preflight takes --new-root DIR or --package RPM|DIR, not both');
  if (pkg === undefined) return judge(ctx, name, newRoot, ctx.options.buildVersion);
  const file = packageShipping(pkg, join(searchPath(ctx.env)[0] ?? '', `${name}.conf`));
  if (file === undefined) {
    // the transaction does not update this product: nothing of it to judge
    const report: PreflightReport = {
      schema: 1,
      product: name,
      from: null,
      to: '',
      inhibited: false,
      findings: [],
      waiversFile: waiversFile(name, ctx.env),
    };
    return {
      report,
      lines: [`${name}: preflight: no package in ${pkg} ships ${name}'s descriptor: nothing to judge`],
      inhibited: false,
    };
  }
  const unpacked = unpackPackage(file);
  try {
    return await judge(ctx, name, unpacked.root, unpacked.evr);
  } finally {
    unpacked.remove();
  }
}

async function judge(
  ctx: CommandContext,
  name: string,
  newRoot: string | undefined,
  version: string | undefined,
): Promise<Outcome> {
  const warn = (line: string) => ctx.terminal.warn(line);
  const d =
    newRoot !== undefined
      ? loadNewBuild(name, newRoot, ctx.env, warn, [ctx.euid])
      : loadDescriptor(name, ctx.env, warn, [ctx.euid]);
  const build = resolveBuildInfo(d, buildVersionOverride(d, newRoot, version), queryRpmVersion);
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
    waiversFile: waiversFile(d.name, ctx.env),
  };
  return { report, lines: describe(report), inhibited: no };
}

/**
 * With --new-root the new build's version comes from its own files (build_version = file: read in DIR, or a
 * literal); only rpm:PACKAGE cannot be read before the package is installed, so there the caller's
 * --build-version (the dnf plugin passes the package's EVR) is the version, and it is required.
 */
function buildVersionOverride(
  d: Descriptor,
  newRoot: string | undefined,
  version: string | undefined,
): string | undefined {
  if (newRoot === undefined) return version;
  if (d.buildVersion.kind !== 'rpm') return undefined;
  if (version === undefined)
    throw new UpgradeHookError(
      'USAGE',
      `${d.name}: build_version = rpm:${d.buildVersion.package} cannot be read from ${newRoot} before the package is installed: pass the new package's version with --build-version EVR`,
    );
  return version;
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
    // the way past it that needs no new build: said once per inhibitor, with the file and the key
    if (f.inhibitor) lines.push(`    or waive it: [waiver ${f.key}] with reason = and expires = in ${r.waiversFile}`);
  }
  return lines;
}

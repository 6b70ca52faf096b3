// `plan`: what an upgrade would run, in which phase and why, what is ignored or masked; runs nothing.
import { EXIT, type ExitStatus } from '../errors.js';
import { fileChecksum } from '../plan/checksum.js';
import { discoverScripts } from '../script/discover.js';
import { planUpgrade, type PlannedStep } from '../plan/planner.js';
import { rolesUpIn, type Descriptor } from '../product/descriptor.js';
import { productRecords } from '../record/stores.js';
import type { CommandContext } from '../command.js';
import { describeTopology, topologyReport } from '../systemd/topology-report.js';
import { loadProduct, viewProduct } from './product-context.js';
import { disagreementWithDescriptor, resolveBuildInfo } from '../product/build-info.js';
import { queryRpmVersion } from '../product/rpm-query.js';
import { productsSharingVarDir, sharedVarDirProblem } from '../product/shared-var-dir.js';
import {
  productsSharingBackupDir,
  sharedBackupDirProblem,
  unsafeBackupDir,
  untrustedLink,
} from '../backup/backup-dir.js';
import { backupOutlook } from '../backup/outlook.js';
import { describePrediction, predictDowntime, type Prediction } from '../plan/downtime.js';
import { readRehearsalSummary } from '../record/rehearsal.js';

export async function run(ctx: CommandContext): Promise<ExitStatus> {
  const d = loadProduct(ctx, ctx.args[0]!);
  const v = viewProduct(ctx, d);
  const found = discoverScripts(d.scriptsDir, d.adminScriptsDir, [ctx.euid]);
  const history = productRecords(d).history.summary();
  const p = planUpgrade({
    scripts: found.scripts,
    phases: d.phases,
    history,
    target: v.build.version,
    force: ctx.options.force,
    checksum: (s) => fileChecksum(s.path),
  });
  const problems = [...found.problems, ...p.problems];
  // given the package's version (as the RPM macro passes it to posttrans): it must agree with build_version
  const fromPackage = ctx.options.buildVersion;
  const disagreement =
    fromPackage === undefined
      ? undefined
      : disagreementWithDescriptor(d, fromPackage, resolveBuildInfo(d, undefined, queryRpmVersion));
  if (disagreement) problems.push({ path: d.sources[d.sources.length - 1] ?? d.name, why: disagreement });
  const shared = sharedVarDirProblem(d, productsSharingVarDir(d, ctx.env));
  if (shared) problems.push({ path: d.sources[d.sources.length - 1] ?? d.name, why: shared });
  const sharedBackups = sharedBackupDirProblem(d, productsSharingBackupDir(d, ctx.env));
  if (sharedBackups) problems.push({ path: d.sources[d.sources.length - 1] ?? d.name, why: sharedBackups });
  if (d.backup) {
    const unsafeDir = unsafeBackupDir(d.backup.dir, [ctx.euid]);
    if (unsafeDir) problems.push({ path: d.backup.dir, why: unsafeDir });
    for (const p of d.backup.paths) {
      const link = untrustedLink(p, [ctx.euid]);
      if (link) problems.push({ path: p, why: link });
    }
  }
  const units = await topologyReport(d, ctx.env).catch(() => undefined);
  const backup = backupOutlook(
    d,
    productRecords(d).history.records(),
    p.steps.filter((s) => s.action === 'run').length,
  );
  const prediction = predictionFor(
    d,
    v.stored.dataVersion,
    idleFor(v.decision.kind, ctx.options.force) ? undefined : v.build.version,
  );
  if (ctx.options.json) {
    const step = (s: PlannedStep) => ({
      script: s.script.name,
      kind: s.script.kind,
      phase: s.phase,
      action: s.action,
      why: s.why,
      path: s.script.path,
      origin: s.script.origin,
    });
    ctx.print(
      JSON.stringify(
        {
          product: d.name,
          decision: v.decision.kind,
          message: v.decision.message,
          steps: p.steps.map(step),
          cleanup: p.cleanup.map(step),
          ignored: found.ignored,
          masked: found.masked,
          units: units ?? null,
          changed: p.changed.map((c) => ({
            script: c.script.name,
            path: c.script.path,
            ranSum: c.ranSum,
            nowSum: c.nowSum,
          })),
          problems,
          backup,
          downtime: downtimeJson(prediction),
        },
        null,
        2,
      ),
    );
    return problems.length > 0 ? EXIT.config : EXIT.ok;
  }
  const out: string[] = [`${d.name}: ${v.decision.message}`];
  for (const phase of d.phases) {
    out.push('', `phase ${phase.name} (${pad(phase.from)}-${pad(phase.to)}): ${servicesUp(d, phase.name)}`);
    const steps = p.steps.filter((s) => s.phase === phase.name);
    if (steps.length === 0) out.push('  (no scripts)');
    for (const s of steps) out.push(line(s));
  }
  if (p.cleanup.length > 0) {
    out.push('', 'cleanup (after the phases, also after a failure):');
    for (const s of p.cleanup) out.push(line(s));
  }
  for (const m of found.masked) out.push(`masked by the admin: ${m.kind}/${m.name} (${m.path} -> /dev/null)`);
  for (const c of p.changed)
    out.push(
      `changed since it ran (not rerun): ${c.script.path}; to accept it: upgrade-hook resolve ${d.name} ${c.script.name} --reason TEXT`,
    );
  for (const i of found.ignored) out.push(`ignored: ${i.path} (${i.why})`);
  for (const pr of problems) out.push(`PROBLEM: ${pr.path}: ${pr.why}`);
  if (units) out.push('', ...describeTopology(units, d));
  if (backup) out.push('', backup.line, ...backup.notes);
  out.push(...downtimeLines(prediction));
  const toRun = p.steps.filter((s) => s.action === 'run').length;
  const idle = v.decision.kind !== 'needed' && !ctx.options.force;
  const summary = idle
    ? `nothing would run (${v.decision.kind}); with --force, run would run ${toRun} script(s)`
    : `${toRun} script(s) would run${p.cleanup.length ? `, then ${p.cleanup.length} cleanup script(s)` : ''}`;
  out.push('', `${summary}${problems.length ? `; ${problems.length} problem(s) stop the upgrade` : ''}`);
  ctx.print(out.join('\n'));
  return problems.length > 0 ? EXIT.config : EXIT.ok;
}

const idleFor = (kind: string, force: boolean) => kind !== 'needed' && !force;

/**
 * The predicted downtime (issue 24): of the pending upgrade to `to`, or with none pending, of the upgrade the last
 * rehearsal from this data version tried. From the last rehearsal or this host's history; none without one.
 */
function predictionFor(d: Descriptor, from: string | undefined, to: string | undefined): Prediction {
  const last = readRehearsalSummary(d.varDir);
  const target = to ?? (last && last.from === from ? last.to : undefined);
  if (target === undefined) return { kind: 'none', from };
  return predictDowntime(from, target, last, productRecords(d).history.records());
}

// without a measurement plan says nothing about time (never a guess); rehearse --help says how to get one
function downtimeLines(p: Prediction): string[] {
  if (p.kind === 'none') return [];
  return ['', ...describePrediction(p)];
}

// plan --json's `downtime`: null without a measurement, never a guessed number
function downtimeJson(p: Prediction) {
  if (p.kind === 'none') return null;
  return {
    measuredBy: p.kind,
    ...(p.kind === 'rehearsal' ? { at: p.at } : { run: p.run.run }),
    from: p.from,
    to: p.to,
    downtimeMs: p.run.downtimeMs,
    runMs: p.run.runMs,
    steps: p.run.steps.map((s) => ({ script: s.script, phase: s.phase, ms: s.ms, result: s.result })),
  };
}

const pad = (n: number) => String(n).padStart(4, '0');
const line = (s: PlannedStep) =>
  `  ${s.action === 'run' ? 'run ' : 'skip'}  ${`${s.script.kind}/${s.script.name}`.padEnd(36)} ${s.why}${s.script.origin === 'admin' ? ' [admin override]' : ''}`;

function servicesUp(d: Descriptor, phase: string): string {
  const roles = rolesUpIn(phase);
  if (roles.length === 0) return 'all product services stopped';
  const names = d.services.filter((s) => roles.includes(s.role)).map((s) => s.name);
  return names.length ? `up: ${names.join(', ')}` : `${roles.join(' and ')} services up (none declared)`;
}

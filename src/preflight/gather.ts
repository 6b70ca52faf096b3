// Gathers what preflight judges: today's data, records and free space, read against the new build's own
// descriptor, scripts and checks. Changes nothing (the new build's checks run, as `check` runs them).
import { backupOutlook } from '../backup/outlook.js';
import { runChecks } from '../checks/run.js';
import { fileChecksum } from '../plan/checksum.js';
import { compareVersions } from '../version/index.js';
import { discoverScripts } from '../script/discover.js';
import { planUpgrade } from '../plan/planner.js';
import type { PreflightFacts } from '../plan/preflight-policy.js';
import type { BuildInfo } from '../product/build-info.js';
import type { Descriptor } from '../product/descriptor.js';
import { readStoredState } from '../product/stored-state.js';
import { productPaths } from '../record/paths.js';
import { readRolledBack } from '../record/rolled-back.js';
import { fileRecords } from '../record/stores.js';

export async function gatherFacts(
  d: Descriptor,
  build: BuildInfo,
  env: NodeJS.ProcessEnv,
  euid: number,
): Promise<PreflightFacts> {
  const paths = productPaths(d);
  const records = fileRecords(paths);
  const stored = readStoredState(d);
  const marker = records.marker.read();
  const base: PreflightFacts = {
    product: d.name,
    scheme: d.versionScheme,
    dataVersion: stored.dataVersion,
    dataPlatform: stored.platform,
    newVersion: build.version,
    newPlatform: build.platform,
    minDataVersion: d.minDataVersion,
    marker,
    rolledBackBuilds: readRolledBack(paths.varDir),
    backupProblem: undefined,
    manualFixChecks: [],
    changedOnceScripts: [],
    scriptProblems: [],
    autoUpgrade: d.autoUpgrade,
  };
  if (stored.dataVersion === undefined) return base;
  const found = discoverScripts(d.scriptsDir, d.adminScriptsDir, [euid]);
  const plan = planUpgrade({
    scripts: found.scripts,
    phases: d.phases,
    history: records.history.summary(),
    target: build.version,
    force: false,
    checksum: (s) => fileChecksum(s.path),
  });
  const upgrades = compareVersions(d.versionScheme, stored.dataVersion, build.version) < 0;
  const toRun = plan.steps.filter((s) => s.action === 'run').length;
  const backup = upgrades ? backupOutlook(d, records.history.records(), toRun) : undefined;
  const checks = d.checksDir
    ? await runChecks({ descriptor: d, dataVersion: stored.dataVersion, buildVersion: build.version, env, euid })
    : undefined;
  return {
    ...base,
    backupProblem: backup?.problem ?? undefined,
    manualFixChecks: (checks?.manualFix ?? []).map((c) => ({ name: c.name, message: c.message })),
    changedOnceScripts: plan.changed.map((c) => c.script.name),
    scriptProblems: [...found.problems, ...plan.problems],
  };
}

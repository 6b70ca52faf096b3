// Preflight (issue 23): what the NEW build's own rules say about the data on disk, before the package
// transaction changes anything. Pure: the facts come in, the findings go out; `upgrade-hook preflight` gathers
// the facts (src/preflight/) and the dnf plugin vetoes the transaction on any inhibitor.
import type { VersionScheme } from '../version/index.js';
import { compareVersions } from '../version/index.js';

export interface Finding {
  /** Stable name of the finding: what a waiver names (`[waiver KEY]`). */
  key: string;
  /** true: the upgrade must not be installed (dnf aborts); false: a warning. */
  inhibitor: boolean;
  title: string;
  remediation: string;
  /** The one command that helps, when there is one. */
  command: string | null;
  /** Set when a waiver turned an inhibitor into a warning, or when an expired one no longer does. */
  waiver?: { reason: string; expires: string | null; expired: boolean; file: string };
}

export interface PreflightFacts {
  product: string;
  scheme: VersionScheme;
  /** The data version on disk; undefined: the product is not configured (nothing to upgrade). */
  dataVersion: string | undefined;
  dataPlatform: string | undefined;
  /** The new build: its version and platform (from the new package's files). */
  newVersion: string;
  newPlatform: string | undefined;
  /** The new descriptor's min_data_version: data older than this cannot be upgraded by this build. */
  minDataVersion: string | undefined;
  marker: { state: string; reason: string; to?: string | undefined; detail?: string | undefined } | undefined;
  /** Builds a rollback took the data back from (record/rolled-back.ts). */
  rolledBackBuilds: Array<{ build: string; at: string; backup: string | null }>;
  /** The backup the upgrade would take, and whether it fits. */
  backupProblem: string | undefined;
  /** Checks of the new build answering "manual fix" (3), each "NAME: message". */
  manualFixChecks: Array<{ name: string; message: string }>;
  /** Once-scripts of the new build already applied whose content differs from what ran. */
  changedOnceScripts: string[];
  /** What discovery and the planner refuse in the new build's scripts (the rules of lint). */
  scriptProblems: Array<{ path: string; why: string }>;
  autoUpgrade: boolean;
}

const f = (key: string, inhibitor: boolean, title: string, remediation: string, command: string | null): Finding => ({
  key,
  inhibitor,
  title,
  remediation,
  command,
});

export function preflightFindings(x: PreflightFacts): Finding[] {
  const out: Finding[] = [];
  const n = x.product;
  if (x.dataVersion === undefined) {
    out.push(
      f(
        'not-configured',
        false,
        `${n} is not configured: there is no data to upgrade yet`,
        'nothing to do: the installer configures it after the package is installed',
        null,
      ),
    );
    return out;
  }
  if (x.newPlatform !== undefined && x.dataPlatform !== undefined && x.newPlatform !== x.dataPlatform)
    out.push(
      f(
        'platform',
        true,
        `the new build is for platform "${x.newPlatform}", the data was upgraded on "${x.dataPlatform}"`,
        'moving data between platforms is not supported: install the build of this platform',
        null,
      ),
    );
  const order = compareVersions(x.scheme, x.dataVersion, x.newVersion);
  if (order > 0)
    out.push(
      f(
        'downgrade',
        true,
        `the new build ${x.newVersion} is older than the data (${x.dataVersion})`,
        `install ${x.dataVersion} or newer; to go back to older data, restore a backup first (upgrade-hook rollback ${n})`,
        `upgrade-hook backup list ${n}`,
      ),
    );
  if (x.minDataVersion !== undefined && compareVersions(x.scheme, x.dataVersion, x.minDataVersion) < 0)
    out.push(
      f(
        'min-data-version',
        true,
        `build ${x.newVersion} upgrades data of ${x.minDataVersion} or newer; the data is ${x.dataVersion} (a required stop)`,
        `upgrade to a build of at least ${x.minDataVersion} (and older than ${x.newVersion}) first, let its upgrade finish, then install ${x.newVersion}`,
        `upgrade-hook status ${n}`,
      ),
    );
  const m = x.marker;
  if (m?.state === 'failed' && m.reason === 'rollback-interrupted')
    out.push(
      f(
        'rollback-unfinished',
        true,
        `a rollback of ${n} did not finish: the data is half restored`,
        'finish the rollback first (its command is in status); nothing may upgrade half-restored data',
        `upgrade-hook status ${n}`,
      ),
    );
  else if (m?.state === 'failed')
    out.push(
      f(
        'failed-upgrade',
        true,
        `the last upgrade of ${n}${m.to ? ` to ${m.to}` : ''} failed (${m.reason})${m.detail ? `: ${m.detail}` : ''}`,
        'fix the cause and finish that upgrade first (status shows the failed step and the log), or waive this finding if the new build is the fix',
        `upgrade-hook status ${n}`,
      ),
    );
  else if (m?.state === 'refused' && m.reason !== 'rolled-back')
    // the installed build's refusal (a downgrade, a platform, a check) is judged again for the new build by the
    // findings above and its own checks: installing the build that fits the data is how an admin mends it
    out.push(
      f(
        'refused',
        false,
        `the installed build refuses the data (${m.reason})${m.detail ? `: ${m.detail}` : ''}; the new build is judged on its own`,
        'nothing, if the findings above allow the new build',
        `upgrade-hook status ${n}`,
      ),
    );
  const rolledBack = x.rolledBackBuilds.find((b) => compareVersions(x.scheme, b.build, x.newVersion) === 0);
  const markerRolledBack = m?.state === 'refused' && m.reason === 'rolled-back' && m.to === x.newVersion;
  if (rolledBack || markerRolledBack)
    out.push(
      f(
        'rolled-back',
        true,
        `build ${x.newVersion} was rolled back on this host${rolledBack ? ` (${rolledBack.at.slice(0, 10)}${rolledBack.backup ? `, backup ${rolledBack.backup}` : ''})` : ''}: installing it again would start the same failing upgrade`,
        `wait for a newer build, or, once the cause is fixed, waive it: [waiver rolled-back] in /etc/upgrade-hook/waivers.d/${n}.conf`,
        `upgrade-hook history ${n}`,
      ),
    );
  else if (m?.state === 'refused' && m.reason === 'rolled-back')
    out.push(
      f(
        'rollback-pending',
        false,
        `${n} was rolled back from ${m.to ?? 'a newer build'}; the packages do not match the restored data yet`,
        'this transaction may be the downgrade that completes it',
        null,
      ),
    );
  if (m?.state === 'deferred')
    out.push(
      f(
        'deferred',
        false,
        `an upgrade of ${n} is pending (${m.reason}): the new build's upgrade includes it`,
        'nothing to do',
        null,
      ),
    );
  if (x.backupProblem)
    out.push(f('backup-space', true, x.backupProblem, 'free space where the backups go, or move [backup] dir', null));
  for (const c of x.manualFixChecks)
    out.push(
      f(
        `check:${c.name}`,
        true,
        `check ${c.name} of the new build needs a manual fix: ${c.message}`,
        'fix what the check names on this host, then install the new build',
        `upgrade-hook check ${n}`,
      ),
    );
  for (const s of x.changedOnceScripts)
    out.push(
      f(
        `once-changed:${s}`,
        true,
        `once-script ${s} already ran on this data, and the new build ships a different one`,
        'a once-script never runs twice: ask the packager whether the change matters here; accept it with upgrade-hook resolve once it is understood',
        `upgrade-hook resolve ${n} ${s} --reason TEXT`,
      ),
    );
  for (const p of x.scriptProblems)
    out.push(
      f(
        'scripts',
        true,
        `the new build's scripts break the rules: ${p.path}: ${p.why}`,
        'report it to the packager (lint --root finds it at build time)',
        null,
      ),
    );
  if (!x.autoUpgrade)
    out.push(
      f(
        'auto-upgrade-off',
        false,
        `auto_upgrade = no: the upgrade does not run by itself after the transaction`,
        `run it by hand after the transaction: upgrade-hook run ${n}`,
        `upgrade-hook run ${n}`,
      ),
    );
  return out;
}

export interface Waiver {
  key: string;
  reason: string;
  /** YYYY-MM-DD: the last day it holds; null: no end. */
  expires: string | null;
  file: string;
}

/** Waivers turn inhibitors into warnings while they hold; an expired one says so and inhibits again. */
export function applyWaivers(findings: Finding[], waivers: Waiver[], today: string): Finding[] {
  return findings.map((fd) => {
    const w = waivers.find((x) => waives(x.key, fd.key));
    if (!w || !fd.inhibitor) return fd;
    const expired = w.expires !== null && w.expires < today;
    return {
      ...fd,
      inhibitor: expired,
      waiver: { reason: w.reason, expires: w.expires, expired, file: w.file },
    };
  });
}

// `check:*` waives every check finding; otherwise the key must match exactly
const waives = (waiverKey: string, findingKey: string) =>
  waiverKey === findingKey || (waiverKey.endsWith(':*') && findingKey.startsWith(waiverKey.slice(0, -1)));

export const inhibited = (findings: Finding[]) => findings.some((x) => x.inhibitor);

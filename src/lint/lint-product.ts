// `upgrade-hook lint`: a product as it will be installed from a build root, checked with the same code
// that checks it at run time (descriptor validation, script discovery, the planner's phases, the checks'
// discovery), plus what only a packager can get wrong: units, sockets, value files, state calls.
import { isUpgradeHookError } from '../errors.js';
import { discoverChecks } from '../checks/discover.js';
import { discoverScripts } from '../script/discover.js';
import { phaseOf } from '../plan/planner.js';
import type { Descriptor, ValueSource } from '../product/descriptor.js';
import { listProducts, loadDescriptor } from '../product/load.js';
import { Findings, installedPath, underRoot } from './finding.js';
import { lintBackup } from './lint-backup.js';
import { lintRehearse } from './lint-rehearse.js';
import { lintUnits } from './lint-units.js';
import { findStateCalls, stateCallProblems } from './state-calls.js';
import { readUnits } from './unit-file.js';
import { isDir, isFile, listDir, readText } from './probe.js';

export const DESCRIPTOR_DIRS = ['/usr/lib/upgrade-hook/products.d', '/etc/upgrade-hook/products.d'];

export interface LintInput {
  root: string;
  name: string;
  /** Units of other packages the descriptor may name. */
  external: string[];
  /** Owners allowed besides root: files in a build root belong to the user who builds. */
  trustedUids: number[];
}

export function lintProduct(i: LintInput): { findings: Findings; descriptor: Descriptor | undefined } {
  const out = new Findings();
  const shown = (p: string) => installedPath(i.root, p);
  const dirs = DESCRIPTOR_DIRS.map((d) => underRoot(i.root, d));
  let d: Descriptor;
  try {
    d = loadDescriptor(i.name, { UPGRADE_HOOK_CONFIG_PATH: dirs.join(':') }, (w) => warnLine(out, i.root, w));
  } catch (e) {
    if (!isUpgradeHookError(e)) throw e;
    const where = `${DESCRIPTOR_DIRS[0]}/${i.name}.conf`;
    if (e.code === 'DESCRIPTOR_NOT_FOUND')
      out.error(
        where,
        `no descriptor for ${i.name} in the build root (${DESCRIPTOR_DIRS.join(' or ')}); install it in %install and list it in %files`,
      );
    else for (const line of e.message.split('\n')) errorLine(out, i.root, line, where);
    return { findings: out, descriptor: undefined };
  }
  const descriptorFile = shown(d.sources[d.sources.length - 1]!);

  for (const [key, v] of [
    ['build_version', d.buildVersion],
    ['platform', d.platform],
  ] as Array<[string, ValueSource | undefined]>) {
    if (v?.kind === 'file' && !isFile(underRoot(i.root, v.path)))
      out.error(
        descriptorFile,
        `[product] ${key} = file:${v.path}: the build root has no such file; install it in %install`,
      );
  }

  const scripts = discoverScripts(
    underRoot(i.root, d.scriptsDir),
    d.adminScriptsDir && isDir(underRoot(i.root, d.adminScriptsDir)) ? underRoot(i.root, d.adminScriptsDir) : undefined,
    i.trustedUids,
  );
  for (const p of scripts.problems) out.error(shown(p.path), p.why);
  for (const f of scripts.ignored)
    if (/leftover/.test(f.why)) out.warn(shown(f.path), `${f.why} shipped in the package: remove it in %install`);
  const numbers = new Map<string, string>();
  for (const s of scripts.scripts) {
    const phase = s.kind === 'cleanup' ? 'cleanup' : phaseOf(s.number, d.phases);
    if (!phase)
      out.error(
        shown(s.path),
        `number ${s.number} is in no phase (${d.phases.map((p) => `${p.name} ${p.from}-${p.to}`).join(', ')}): renumber it or fix [phases] in ${descriptorFile}`,
      );
    const key = `${s.kind}/${s.number}`;
    const other = numbers.get(key);
    if (other)
      out.warn(
        shown(s.path),
        `shares number ${s.number} with ${other}: they run in name order; give each step a number of its own`,
      );
    else numbers.set(key, s.name);
    for (const p of stateCallProblems(findStateCalls(readText(s.path)), d.name, d.stateSection))
      out.error(`${shown(s.path)} line ${p.line}`, p.message);
  }

  if (d.checksDir) {
    const checks = discoverChecks(underRoot(i.root, d.checksDir), i.trustedUids);
    for (const p of checks.problems) out.error(shown(p.path), p.why);
  }

  lintUnits(d, descriptorFile, readUnits(i.root), i.external, out);
  lintBackup(d, descriptorFile, i.root, dirs.join(':'), i.trustedUids, out);
  lintRehearse(d, descriptorFile, i.root, out);
  sharedBackends(d, descriptorFile, i.root, dirs, out);
  return { findings: out, descriptor: d };
}

// Other products installed in the root (with --root /: on this host) that list a backend of this one: each
// upgrade stops and starts it, and the other product's units that need it go down with it.
function sharedBackends(d: Descriptor, descriptorFile: string, root: string, dirs: string[], out: Findings): void {
  const env = { UPGRADE_HOOK_CONFIG_PATH: dirs.join(':') };
  const backends = d.services.filter((s) => s.role === 'backend' && s.unit);
  if (backends.length === 0) return;
  for (const other of listProducts(env, listDir)) {
    if (other === d.name) continue;
    let o: Descriptor;
    try {
      o = loadDescriptor(other, env);
    } catch {
      continue; // its own lint reports it
    }
    for (const b of backends) {
      if (!o.services.some((s) => s.role === 'backend' && s.unit === b.unit)) continue;
      out.warn(
        descriptorFile,
        `[service ${b.name}] unit = ${b.unit} is also a backend of product ${other} (${installedPath(root, o.sources[o.sources.length - 1]!)}): each product's upgrade stops and starts it, and ${other}'s units that need it go down with it; see docs/systemd.md "Product shapes"`,
      );
    }
  }
}

// Validation lines read "FILE line N: message"; the file is shown as installed.
function errorLine(out: Findings, root: string, line: string, fallback: string) {
  const m = /^(\/\S+) (line \d+: .*)$/.exec(line);
  if (m) out.error(`${installedPath(root, m[1]!)}`, m[2]!);
  else out.error(fallback, line);
}

function warnLine(out: Findings, root: string, line: string) {
  const m = /^(\/\S+) (line \d+: .*)$/.exec(line);
  if (m) out.warn(installedPath(root, m[1]!), m[2]!);
  else out.warn('', line);
}

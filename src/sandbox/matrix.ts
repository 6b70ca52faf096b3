// Carries out `matrix` (issue 24, docs/rehearse.md): every released version upgraded straight to the new build
// in a fresh container, and one chained run through every version; the verdicts are plan/matrix-policy.ts.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { CommandContext } from '../command.js';
import { UpgradeHookError } from '../errors.js';
import {
  type CaseReport,
  finalDigest,
  judgeMatrix,
  judgeSteps,
  type MatrixReport,
  matrixOk,
  notOlderThan,
  orderVersions,
} from '../plan/matrix-policy.js';
import { unpackPackage } from '../preflight/package.js';
import { commandEnv } from '../proc/command-env.js';
import type { Descriptor } from '../product/descriptor.js';
import { loadDescriptor, searchPath } from '../product/load.js';
import { listenForInterrupts, throwIfInterrupted } from '../proc/interruption.js';
import { type Bind, type Engine, requireSandboxTools, runContainer } from './container.js';

const RPMS = '/mnt/upgrade-hook-rpms';
const CASE_TIMEOUT_SEC = 600;

export interface MatrixInput {
  name: string | undefined;
  released: string;
  to: string;
  /** The new build's package of the product in `to`, and the product's name. */
  target: { file: string; name: string };
  /** What boots the cases. */
  engine: Engine;
  image: string[];
  with: string | undefined;
}

interface Build {
  version: string;
  dir: string;
}

/** The options, checked before any container starts: each missing or unreadable directory is named. */
export function matrixInput(ctx: CommandContext): MatrixInput {
  const o = ctx.options;
  const need = (v: string | undefined, flag: string): string => {
    if (v === undefined)
      throw new UpgradeHookError('USAGE', `matrix needs --${flag}`, { hint: 'see: upgrade-hook matrix --help' });
    return v;
  };
  const engine = requireSandboxTools('matrix', ctx.env);
  const released = directory(need(o.released, 'released'), '--released');
  const to = directory(need(o.to, 'to'), '--to');
  const given = o.image?.split(':').map((d) => directory(d, '--image'));
  for (const d of given?.slice(-1) ?? [])
    if (!exists(join(d, 'usr')))
      throw new UpgradeHookError('USAGE', `--image ${d}: not an OS tree (it has no usr/)`, {
        hint: 'pass a root with systemd, rpm and node installed (debootstrap, mock --init, a container image)',
      });
  const withDir = o.with === undefined ? undefined : directory(o.with, '--with');
  // the product's package in --to, looked up once (its rpm queries): the host's root needs it too
  const target = productPackage(to, ctx.args[0], '--to');
  return {
    name: ctx.args[0],
    released,
    to,
    target,
    engine,
    image: given ?? hostRootAsImage(target.file),
    with: withDir,
  };
}

// Without --image the cases boot over this host's own root, read-only below each case's overlay, as a
// rehearsal does. A case must start from no version of the product: a host that has it installed cannot serve.
function hostRootAsImage(packageFile: string): string[] {
  const pkg = rpmQuery(packageFile, '%{NAME}').trim();
  const missing = [['/usr/lib/systemd/systemd', '/lib/systemd/systemd'], ['/usr/bin/rpm'], ['/usr/bin/node']]
    .filter((alternatives) => !alternatives.some(exists))
    .map((alternatives) => alternatives[0]!);
  if (missing.length > 0)
    throw new UpgradeHookError(
      'USAGE',
      `no --image given, and this host's root cannot boot a case: it has no ${missing.join(', ')}`,
      {
        hint: 'pass --image ROOT: a root with systemd, rpm and node installed (debootstrap, mock --init, a container image)',
      },
    );
  const installed = spawnSync('rpm', ['-q', pkg], { env: commandEnv({}), encoding: 'utf8' });
  if (installed.status === 0)
    throw new UpgradeHookError(
      'USAGE',
      `no --image given, and this host has ${installed.stdout.trim()} installed: every case starts from a root without ${pkg}`,
      { hint: `pass --image ROOT: a root with systemd, rpm and node and without ${pkg}` },
    );
  return ['/'];
}

function directory(p: string, flag: string): string {
  let isDir = false;
  try {
    isDir = statSync(p).isDirectory();
  } catch (e) {
    throw new UpgradeHookError('USAGE', `${flag} ${p}: ${(e as NodeJS.ErrnoException).code ?? e}`, {
      hint: 'pass a directory',
    });
  }
  if (!isDir) throw new UpgradeHookError('USAGE', `${flag} ${p}: not a directory`, { hint: 'pass a directory' });
  return p;
}

function exists(p: string): boolean {
  try {
    statSync(p);
    return true;
  } catch {
    return false;
  }
}

function rpmsIn(dir: string): string[] {
  return readdirSync(dir)
    .filter((n) => n.endsWith('.rpm') && !n.endsWith('.src.rpm'))
    .sort()
    .map((n) => join(dir, n));
}

function rpmQuery(file: string, format: string): string {
  const r = spawnSync('rpm', ['-qp', '--nosignature', '--nodigest', '--queryformat', format, file], {
    env: commandEnv({}),
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (r.status !== 0)
    throw new UpgradeHookError(
      'USAGE',
      `cannot read the package ${file}: ${(r.stderr || r.error?.message || '').trim()}`,
    );
  return r.stdout;
}

/** The package in DIR that ships a product descriptor (NAME's, or the only one), with its product name. */
export function productPackage(dir: string, name: string | undefined, flag: string): { file: string; name: string } {
  const vendor = searchPath({})[0] ?? '/usr/lib/upgrade-hook/products.d';
  const found: Array<{ file: string; name: string }> = [];
  for (const f of rpmsIn(dir))
    for (const path of rpmQuery(f, '[%{FILENAMES}\\n]').split('\n'))
      if (path.startsWith(`${vendor}/`) && path.endsWith('.conf')) {
        const n = path.slice(vendor.length + 1, -'.conf'.length);
        if (name === undefined || n === name) found.push({ file: f, name: n });
      }
  const names = [...new Set(found.map((x) => x.name))];
  if (names.length === 0)
    throw new UpgradeHookError(
      'USAGE',
      `${flag} ${dir}: no package in it ships ${name === undefined ? 'a product descriptor' : `${name}'s descriptor`} (${vendor}/NAME.conf)`,
      { hint: "pass the directory of the product's RPMs" },
    );
  if (names.length > 1)
    throw new UpgradeHookError('USAGE', `${flag} ${dir}: it ships several products (${names.join(', ')}): name one`, {
      hint: `upgrade-hook matrix ${names[0]} --released DIR --to DIR --image DIR`,
    });
  return found[0]!;
}

export function evr(file: string): string {
  return rpmQuery(file, '%|EPOCH?{%{EPOCH}:}:{}|%{VERSION}-%{RELEASE}').trim();
}

/** The new build's descriptor, read from its own package (no admin override of this host applies). */
function newDescriptor(file: string, name: string, warn: (l: string) => void): Descriptor {
  const u = unpackPackage(file);
  try {
    const vendor = searchPath({})[0] ?? '/usr/lib/upgrade-hook/products.d';
    return loadDescriptor(name, { UPGRADE_HOOK_CONFIG_PATH: join(u.root, vendor) }, warn, [
      0,
      process.geteuid?.() ?? 0,
    ]);
  } finally {
    u.remove();
  }
}

const q = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

/** The default digest: names, types, modes and contents of the [backup] paths (no times, no owners' names). */
export function defaultDigest(paths: string[]): string {
  if (paths.length === 0) return `echo 'no [backup] paths and no [rehearse] digest: nothing to compare'; exit 1`;
  return `for p in ${paths.map(q).join(' ')}; do
  echo "== $p"
  if [ -d "$p" ]; then (cd "$p" && find . -printf '%p %y %m\\n' | LC_ALL=C sort && find . -type f -print0 | LC_ALL=C sort -z | xargs -0r sha256sum)
  elif [ -e "$p" ]; then sha256sum <"$p"; else echo absent; fi
done | sha256sum | cut -d' ' -f1`;
}

interface Hooks {
  install: string;
  seed: string | undefined;
  digest: string;
}

function hooks(d: Descriptor): Hooks {
  return {
    install: d.rehearse?.install ?? `upgrade-hook stamp ${q(d.name)}`,
    seed: d.rehearse?.seed,
    digest: d.rehearse?.digest ?? defaultDigest(d.backup?.paths ?? []),
  };
}

// The upgrade step: the new packages with rpm (their %posttrans runs the real upgrade and prints what a real
// run prints); it fails when the product is not up to date afterwards.
const upgradeTo = (b: Build, name: string) =>
  `step ${q(`upgrade to ${b.version}`)} -- sh -c 'rpm -U --quiet ${b.dir}/*.rpm 2>&1; upgrade-hook status ${q(name)} 2>&1 | tail -n 5; upgrade-hook check ${q(name)} >/dev/null 2>&1'`;

/** The job of one case: install `path[0]`, install hook, seed, then each later version in turn. */
export function caseJob(name: string, h: Hooks, path: Build[], withDir: boolean, chain: boolean): string {
  const lines = ['at -'];
  const first = path[0]!;
  lines.push(
    `step "install ${first.version}" -- sh -c 'rpm -U --quiet ${withDir ? `${RPMS}/with/*.rpm ` : ''}${first.dir}/*.rpm'`,
    `at ${q(first.version)}`,
    `step install -- sh -c ${q(h.install)}`,
  );
  if (h.seed) lines.push(`step seed -- sh -c ${q(h.seed)}`);
  if (chain) lines.push(`step digest -- sh -c ${q(h.digest)}`);
  for (const b of path.slice(1)) {
    lines.push(`at ${q(b.version)}`, upgradeTo(b, name), `step check -- upgrade-hook check ${q(name)}`);
    if (chain || b === path.at(-1)) lines.push(`step digest -- sh -c ${q(h.digest)}`);
  }
  return `${lines.join('\n')}\n`;
}

export async function runMatrix(
  ctx: CommandContext,
  input: MatrixInput,
  progress: (line: string) => void,
): Promise<MatrixReport> {
  // Ctrl-C or SIGTERM: the running container powers off and is removed, then the tool exits 1 (INTERRUPTED)
  const stop = listenForInterrupts();
  try {
    return await matrixCases(ctx, input, progress);
  } finally {
    stop();
  }
}

async function matrixCases(
  ctx: CommandContext,
  input: MatrixInput,
  progress: (line: string) => void,
): Promise<MatrixReport> {
  const t0 = performance.now();
  if (ctx.euid !== 0)
    throw new UpgradeHookError(
      'NOT_ROOT',
      'upgrade-hook matrix must be run as root (it boots containers with systemd-nspawn or podman); nothing was done',
    );
  const { engine } = input;
  if (input.image.length === 1 && input.image[0] === '/')
    progress("no --image: each case boots over this host's root (/), read-only below the case's own layer");
  const { target } = input;
  const d = newDescriptor(target.file, target.name, (l) => ctx.terminal.warn(l));
  const name = d.name;
  const to: Build = { version: evr(target.file), dir: `${RPMS}/to` };
  const byVersion = new Map<string, string>();
  for (const sub of readdirSync(input.released).sort()) {
    const dir = join(input.released, sub);
    if (!statSync(dir).isDirectory()) continue;
    const p = productPackage(dir, name, '--released');
    byVersion.set(evr(p.file), sub);
  }
  if (byVersion.size === 0)
    throw new UpgradeHookError('USAGE', `--released ${input.released}: no subdirectory of RPMs in it`, {
      hint: "one subdirectory per released version, each holding that version's RPMs",
    });
  const released = orderVersions(d.versionScheme, [...byVersion.keys()]);
  const late = notOlderThan(d.versionScheme, released, to.version);
  if (late.length > 0)
    throw new UpgradeHookError(
      'USAGE',
      `--released ${input.released}: ${late.join(', ')} not older than the new build ${to.version}`,
    );
  const builds: Build[] = released.map((v) => ({ version: v, dir: `${RPMS}/released/${byVersion.get(v)}` }));
  const h = hooks(d);
  const binds: Bind[] = [
    { src: input.released, dst: `${RPMS}/released`, readOnly: true },
    { src: input.to, dst: `${RPMS}/to`, readOnly: true },
    ...(input.with ? [{ src: input.with, dst: `${RPMS}/with`, readOnly: true }] : []),
  ];
  const runCase = async (caseName: string, path: Build[], chain: boolean): Promise<CaseReport> => {
    throwIfInterrupted();
    progress(`${name}: ${caseName}: ${path.map((b) => b.version).join(' -> ')}`);
    const job = caseJob(name, h, path, input.with !== undefined, chain);
    const r = await runContainer({ lowers: input.image, binds, job, timeoutSec: CASE_TIMEOUT_SEC, engine });
    throwIfInterrupted();
    const steps = r.steps.map((s) => ({
      step: s.step,
      version: s.version,
      exit: s.exit,
      ms: s.ms,
      tail: s.tail,
      ...(s.step === 'digest' && s.exit === 0 ? { digest: s.out.trim().split('\n').at(-1) ?? '' } : {}),
    }));
    let { verdict, message } = judgeSteps(steps, ['digest']);
    if (r.exit !== 0 && verdict === 'passed') {
      verdict = 'failed';
      message = `the container failed (exit ${r.exit}): ${r.log.trim().split('\n').at(-1) ?? ''}`;
    } else if (verdict === 'failed' && steps.length === 0)
      message = `the container failed before the first step (exit ${r.exit}): ${r.log.trim().split('\n').slice(-3).join(' | ')}`;
    const c: CaseReport = {
      name: caseName,
      from: path[0]!.version,
      path: path.map((b) => b.version),
      verdict,
      message,
      ms: r.ms,
      steps,
      digest: verdict === 'passed' ? finalDigest(steps) : null,
    };
    progress(`${name}: ${caseName}: ${verdict}${message ? `: ${message}` : ''} (${(r.ms / 1000).toFixed(1)} s)`);
    return c;
  };
  // one container at a time: a boot is a second or more of a core, and CI machines have two
  const direct: CaseReport[] = [];
  for (const b of builds) direct.push(await runCase(`direct ${b.version}`, [b, to], false));
  const chain = await runCase('chain', [...builds, to], true);
  const j = judgeMatrix(direct, chain, released, to.version);
  return {
    schema: 1,
    product: name,
    to: to.version,
    released,
    ok: matrixOk(j.cases),
    cases: j.cases,
    hiddenStop: j.hiddenStop,
    note: j.note,
    ms: Math.round(performance.now() - t0),
  };
}

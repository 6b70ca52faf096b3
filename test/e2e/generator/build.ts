// The product builder: a generated product's RPMs (1.0, 1.1, 1.2) and one dnf repository per version,
// built once per shape (and per version of the helpers and upgrade-hook's macros) into a cache folder, so
// a soak of hundreds of cases builds each shape once. Also Fedora's systemd triggers (topology's spec).
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { repoRoot } from '../lib/container.js';
import { type ProductSpec, shapeHash } from './model.js';
import { renderProduct, VERSIONS } from './render.js';

export const CACHE = process.env.UPGRADE_HOOK_GENERATOR_CACHE ?? '/var/tmp/upgrade-hook-generator-cache';
const FILES = join(repoRoot, 'test/e2e/generator/files');
const TOPOLOGY = join(repoRoot, 'test/e2e/topology');

// What every build depends on besides the shape: the fixed helpers, the renderer and the macros.
function toolingHash(): string {
  const h = createHash('sha256');
  for (const f of readdirSync(FILES).sort()) h.update(f).update(readFileSync(join(FILES, f)));
  h.update(readFileSync(join(repoRoot, 'build/test/e2e/generator/render.js')));
  h.update(readFileSync(join(repoRoot, 'rpm/macros.upgrade-hook')));
  h.update(readFileSync(join(TOPOLOGY, 'rpm/macros.systemd')));
  return h.digest('hex').slice(0, 12);
}

function run(cmd: string, args: string[], what: string): void {
  const r = spawnSync(cmd, args, { encoding: 'utf8', timeout: 300_000 });
  if (r.status !== 0) throw new Error(`${what} failed (exit ${r.status}):\n${r.stderr}${r.stdout}`);
}

function rpmbuildArgs(top: string, macros: string): string[] {
  return [
    '--quiet',
    '--load',
    macros,
    '--load',
    join(TOPOLOGY, 'rpm/macros.systemd'),
    '--define',
    `_topdir ${top}`,
    '--define',
    `_dbpath ${top}/rpmdb`,
    '--define',
    'packager upgrade-hook developers <upgrade-hook@example.org>',
    '--define',
    '__os_install_post %{nil}',
    '--define',
    '_binary_payload w0.ufdio',
  ];
}

function macrosFile(dir: string): string {
  const version = (JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { version: string }).version;
  const path = join(dir, 'macros.upgrade-hook');
  writeFileSync(
    path,
    readFileSync(join(repoRoot, 'rpm/macros.upgrade-hook'), 'utf8').replaceAll('@VERSION@', version.replace(/-/g, '~')),
  );
  return path;
}

// Build into DIR.tmp.PID and rename: a killed build is never taken for a finished one.
function atomically(dir: string, build: (tmp: string) => void): string {
  if (existsSync(join(dir, '.done'))) return dir;
  const tmp = `${dir}.tmp.${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  build(tmp);
  writeFileSync(join(tmp, '.done'), '');
  rmSync(dir, { recursive: true, force: true });
  renameSync(tmp, dir);
  return dir;
}

// The product's folder: RPMS/noarch/NAME-V-1.noarch.rpm and repo-V/ for V in 1.0, 1.1, 1.2.
export function buildProduct(p: ProductSpec): string {
  const dir = join(CACHE, `${p.name}-${shapeHash(p)}-${toolingHash()}`);
  return atomically(dir, (tmp) => {
    const src = join(tmp, 'src');
    for (const [rel, text] of Object.entries(renderProduct(p))) {
      mkdirSync(dirname(join(src, rel)), { recursive: true });
      writeFileSync(join(src, rel), text, { mode: rel.includes('/once/') ? 0o755 : 0o644 });
    }
    cpSync(FILES, join(src, 'libexec'), { recursive: true });
    const macros = macrosFile(tmp);
    for (const v of VERSIONS) {
      run(
        'rpmbuild',
        [
          ...rpmbuildArgs(join(tmp, `top-${v}`), macros),
          '--define',
          `_sourcedir ${src}`,
          '--define',
          `gen_version ${v}`,
          '-bb',
          join(src, `${p.name}.spec`),
        ],
        `rpmbuild ${p.name} ${v}`,
      );
      const rpm = `${p.name}-${v}-1.noarch.rpm`;
      mkdirSync(join(tmp, 'RPMS/noarch'), { recursive: true });
      cpSync(join(tmp, `top-${v}/RPMS/noarch`, rpm), join(tmp, 'RPMS/noarch', rpm));
      mkdirSync(join(tmp, `repo-${v}`));
      cpSync(join(tmp, 'RPMS/noarch', rpm), join(tmp, `repo-${v}`, rpm));
      run('createrepo_c', ['--quiet', join(tmp, `repo-${v}`)], `createrepo_c ${p.name} ${v}`);
      rmSync(join(tmp, `top-${v}`), { recursive: true, force: true });
    }
  });
}

// Fedora's systemd file triggers for Debian's systemd (the topology test's package), built once.
export function buildTriggers(): string {
  const dir = join(CACHE, `triggers-${toolingHash()}`);
  return atomically(dir, (tmp) => {
    run(
      'rpmbuild',
      [
        ...rpmbuildArgs(tmp, macrosFile(tmp)),
        '--define',
        `_sourcedir ${join(TOPOLOGY, 'rpm')}`,
        '-bb',
        join(TOPOLOGY, 'rpm/systemd-rpm-triggers.spec'),
      ],
      'rpmbuild systemd-rpm-triggers',
    );
  });
}

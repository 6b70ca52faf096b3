// What the bundle carries from npm, for the RPM (Fedora's packaging guidelines: every bundled library is
// declared with `Provides: bundled(npm(NAME)) = VERSION`, its license is in `License:`, and its license text
// ships with `%license`). scripts/build.mjs hands this module the files esbuild put into the three bundle
// files (its metafiles), so the list is what the bundle really holds, not what package.json hopes.
//
//   bundledPackages(root, inputPaths)   the packages, sorted by name: { name, version, license, dir }
//   noticesText(packages)               dist/THIRD-PARTY-LICENSES.txt: each package's name, version, license
//                                       and the text of its license file
//   specBlock(packages)                 the lines between the markers in rpm/upgrade-hook.spec
//   specLicense(packages)               the spec's License: value (ours first, then each bundled one, SPDX)
//
// `node scripts/bundled-packages.mjs --write-spec` rewrites the spec's block and License: line from the
// notices file the last build wrote; test/docs/bundled-packages.test.ts fails when they disagree.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const NOTICES = 'dist/THIRD-PARTY-LICENSES.txt';
export const SPEC = 'rpm/upgrade-hook.spec';
export const BEGIN = '# BEGIN bundled npm packages (generated: node scripts/bundled-packages.mjs --write-spec)';
export const END = '# END bundled npm packages';
const OWN_LICENSE = 'MIT';

// The package directory of a file below node_modules (scoped names included): the last node_modules wins.
function packageDirOf(root, input) {
  const parts = input.split('/');
  const nm = parts.lastIndexOf('node_modules');
  if (nm < 0) return undefined;
  const depth = parts[nm + 1]?.startsWith('@') ? 2 : 1;
  return join(root, ...parts.slice(0, nm + 1 + depth));
}

export function bundledPackages(root, inputPaths) {
  const dirs = new Set();
  for (const p of inputPaths) {
    const dir = packageDirOf(root, p);
    if (dir) dirs.add(dir);
  }
  const byName = new Map();
  for (const dir of dirs) {
    const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    const license = typeof pkg.license === 'string' ? pkg.license : pkg.license?.type;
    if (!license) throw new Error(`bundled-packages: ${dir}/package.json names no license: check it by hand`);
    const key = `${pkg.name}@${pkg.version}`;
    if (!byName.has(key)) byName.set(key, { name: pkg.name, version: pkg.version, license, dir });
  }
  return [...byName.values()].sort((a, b) =>
    a.name === b.name ? (a.version < b.version ? -1 : 1) : a.name < b.name ? -1 : 1,
  );
}

function licenseText(dir) {
  const file = readdirSync(dir)
    .filter((f) => /^(licen[cs]e|copying)(\.(md|txt|markdown))?$/i.test(f))
    .sort()[0];
  return file ? readFileSync(join(dir, file), 'utf8').trim() : undefined;
}

export function noticesText(packages) {
  const out = [
    'upgrade-hook bundles these npm packages into dist/upgrade-hook*.cjs; their licenses follow.',
    'upgrade-hook itself is under the MIT license (LICENSE).',
    '',
  ];
  for (const p of packages) {
    const text = licenseText(p.dir);
    out.push('='.repeat(78), `${p.name} ${p.version} (${p.license})`, '='.repeat(78));
    out.push(text ?? `(the package ships no license file; its package.json says: ${p.license})`, '');
  }
  return `${out.join('\n')}\n`;
}

export function specBlock(packages) {
  return [BEGIN, ...packages.map((p) => `Provides:       bundled(npm(${p.name})) = ${p.version}`), END];
}

export function specLicense(packages) {
  const seen = [OWN_LICENSE];
  for (const p of packages) {
    // a choice ("MIT OR Apache-2.0") stays one term: the packager may not pick one for the user
    const id = /\s/.test(p.license) ? `(${p.license.replace(/^\((.*)\)$/, '$1')})` : p.license;
    if (!seen.includes(id)) seen.push(id);
  }
  return seen.join(' AND ');
}

// The packages the notices file lists (the build's own record of what it bundled).
export function packagesInNotices(text) {
  const out = [];
  for (const m of text.matchAll(/^={78}\n(\S+) (\S+) \((.+)\)\n={78}$/gm))
    out.push({ name: m[1], version: m[2], license: m[3] });
  return out;
}

// The spec text with its block and License: line made from `packages`.
export function specWith(specText, packages) {
  const lines = specText.split('\n');
  const b = lines.indexOf(BEGIN);
  const e = lines.indexOf(END);
  if (b < 0 || e < b) throw new Error(`${SPEC}: the lines "${BEGIN}" and "${END}" are missing`);
  lines.splice(b, e - b + 1, ...specBlock(packages));
  // the main package's License: (the first); a subpackage that bundles nothing keeps its own
  const first = lines.findIndex((l) => /^License:\s/.test(l));
  if (first >= 0) lines[first] = `License:        ${specLicense(packages)}`;
  return lines.join('\n');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const root = join(dirname(fileURLToPath(import.meta.url)), '..');
  if (process.argv[2] !== '--write-spec') {
    console.error('usage: node scripts/bundled-packages.mjs --write-spec   (after npm run build)');
    process.exit(2);
  }
  const notices = join(root, NOTICES);
  if (!existsSync(notices)) {
    console.error(`${NOTICES} is missing: run npm run build first`);
    process.exit(1);
  }
  const packages = packagesInNotices(readFileSync(notices, 'utf8'));
  const spec = join(root, SPEC);
  writeFileSync(spec, specWith(readFileSync(spec, 'utf8'), packages));
  console.log(`${SPEC}: ${packages.length} bundled packages, License: ${specLicense(packages)}`);
}

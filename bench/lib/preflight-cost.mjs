// What preflight adds to a dnf transaction (issue 23): `preflight NAME --package RPM` of a product whose new
// build ships 20 checks, against its floors measured interleaved in the same run: `node -e 0` (starting any
// node tool) and the 20 checks run by a shell loop (what the checks cost by themselves). The plugin pays it
// once per product package in the transaction; a transaction without one pays no spawn at all (the plugin
// returns when no package's header lists a descriptor of an installed product).
//   npm run -s build && npm run -s build:tests && node bench/lib/preflight-cost.mjs [ROUNDS]
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const { makeProduct, installedThenUpgraded } = await import(
  new URL('../../build/test/helpers/product.js', import.meta.url).href
);
const bundle = new URL('../../dist/upgrade-hook.cjs', import.meta.url).pathname;
const rounds = Number(process.argv[2] ?? 15);
const CHECKS = 20;

const p = makeProduct();
installedThenUpgraded(p, '1.1-1', '1.1-1');
const checks = join(p.root, 'checks');
// The new build 1.2 as an RPM: its descriptor (with 20 checks) and VERSION at the product's paths.
const top = mkdtempSync(join(tmpdir(), 'uh-bench-preflight-'));
const files = join(top, 'files');
const conf = readFileSync(join(p.confDir, 'acme.conf'), 'utf8').replace(
  '[product]\n',
  `[product]\nchecks = ${checks}\n`,
);
const put = (path, text, mode = 0o644) => {
  mkdirSync(join(files, path, '..'), { recursive: true });
  writeFileSync(join(files, path), text, { mode });
};
put(join(p.confDir, 'acme.conf'), conf);
put(join(p.root, 'VERSION'), '1.2-1\n');
for (let i = 0; i < CHECKS; i++) put(join(checks, `check_${String(i).padStart(2, '0')}`), '#!/bin/sh\nexit 0\n', 0o755);
const spec = join(top, 'acme.spec');
writeFileSync(
  spec,
  `Name: acme\nVersion: 1.2\nRelease: 1\nSummary: bench\nLicense: MIT\nBuildArch: noarch\n%description\nbench\n%install\ncp -a ${files}/. %{buildroot}/\n%files\n${p.confDir}/acme.conf\n${p.root}/VERSION\n${checks}\n`,
);
const built = spawnSync(
  'rpmbuild',
  ['--quiet', '-bb', '--define', `_topdir ${top}/rb`, '--define', `_dbpath ${top}/rb/db`, spec],
  { encoding: 'utf8' },
);
if (built.status !== 0) throw new Error(built.stderr);
const rpm = join(top, 'rb/RPMS/noarch/acme-1.2-1.noarch.rpm');
// the checks on the host too, for the shell-loop floor
mkdirSync(checks, { recursive: true });
for (let i = 0; i < CHECKS; i++) {
  const f = join(checks, `check_${String(i).padStart(2, '0')}`);
  writeFileSync(f, '#!/bin/sh\nexit 0\n');
  chmodSync(f, 0o755);
}

const time = (argv, env) => {
  const t0 = performance.now();
  const r = spawnSync(argv[0], argv.slice(1), { env, encoding: 'utf8' });
  const ms = performance.now() - t0;
  if (r.status !== 0) throw new Error(`${argv.join(' ')}: exit ${r.status}\n${r.stdout}${r.stderr}`);
  return ms;
};
const runs = { preflight: [], node: [], checks: [] };
for (let i = 0; i < rounds; i++) {
  runs.preflight.push(time([process.execPath, bundle, 'preflight', 'acme', '--package', rpm], p.env));
  runs.node.push(time([process.execPath, '-e', '0'], p.env));
  runs.checks.push(time(['/bin/sh', '-c', `for c in ${checks}/*; do "$c"; done`], p.env));
}
const median = (a) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)];
const m = Object.fromEntries(Object.entries(runs).map(([k, v]) => [k, median(v)]));
console.log(`preflight --package (${CHECKS} checks), median of ${rounds}: ${m.preflight.toFixed(1)} ms`);
console.log(`  / node -e 0:               ${(m.preflight / m.node).toFixed(2)}x (${m.node.toFixed(1)} ms)`);
console.log(`  / the checks in a sh loop: ${(m.preflight / m.checks).toFixed(2)}x (${m.checks.toFixed(1)} ms)`);
console.log(`  goal: <= 2000 ms added to the transaction: ${m.preflight <= 2000 ? 'yes' : 'NO'}`);
p.cleanup();
rmSync(top, { recursive: true, force: true });

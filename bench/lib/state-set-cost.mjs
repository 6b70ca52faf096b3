// Cost of keeping the state file's attributes (docs/SECURITY.md): `state set` end to end with two bundles,
// interleaved, and the `cp --attributes-only` alone, on a file without and with an ACL and a user xattr.
//   npm run -s build:tests && node bench/lib/state-set-cost.mjs BEFORE.cjs AFTER.cjs [ROUNDS]
// (BEFORE: e.g. git show COMMIT:dist/upgrade-hook.cjs > /tmp/before.cjs)
import { spawnSync } from 'node:child_process';
const { makeProduct } = await import(new URL('../../build/test/helpers/product.js', import.meta.url).href);
import { writeFileSync } from 'node:fs';
const [before, after, rounds = '20'] = process.argv.slice(2);
const p = makeProduct();
writeFileSync(p.stateFile, '[acme]\ndata_version = 1.0-1\n\n', { mode: 0o600 });
const median = (a) => {
  const s = [...a].sort((x, y) => x - y);
  return s[Math.floor(s.length / 2)];
};
const times = { before: [], after: [], cp: [], cpAcl: [] };
for (let i = 0; i < Number(rounds); i++) {
  for (const [k, bundle] of [
    ['before', before],
    ['after', after],
  ]) {
    const t0 = performance.now();
    const r = spawnSync(process.execPath, [bundle, 'state', 'set', 'acme', 'acme', 'k', `${k}${i}`], { env: p.env });
    if (r.status !== 0) throw new Error(String(r.stderr));
    times[k].push(performance.now() - t0);
  }
  writeFileSync(`${p.stateFile}.x`, 'x');
  const t0 = performance.now();
  spawnSync('cp', ['--attributes-only', '--preserve=mode,ownership,xattr', '--', p.stateFile, `${p.stateFile}.x`], {
    env: { PATH: '/usr/bin:/bin' },
  });
  times.cp.push(performance.now() - t0);
}
spawnSync('setfacl', ['-m', 'u:nobody:r', p.stateFile]);
spawnSync('setfattr', ['-n', 'user.test', '-v', '1', p.stateFile]);
for (let i = 0; i < Number(rounds); i++) {
  const t0 = performance.now();
  spawnSync('cp', ['--attributes-only', '--preserve=mode,ownership,xattr', '--', p.stateFile, `${p.stateFile}.x`], {
    env: { PATH: '/usr/bin:/bin' },
  });
  times.cpAcl.push(performance.now() - t0);
}
const f = (a) =>
  `median ${median(a).toFixed(1)} ms (min ${Math.min(...a).toFixed(1)}, max ${Math.max(...a).toFixed(1)})`;
console.log(
  `state set, before: ${f(times.before)}\nstate set, after:  ${f(times.after)}\ncp alone: ${f(times.cp)}\ncp alone, file with ACL + user xattr: ${f(times.cpAcl)}\n(${rounds} interleaved rounds, ${(await import('node:os')).cpus().length} cores, loadavg ${(
    await import('node:os')
  )
    .loadavg()
    .map((x) => x.toFixed(2))
    .join(' ')})`,
);
p.cleanup();

// The generator's soak (issue 20): generated cases in real systemd, more than CI's fixed seed set.
//   npm run soak -- --cases N [--seed S] [--batch B] [--keep]   cases S, S+1, ... S+N-1, B per container boot
//   npm run soak -- --replay SEED                               one case again, results kept
// Prints each case's verdict (with its seed and replay command) and a summary; exit 1 when an invariant broke.
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const root = new URL('..', import.meta.url).pathname;
const lib = (p) => import(pathToFileURL(join(root, 'build/test/e2e', p)).href);
const { containerSkipReason, ensureImage, stageArtifacts, removeDir } = await lib('lib/container.js');
const { runBatch, formatViolations, replay } = await lib('generator/batch.js');
const { describeCase, generateCase } = await lib('generator/model.js');

const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : dflt;
};
const replaySeed = opt('replay');
const cases = replaySeed !== undefined ? 1 : Number(opt('cases', '10'));
const first = replaySeed !== undefined ? Number(replaySeed) : Number(opt('seed', String(Date.now() % 1_000_000)));
const batchSize = Number(opt('batch', '5'));
const keep = replaySeed !== undefined || args.includes('--keep');

const skip = containerSkipReason();
if (skip) {
  console.error(`soak: cannot run here: ${skip}`);
  process.exit(77);
}
console.log(`soak: ${cases} case(s) from seed ${first}, ${batchSize} per boot`);
if (args.includes('--dry-run')) {
  for (let s = first; s < first + cases; s++) console.log(`seed ${s}: ${describeCase(generateCase(s))}`);
  process.exit(0);
}
const t0 = performance.now();
ensureImage();
const stage = stageArtifacts();
const violated = [];
const byInvariant = new Map();
let done = 0;
let boots = 0;
let cuts = 0;
const faultCounts = new Map();
try {
  for (let s = first; s < first + cases; s += batchSize) {
    const seeds = [];
    for (let x = s; x < Math.min(first + cases, s + batchSize); x++) seeds.push(x);
    const r = await runBatch(seeds, stage, { keep });
    boots += r.boots;
    cuts += r.powerCuts;
    for (const c of r.cases) {
      done++;
      for (const f of c.faults)
        faultCounts.set(f.replace(/ (\(|while).*$/, ''), (faultCounts.get(f.replace(/ (\(|while).*$/, '')) ?? 0) + 1);
      if (c.violations.length) {
        violated.push(c);
        for (const v of c.violations) byInvariant.set(v.invariant, (byInvariant.get(v.invariant) ?? 0) + 1);
        console.log(`FAIL ${formatViolations(c)}`);
      } else console.log(`ok   seed ${c.seed}: ${c.shape}${keep ? `   (results: ${c.dir})` : ''}`);
      if (c.faults.length) console.log(`     faults: ${c.faults.join('; ')}`);
    }
    console.log(
      `# batch ${seeds[0]}..${seeds[seeds.length - 1]}: ${(r.ms / 1000).toFixed(0)} s, ${r.boots} boot(s), ${r.powerCuts} power cut(s)`,
    );
  }
} finally {
  removeDir(stage);
}
const wall = (performance.now() - t0) / 1000;
console.log(
  `\nsoak summary: ${done} cases from seed ${first}, ${violated.length} with a violated invariant; ${boots} boots, ${cuts} power cuts; wall ${wall.toFixed(0)} s (${(wall / Math.max(1, done)).toFixed(1)} s per case)`,
);
for (const [f, n] of [...faultCounts].sort()) console.log(`  fault ${f}: ${n}`);
for (const [inv, n] of [...byInvariant].sort((a, b) => b[1] - a[1])) console.log(`  ${n} × ${inv}`);
for (const c of violated) console.log(`  replay: ${replay(c.seed)}`);
process.exit(violated.length ? 1 : 0);

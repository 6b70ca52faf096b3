// The job a matrix case runs inside its container (src/sandbox/matrix.ts caseJob): the steps in order, a
// digest after every hop of the chain and once at the end of a direct case, hooks quoted for /bin/sh.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { caseJob, defaultDigest } from '../../src/sandbox/matrix.js';

const h = { install: 'upgrade-hook stamp tally', seed: "tally-seed --name 'x'", digest: 'sha' };
const b = (v: string) => ({ version: v, dir: `/r/${v}` });
const steps = (job: string) => [...job.matchAll(/^step '?"?([^'"]+?)'?"? --/gm)].map((m) => m[1]);

test('a direct case: install, installer, seed, one upgrade, check, one digest', () => {
  const job = caseJob('tally', h, [b('1.0'), b('1.2')], true, false);
  assert.deepEqual(steps(job), ['install 1.0', 'install', 'seed', 'upgrade to 1.2', 'check', 'digest']);
  assert.match(job, /rpm -U --quiet \/mnt\/upgrade-hook-rpms\/with\/\*\.rpm \/r\/1\.0\/\*\.rpm/);
  assert.match(job, /sh -c 'tally-seed --name '\\''x'\\'''/);
});

test('the chain: a digest at the first version and after every hop', () => {
  const job = caseJob('tally', { ...h, seed: undefined }, [b('1.0'), b('1.1'), b('1.2')], false, true);
  assert.deepEqual(steps(job), [
    'install 1.0',
    'install',
    'digest',
    'upgrade to 1.1',
    'check',
    'digest',
    'upgrade to 1.2',
    'check',
    'digest',
  ]);
  assert.doesNotMatch(job, /\/with\//);
});

test('the default digest hashes the [backup] paths, and fails without any', () => {
  assert.match(defaultDigest(['/var/lib/tally/data']), /for p in '\/var\/lib\/tally\/data'/);
  assert.match(defaultDigest([]), /exit 1$/);
});

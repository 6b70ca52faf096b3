// The RPM's declaration of what the bundle carries from npm (issue 22): the spec's Provides: block and
// License: line must be what scripts/bundled-packages.mjs makes from dist/THIRD-PARTY-LICENSES.txt, which the
// build writes from esbuild's own record of the files it bundled (CI fails when the committed one differs), and
// every package in it must be the lockfile's. So a dependency change that is not declared fails here.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { REPO } from './repo.js';
const load = async () => (await import(`${REPO}scripts/bundled-packages.mjs`));
const notices = () => readFileSync(`${REPO}dist/THIRD-PARTY-LICENSES.txt`, 'utf8');
test('the spec declares exactly the bundled npm packages and their licenses', async () => {
    const g = await load();
    const packages = g.packagesInNotices(notices());
    assert.ok(packages.some((p) => p.name === 'execa') && packages.some((p) => p.name === 'pino'));
    const spec = readFileSync(`${REPO}rpm/upgrade-hook.spec`, 'utf8');
    assert.equal(spec, g.specWith(spec, packages), 'rpm/upgrade-hook.spec is stale: run npm run build, then node scripts/bundled-packages.mjs --write-spec');
});
test('every bundled package is the lockfile version, with its license text', async () => {
    const g = await load();
    const lock = JSON.parse(readFileSync(`${REPO}package-lock.json`, 'utf8'));
    const text = notices();
    for (const p of g.packagesInNotices(text)) {
        const inLock = Object.entries(lock.packages).some(([path, e]) => path.endsWith(`node_modules/${p.name}`) && e.version === p.version);
        assert.ok(inLock, `${p.name} ${p.version} is bundled but package-lock.json has no such package`);
    }
    assert.doesNotMatch(text, /ships no license file/);
});

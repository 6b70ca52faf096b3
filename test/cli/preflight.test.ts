// `upgrade-hook preflight NAME --new-root DIR` (issue 23): the new build's own rules judged against today's
// data before anything is installed, through the bundled CLI on real files. DIR holds the new package's files
// at their paths (as the dnf plugin extracts them); every case checks that nothing on disk changed.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { chmodSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { spawnSync } from 'node:child_process';
import { installedThenUpgraded, makeProduct, type TestProduct } from '../helpers/product.js';
import type { PreflightReport } from '../../src/preflight/run.js';
import { validate, type Schema } from '../docs/json-schema.js';
import { REPO } from '../docs/repo.js';

// docs/preflight-json.md's schema: every report below must conform to it
const SCHEMA = JSON.parse(
  /<!-- preflight-json-schema -->\s*```json\n([\s\S]*?)\n```/.exec(
    readFileSync(`${REPO}docs/preflight-json.md`, 'utf8'),
  )![1]!,
) as Schema;

type Report = PreflightReport;

// Every file below the product's root (the new root aside), hashed: preflight changes nothing.
function treeHash(root: string, skip: string): string {
  const h = createHash('sha256');
  const walk = (dir: string) => {
    for (const n of readdirSync(dir).sort()) {
      const p = join(dir, n);
      if (p === skip) continue;
      const st = statSync(p);
      h.update(`${p} ${st.mode}\n`);
      if (st.isDirectory()) walk(p);
      else h.update(readFileSync(p));
    }
  };
  walk(root);
  return h.digest('hex');
}

/** The new build in ROOT/new: the product's descriptor (plus `productExtra`), VERSION and the given scripts. */
function newBuild(p: TestProduct, version: string, productExtra = '', scripts: Record<string, string> = {}): string {
  const newRoot = join(p.root, 'new');
  mkdirSync(newRoot, { recursive: true, mode: 0o700 });
  chmodSync(newRoot, 0o700);
  const put = (path: string, text: string, mode = 0o644) => {
    const at = join(newRoot, path);
    mkdirSync(dirname(at), { recursive: true, mode: 0o755 });
    writeFileSync(at, text, { mode });
  };
  const conf = readFileSync(join(p.confDir, `${p.name}.conf`), 'utf8').replace(
    '[product]\n',
    `[product]\n${productExtra}\n`,
  );
  put(join(p.confDir, `${p.name}.conf`), conf);
  put(join(p.root, 'VERSION'), `${version}\n`);
  for (const [rel, body] of Object.entries(scripts)) put(join(p.scriptsDir, rel), body, 0o755);
  return newRoot;
}

function preflight(
  p: TestProduct,
  newRoot: string,
  ...extra: string[]
): { code: number | null; report: Report; text: string } {
  const json = p.run('preflight', p.name, '--new-root', newRoot, '--json', ...extra);
  const text = p.run('preflight', p.name, '--new-root', newRoot, ...extra);
  assert.equal(json.code, text.code, `${json.stderr}\n${text.stderr}`);
  assert.deepEqual(validate(SCHEMA, JSON.parse(json.stdout)), [], json.stdout);
  return { code: json.code, report: JSON.parse(json.stdout) as Report, text: text.stdout + text.stderr };
}

const inhibitors = (r: Report) => r.findings.filter((f) => f.inhibitor).map((f) => f.key);

test('preflight of a plain upgrade passes (exit 0) and changes nothing', (t) => {
  const p = makeProduct();
  t.after(p.cleanup);
  p.script('once', '0010_a', '#!/bin/sh\n');
  installedThenUpgraded(p, '1.1-1', '1.1-1');
  const newRoot = newBuild(p, '1.2-1', '', { 'once/0010_a': '#!/bin/sh\n', 'once/0020_b': '#!/bin/sh\nexit 0\n' });
  const before = treeHash(p.root, newRoot);
  const r = preflight(p, newRoot);
  assert.equal(r.code, 0, r.text);
  assert.deepEqual(
    { from: r.report.from, to: r.report.to, inhibited: r.report.inhibited },
    {
      from: '1.1-1',
      to: '1.2-1',
      inhibited: false,
    },
  );
  assert.equal(treeHash(p.root, newRoot), before);
  assert.match(r.text, /acme: preflight of 1\.2-1 on data 1\.1-1: ok/);
});

test('a required stop: data older than the new min_data_version inhibits, names the stop, changes nothing', (t) => {
  const p = makeProduct();
  t.after(p.cleanup);
  installedThenUpgraded(p, '1.0-1', '1.0-1');
  const newRoot = newBuild(p, '1.2-1', 'min_data_version = 1.1');
  const before = treeHash(p.root, newRoot);
  const r = preflight(p, newRoot);
  assert.equal(r.code, 3, r.text);
  assert.deepEqual(inhibitors(r.report), ['min-data-version']);
  const f = r.report.findings[0]!;
  assert.match(f.title, /upgrades data of 1\.1 or newer; the data is 1\.0-1/);
  assert.match(f.remediation, /upgrade to a build of at least 1\.1/);
  assert.match(r.text, /inhibitor \[min-data-version\]/);
  // the way past it without a new build, with the key and the file
  assert.match(r.text, /or waive it: \[waiver min-data-version\] with reason = and expires = in \S+\/acme\.conf/);
  assert.equal(treeHash(p.root, newRoot), before);
});

test("the new build's own check answering 3 inhibits; the installed build's checks are not asked", (t) => {
  const p = makeProduct();
  t.after(p.cleanup);
  installedThenUpgraded(p, '1.1-1', '1.1-1');
  const checks = join(p.root, 'checks');
  const newRoot = newBuild(p, '1.2-1', `checks = ${checks}`, {});
  mkdirSync(join(newRoot, checks), { recursive: true, mode: 0o755 });
  writeFileSync(join(newRoot, checks, 'schema'), '#!/bin/sh\necho "table foo has duplicates: dedupe it"\nexit 3\n', {
    mode: 0o755,
  });
  const r = preflight(p, newRoot);
  assert.equal(r.code, 3, r.text);
  assert.deepEqual(inhibitors(r.report), ['check:schema']);
  assert.match(r.report.findings[0]!.title, /table foo has duplicates/);
});

test('a failed upgrade, an unfinished rollback and a changed once-script each inhibit', (t) => {
  const p = makeProduct();
  t.after(p.cleanup);
  p.script('once', '0010_a', '#!/bin/sh\necho original\n');
  installedThenUpgraded(p, '1.1-1', '1.1-1');
  const newRoot = newBuild(p, '1.2-1', '', { 'once/0010_a': '#!/bin/sh\necho rewritten\n' });
  assert.deepEqual(inhibitors(preflight(p, newRoot).report), ['once-changed:0010_a']);
  mkdirSync(p.varDir, { recursive: true });
  for (const [reason, key] of [
    ['script-failed', 'failed-upgrade'],
    ['rollback-interrupted', 'rollback-unfinished'],
  ]) {
    writeFileSync(
      join(p.varDir, 'marker'),
      JSON.stringify({
        state: 'failed',
        reason,
        since: '2026-12-07T00:00:00Z',
        from: '1.1-1',
        to: '1.1-1',
        detail: 'x',
      }),
    );
    const r = preflight(p, newRoot);
    assert.equal(r.code, 3);
    assert.deepEqual(inhibitors(r.report), [key, 'once-changed:0010_a']);
  }
});

test('a rolled-back build stays out; a newer build passes; a waiver lets it in until it expires', (t) => {
  const p = makeProduct();
  t.after(p.cleanup);
  installedThenUpgraded(p, '1.1-1', '1.1-1');
  mkdirSync(p.varDir, { recursive: true });
  // what `rollback` records (record/rolled-back.ts), kept after the downgrade removed its marker
  writeFileSync(
    join(p.varDir, 'rolled-back.json'),
    JSON.stringify([{ build: '1.2-1', at: '2026-12-01T10:00:00Z', backup: '1.1-1-20261201T095900Z' }]),
  );
  const r = preflight(p, newBuild(p, '1.2-1'));
  assert.equal(r.code, 3, r.text);
  assert.deepEqual(inhibitors(r.report), ['rolled-back']);
  assert.equal(preflight(p, newBuild(p, '1.3-1')).code, 0);

  const waivers = join(p.root, 'waivers');
  mkdirSync(waivers, { mode: 0o755 });
  p.env.UPGRADE_HOOK_WAIVERS_DIR = waivers;
  writeFileSync(
    join(waivers, 'acme.conf'),
    '[waiver rolled-back]\nreason = fixed upstream, bug 42\nexpires = 2999-01-01\n',
  );
  const waived = preflight(p, newBuild(p, '1.2-1'));
  assert.equal(waived.code, 0, waived.text);
  assert.deepEqual(waived.report.findings[0]!.waiver?.reason, 'fixed upstream, bug 42');
  assert.match(waived.text, /waived \[rolled-back\]/);
  writeFileSync(join(waivers, 'acme.conf'), '[waiver rolled-back]\nreason = fixed upstream\nexpires = 2020-01-01\n');
  const expired = preflight(p, newBuild(p, '1.2-1'));
  assert.equal(expired.code, 3);
  assert.equal(expired.report.findings[0]!.waiver?.expired, true);
});

test('a broken or foreign-owned waivers file is refused by name, with the line', (t) => {
  const p = makeProduct();
  t.after(p.cleanup);
  installedThenUpgraded(p, '1.1-1', '1.1-1');
  const waivers = join(p.root, 'waivers');
  mkdirSync(waivers, { mode: 0o755 });
  p.env.UPGRADE_HOOK_WAIVERS_DIR = waivers;
  const file = join(waivers, 'acme.conf');
  writeFileSync(file, '[waiver rolled-back]\nreason = ok\nexpires = next tuesday\n');
  const bad = p.run('preflight', 'acme', '--new-root', newBuild(p, '1.2-1'));
  assert.equal(bad.code, 78, bad.stderr);
  assert.match(bad.stderr, new RegExp(`${file} line 3: \\[waiver rolled-back\\] expires = next tuesday: use a date`));
  writeFileSync(file, '[waiver rolled-back]\nreason = ok\n');
  chmodSync(file, 0o666);
  const writable = p.run('preflight', 'acme', '--new-root', newBuild(p, '1.2-1'));
  assert.notEqual(writable.code, 0);
  assert.match(writable.stderr, /refusing waivers .*writable by anyone/);
});

test('an upgrade records the waivers that held in its run-start record', (t) => {
  const p = makeProduct();
  t.after(p.cleanup);
  installedThenUpgraded(p, '1.1-1', '1.2-1');
  const waivers = join(p.root, 'waivers');
  mkdirSync(waivers, { mode: 0o755 });
  p.env.UPGRADE_HOOK_WAIVERS_DIR = waivers;
  writeFileSync(
    join(waivers, 'acme.conf'),
    '[waiver min-data-version]\nreason = skipped 1.1.5 on purpose\n\n[waiver check:*]\nreason = old\nexpires = 2020-01-01\n',
  );
  const r = p.run('run', 'acme');
  assert.equal(r.code, 0, r.stderr);
  const start = p.history().find((x) => x.t === 'run-start');
  assert.deepEqual(start?.waivers, [{ key: 'min-data-version', reason: 'skipped 1.1.5 on purpose', expires: null }]);
});

test('without --new-root it judges the installed build; an older data version is an upgrade, a newer one inhibits', (t) => {
  const p = makeProduct();
  t.after(p.cleanup);
  installedThenUpgraded(p, '1.1-1', '1.2-1');
  assert.equal(p.run('preflight', 'acme').code, 0);
  p.setBuild('1.0-1');
  const r = p.run('preflight', 'acme', '--json');
  assert.equal(r.code, 3);
  assert.deepEqual(inhibitors(JSON.parse(r.stdout) as Report), ['downgrade']);
});

test('--package that is no RPM: a clear error naming the file, nothing judged, nothing changed', (t) => {
  const p = makeProduct();
  t.after(p.cleanup);
  installedThenUpgraded(p, '1.1-1', '1.1-1');
  const notRpm = join(p.root, 'acme-1.2-1.noarch.rpm');
  writeFileSync(notRpm, 'not an rpm\n');
  const before = treeHash(p.root, '');
  const r = p.run('preflight', 'acme', '--package', notRpm);
  assert.equal(r.code, 2, r.stderr);
  assert.match(r.stderr, new RegExp(`cannot read the package ${notRpm}`));
  assert.match(r.stderr, /pass an RPM file, or a directory of RPM files/);
  assert.equal(treeHash(p.root, ''), before);
  // a directory with no package of this product: nothing to judge, exit 0
  const empty = join(p.root, 'downloads');
  mkdirSync(empty);
  const none = p.run('preflight', 'acme', '--package', empty);
  assert.equal(none.code, 0, none.stderr);
  assert.match(none.stdout + none.stderr, /no package in \S+ ships acme's descriptor: nothing to judge/);
});

// A real RPM shipping the product's descriptor at its path, built here with rpmbuild.
function packageOf(p: TestProduct, version: string): string {
  const top = join(p.root, 'rpmbuild');
  const descriptor = join(p.confDir, `${p.name}.conf`);
  mkdirSync(join(top, 'SPECS'), { recursive: true });
  writeFileSync(
    join(top, 'SPECS', 'acme.spec'),
    [
      'Name: acme',
      `Version: ${version}`,
      'Release: 1',
      'Summary: test',
      'License: MIT',
      'BuildArch: noarch',
      '%description',
      'test',
      '%install',
      `mkdir -p %{buildroot}${dirname(descriptor)}`,
      `cp ${descriptor} %{buildroot}${descriptor}`,
      '%files',
      descriptor,
      '',
    ].join('\n'),
  );
  const r = spawnSync('rpmbuild', ['--quiet', '--define', `_topdir ${top}`, '-bb', join(top, 'SPECS', 'acme.spec')], {
    encoding: 'utf8',
  });
  assert.equal(r.status, 0, r.stderr);
  return join(top, 'RPMS', 'noarch', `acme-${version}-1.noarch.rpm`);
}

test('--package: what a killed preflight left unpacked is removed by the next one; a live one is not', (t) => {
  const p = makeProduct();
  t.after(p.cleanup);
  installedThenUpgraded(p, '1.0-1', '1.0-1');
  const rpm = packageOf(p, '1.1');
  const tmp = join(p.root, 'tmp');
  mkdirSync(tmp, { mode: 0o755 });
  p.env.TMPDIR = tmp;
  const gone = spawnSync('true');
  const deadOnes = join(tmp, `upgrade-hook-preflight-${gone.pid}-AbC123`);
  const liveOnes = join(tmp, `upgrade-hook-preflight-${process.pid}-XyZ789`);
  for (const d of [deadOnes, liveOnes]) {
    mkdirSync(join(d, 'usr'), { recursive: true, mode: 0o700 });
    writeFileSync(join(d, 'usr', 'file'), 'unpacked\n');
  }
  const r = p.run('preflight', 'acme', '--package', rpm);
  assert.equal(r.code, 0, r.stdout + r.stderr);
  assert.deepEqual(readdirSync(tmp), [`upgrade-hook-preflight-${process.pid}-XyZ789`], 'only the live one is left');
});

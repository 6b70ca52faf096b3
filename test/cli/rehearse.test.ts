// `rehearse`'s refusals (issue 24), through the bundled tool on a scratch product: a missing or wrong
// --packages directory is named (exit 2), a product without data paths is a descriptor error (exit 78), an
// unknown [rehearse] key is named with the allowed ones, and plan says nothing about downtime without a
// measurement. Nothing is written to the product's records.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { installedThenUpgraded, makeProduct } from '../helpers/product.js';

test('rehearse: --packages missing, absent or a file is named, exit 2', () => {
  const p = makeProduct();
  try {
    p.descriptor('[backup]\npaths = /nonexistent-data\n');
    const file = join(p.root, 'file');
    writeFileSync(file, '');
    const cases: Array<[string[], RegExp]> = [
      [[], /rehearse needs --packages DIR/],
      [['--packages', join(p.root, 'nope')], /--packages .*nope: ENOENT/],
      [['--packages', file], /--packages .*file: not a directory/],
    ];
    for (const [args, message] of cases) {
      const r = p.run('rehearse', p.name, ...args);
      assert.equal(r.code, 2, r.stderr);
      assert.match(r.stderr, message);
      assert.equal(r.stdout, '');
    }
    assert.ok(!existsSync(join(p.varDir, 'rehearse')), 'nothing was made');
  } finally {
    p.cleanup();
  }
});

test('rehearse: a product without [backup] paths is a descriptor error naming the fix, exit 78', () => {
  const p = makeProduct();
  try {
    p.descriptor();
    const dir = join(p.root, 'rpms');
    mkdirSync(dir);
    const r = p.run('rehearse', p.name, '--packages', dir);
    assert.equal(r.code, 78, r.stderr);
    assert.match(r.stderr, /rehearse needs the product's data paths: \[backup\] paths/);
  } finally {
    p.cleanup();
  }
});

test('[rehearse]: an unknown key is named with a guess; the known ones are accepted', () => {
  const p = makeProduct();
  try {
    p.descriptor('[rehearse]\nneutralise = true\n');
    const bad = p.run('plan', p.name);
    assert.equal(bad.code, 78, bad.stderr);
    assert.match(bad.stderr, /unknown key "neutralise" in \[rehearse\]: did you mean "neutralize"\?/);
    p.descriptor('[rehearse]\nneutralize = true\nseed = true\ndigest = echo x\ninstall = true\n');
    assert.equal(p.run('plan', p.name).code, 0);
  } finally {
    p.cleanup();
  }
});

test('plan: no downtime number without a measurement', () => {
  const p = makeProduct();
  try {
    p.descriptor();
    p.script('once', '1000_a', '#!/bin/sh\nexit 0\n');
    p.setBuild('1.0');
    assert.equal(p.run('stamp', p.name).code, 0);
    p.setBuild('1.1');
    const r = p.run('plan', p.name);
    assert.equal(r.code, 0, r.stderr);
    assert.doesNotMatch(r.stdout, /predicted downtime/, 'no line, no number');
    const json = p.run('plan', p.name, '--json');
    assert.equal(json.code, 0, json.stderr);
    assert.equal(JSON.parse(json.stdout).downtime, null, 'plan --json: null, not a guessed number');
  } finally {
    p.cleanup();
  }
});

test('a run shows an ETA on its progress lines only from the last rehearsal of this upgrade', () => {
  const p = makeProduct();
  try {
    installedThenUpgraded(p, '1.0-1', '1.1-1');
    p.script('once', '0010_long', '#!/bin/sh\nsleep 3\n');
    p.script('once', '0020_short', '#!/bin/sh\nexit 0\n');
    // a rehearsal of 1.0-1 -> 1.1-1 measured 0010_long at 9 s and 0020_short at 1 s
    mkdirSync(join(p.varDir, 'rehearse'), { recursive: true, mode: 0o700 });
    const steps = [
      { script: 'once/0010_long', phase: 'offline', ms: 9000, result: 'ok' },
      { script: 'once/0020_short', phase: 'offline', ms: 1000, result: 'ok' },
    ];
    const report = { at: '2026-12-07T12:00:00Z', from: '1.0-1', to: '1.1-1', ok: true };
    writeFileSync(
      join(p.varDir, 'rehearse', 'last.json'),
      JSON.stringify({
        ...report,
        run: { run: 'x', from: '1.0-1', to: '1.1-1', result: 'ok', runMs: 10_000, downtimeMs: 10_000, steps },
      }),
    );
    const plan = p.run('plan', p.name);
    assert.match(
      plan.stdout,
      /predicted downtime: 10 s of 10 s \(1\.0-1 -> 1\.1-1, measured by the rehearsal of 2026-12-07T12:00:00Z\)/,
    );
    assert.match(plan.stdout, /once\/0010_long +offline +9\.0 s/);
    const json = p.run('plan', p.name, '--json');
    assert.deepEqual(JSON.parse(json.stdout).downtime, {
      measuredBy: 'rehearsal',
      at: '2026-12-07T12:00:00Z',
      from: '1.0-1',
      to: '1.1-1',
      downtimeMs: 10_000,
      runMs: 10_000,
      steps,
    });
    const r = p.run('run', p.name);
    assert.equal(r.code, 0, r.stderr);
    // 10 s measured for what is left, 2-3 s of it already spent
    assert.match(r.stdout, /0010_long running for \d+ s \(log: [^)]*\); about [78] s left by the last measurement/);
  } finally {
    p.cleanup();
  }
});

test('no ETA when a remaining script was never measured', () => {
  const p = makeProduct();
  try {
    installedThenUpgraded(p, '1.0-1', '1.1-1');
    p.script('once', '0010_long', '#!/bin/sh\nsleep 3\n');
    p.script('once', '0020_new', '#!/bin/sh\nexit 0\n');
    mkdirSync(join(p.varDir, 'rehearse'), { recursive: true, mode: 0o700 });
    const steps = [{ script: 'once/0010_long', phase: 'offline', ms: 9000, result: 'ok' }];
    writeFileSync(
      join(p.varDir, 'rehearse', 'last.json'),
      JSON.stringify({
        at: 'x',
        from: '1.0-1',
        to: '1.1-1',
        ok: true,
        run: { run: 'x', from: '1.0-1', to: '1.1-1', result: 'ok', runMs: 9000, downtimeMs: 9000, steps },
      }),
    );
    const r = p.run('run', p.name);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /0010_long running for \d+ s \(log: /);
    assert.doesNotMatch(r.stdout, /left by the last measurement/);
  } finally {
    p.cleanup();
  }
});

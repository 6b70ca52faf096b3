// The generator's pure part (test/e2e/generator/model.ts, render.ts; issue 20): a seed always gives the same
// case, and over a few hundred seeds every shape, way of upgrading and fault the generator promises occurs.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { describeCase, generateCase, Rng, shapeHash } from '../e2e/generator/model.js';
import { renderProduct } from '../e2e/generator/render.js';

const SEEDS = Array.from({ length: 400 }, (_, i) => i);
const cases = SEEDS.map(generateCase);
const products = cases.flatMap((c) => c.products);
const units = products.flatMap((p) => p.units);

describe('generator: determinism', () => {
  test('the same seed gives the same case, shapes, hash and rendered files', () => {
    for (const s of [0, 1, 7, 12345, 4294967295]) {
      assert.deepEqual(generateCase(s), generateCase(s));
      for (const [a, b] of generateCase(s).products.map((p, i) => [p, generateCase(s).products[i]!] as const)) {
        assert.equal(shapeHash(a), shapeHash(b));
        assert.deepEqual(renderProduct(a), renderProduct(b));
      }
    }
  });
  test('the PRNG is mulberry32: fixed first draws for seed 1', () => {
    const r = new Rng(1);
    assert.deepEqual(
      [r.next(), r.next(), r.next()].map((x) => x.toFixed(6)),
      ['0.627074', '0.002736', '0.527447'],
    );
  });
  test('different seeds give different cases (400 seeds, at least 390 distinct descriptions)', () => {
    assert.ok(new Set(cases.map(describeCase)).size >= 390);
  });
});

describe('generator: shapes covered over 400 seeds', () => {
  const has = (what: string, ok: boolean) => assert.ok(ok, `no generated case has ${what}`);
  test('2-8 units per product; one or two products; a shared backend', () => {
    const bad = products.filter((p) => p.units.length < 2 || p.units.length > 8);
    assert.deepEqual(
      bad.map((p) => `${p.name}: ${p.units.length}`),
      [],
    );
    has(
      'two products',
      cases.some((c) => c.products.length === 2),
    );
    has(
      'one product',
      cases.some((c) => c.products.length === 1),
    );
    has(
      'a shared backend',
      products.some((p) => p.sharedBackends.length > 0),
    );
  });
  test('relations with and without After=, unit types, RemainAfterExit, Restart=', () => {
    for (const rel of ['Requires', 'BindsTo', 'Wants', 'PartOf'] as const) {
      has(
        `${rel}= with After=`,
        units.some((u) => u.deps.some((d) => d.rel === rel && d.after)),
      );
      if (rel !== 'PartOf')
        has(
          `${rel}= without After=`,
          units.some((u) => u.deps.some((d) => d.rel === rel && !d.after)),
        );
    }
    for (const t of ['simple', 'notify', 'oneshot'] as const)
      has(
        `Type=${t}`,
        units.some((u) => u.type === t),
      );
    has(
      'oneshot with RemainAfterExit',
      units.some((u) => u.type === 'oneshot' && u.remainAfterExit),
    );
    has(
      'oneshot without RemainAfterExit',
      units.some((u) => u.type === 'oneshot' && !u.remainAfterExit),
    );
    for (const r of ['always', 'on-failure'] as const)
      has(
        `Restart=${r}`,
        units.some((u) => u.restart === r),
      );
  });
  test('socket, path and timer activation; template instances not in the descriptor; slow starts; RefuseManual*', () => {
    for (const k of ['socket', 'path', 'timer', 'storage'] as const)
      has(
        `a ${k} unit`,
        units.some((u) => u.kind === k),
      );
    has(
      'a template instance not in the descriptor',
      units.some((u) => u.name.includes('@') && !u.inDescriptor),
    );
    has(
      'a gated unit not in the descriptor',
      units.some((u) => u.gated && !u.inDescriptor),
    );
    has(
      'ExecStartPre',
      units.some((u) => u.startPre > 0),
    );
    has(
      'ExecStartPost',
      units.some((u) => u.startPost > 0),
    );
    has(
      'RefuseManualStart',
      units.some((u) => u.refuseManualStart),
    );
    has(
      'RefuseManualStop',
      units.some((u) => u.refuseManualStop),
    );
    has(
      "Fedora's restart marks",
      products.some((p) => p.restartMarks),
    );
    has(
      'plain %systemd_postun',
      products.some((p) => !p.restartMarks),
    );
    has(
      'a backup section',
      products.some((p) => p.backup),
    );
  });
  test('every way of upgrading, every fault, every admin verb, rollback', () => {
    const steps = cases.flatMap((c) => c.steps);
    for (const via of ['dnf', 'rpm', 'offline-restart', 'offline-reboot'] as const)
      has(
        `an upgrade by ${via}`,
        steps.some((s) => s.via === via),
      );
    for (const f of ['none', 'kill-tool', 'power-cut', 'fail-then-fix'] as const)
      has(
        `the fault ${f}`,
        steps.some((s) => s.fault.kind === f),
      );
    for (const v of ['restart', 'start', 'stop-start'] as const)
      has(
        `an admin's ${v}`,
        steps.some((s) => s.admin?.verb === v),
      );
    has(
      'an admin command on a target',
      steps.some((s) => s.admin?.unit.endsWith('.target')),
    );
    has(
      'a rollback',
      cases.some((c) => c.rollback),
    );
  });
  test('an admin never picks a unit that refuses manual starts or stops', () => {
    const refusing = new Set(units.filter((u) => u.refuseManualStart || u.refuseManualStop).map((u) => u.name));
    const bad = cases.flatMap((c) =>
      c.steps.filter((s) => s.admin && refusing.has(s.admin.unit)).map((s) => `${c.seed}: ${s.admin!.unit}`),
    );
    // (names repeat across cases: a name refusing in one case may be fine in another; judge per case)
    const perCase = cases.flatMap((c) => {
      const r = new Set(
        c.products.flatMap((p) => p.units.filter((u) => u.refuseManualStart || u.refuseManualStop).map((u) => u.name)),
      );
      return c.steps.filter((s) => s.admin && r.has(s.admin.unit)).map((s) => `${c.seed}: ${s.admin!.unit}`);
    });
    assert.deepEqual(perCase, [], bad.join(', '));
  });
});

describe('generator: rendered packages', () => {
  test('every gated unit requires and is ordered after its gate; backends never are', () => {
    for (const p of products) {
      const files = renderProduct(p);
      for (const u of p.units) {
        const text = files[`systemd/${u.name.replace(/@[^.]+\./, '@.')}`]!;
        const gated =
          text.includes(`Requires=upgrade-hook@${p.name}.service`) &&
          text.includes(`After=upgrade-hook@${p.name}.service`);
        assert.equal(gated, u.gated, `${u.name} of seed shape ${shapeHash(p)}:\n${text}`);
      }
    }
  });
  test('the descriptor lists the backends, shared ones too, and the spec ships every unit file', () => {
    for (const p of products) {
      const files = renderProduct(p);
      const conf = files[`conf/${p.name}.conf`]!;
      for (const b of [...p.sharedBackends, ...p.units.filter((u) => u.kind === 'backend').map((u) => u.name)])
        assert.match(conf, new RegExp(`role = backend\\nunit = ${b.replace('.', '\\.')}`));
      const spec = files[`${p.name}.spec`]!;
      for (const f of Object.keys(files).filter((x) => x.startsWith('systemd/')))
        assert.ok(spec.includes(`%{_unitdir}/${f.slice('systemd/'.length)}`), `${f} not in the spec`);
    }
  });
  test('1.1 and 1.2 each ship a once-script per phase and a precheck', () => {
    const files = Object.keys(renderProduct(products[0]!)).filter((f) => f.includes('/once/'));
    assert.deepEqual(files.map((f) => f.split('/').pop()).sort(), [
      '1100_offline_v1_1',
      '1200_offline_v1_2',
      '4100_precheck_v1_1',
      '4150_backend_v1_1',
      '4200_precheck_v1_2',
      '4250_backend_v1_2',
      '7100_online_v1_1',
      '7200_online_v1_2',
    ]);
  });
});

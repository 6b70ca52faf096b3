// The generator's pure part (issue 20): from a seed, a case = one or two generated products (a systemd unit
// graph each, drawn from the shapes real products have) and a sequence of upgrade steps with faults and an
// admin's commands. Same seed, same case, on any machine; nothing here touches the system.
import { createHash } from 'node:crypto';

// mulberry32: a small, fast, well-mixed 32-bit PRNG; enough for drawing shapes, and trivially replayable.
export class Rng {
  private s: number;
  constructor(seed: number) {
    this.s = seed >>> 0;
  }
  next(): number {
    this.s = (this.s + 0x6d2b79f5) >>> 0;
    let t = this.s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(xs: readonly T[]): T {
    return xs[Math.floor(this.next() * xs.length)]!;
  }
}

export type UnitKind = 'storage' | 'backend' | 'app' | 'worker' | 'socket' | 'api' | 'path' | 'timer' | 'job';
export type Relation = 'Requires' | 'BindsTo' | 'Wants' | 'PartOf';

export interface Dep {
  rel: Relation;
  to: string;
  after: boolean;
}

export interface UnitSpec {
  // full unit name; a template instance is NAME@I.service (the file is NAME@.service)
  name: string;
  kind: UnitKind;
  gated: boolean;
  inDescriptor: boolean;
  type: 'simple' | 'notify' | 'oneshot' | null;
  remainAfterExit: boolean;
  restart: 'no' | 'always' | 'on-failure';
  startPre: number; // seconds of ExecStartPre=/bin/sleep (0: none)
  startPost: number;
  deps: Dep[];
  triggers: string | null; // socket/path/timer: the service it starts
  refuseManualStart: boolean;
  refuseManualStop: boolean;
  port: number | null;
  // enabled through the target (WantedBy=NAME.target), as template instances are
  wantedByTarget: boolean;
}

export interface ProductSpec {
  name: string; // gpa or gpb
  units: UnitSpec[];
  // %postun: Fedora's %systemd_postun_with_restart (restart marks) or plain %systemd_postun
  restartMarks: boolean;
  // seconds each once-script works (the window a kill can fall in)
  scriptSeconds: number;
  backup: boolean;
  // units of the other product this one lists as its backends (a shared database)
  sharedBackends: string[];
}

export type Via = 'dnf' | 'rpm' | 'offline-restart' | 'offline-reboot';
export type Fault =
  | { kind: 'none' }
  | { kind: 'kill-tool'; afterMs: number }
  | { kind: 'power-cut'; afterMs: number }
  | { kind: 'fail-then-fix' };
export interface AdminAction {
  verb: 'restart' | 'start' | 'stop-start';
  unit: string;
  afterMs: number;
}
export interface Step {
  to: '1.1' | '1.2';
  via: Via;
  fault: Fault;
  admin: AdminAction | null;
}
export interface Case {
  seed: number;
  products: ProductSpec[];
  steps: Step[];
  // after the last step: rollback to the backup of the last upgrade, then the package downgrade
  rollback: boolean;
}

const PRODUCTS = ['gpa', 'gpb'];

function unit(name: string, kind: UnitKind, over: Partial<UnitSpec> = {}): UnitSpec {
  return {
    name,
    kind,
    gated: false,
    inDescriptor: false,
    type: 'simple',
    remainAfterExit: false,
    restart: 'no',
    startPre: 0,
    startPost: 0,
    deps: [],
    triggers: null,
    refuseManualStart: false,
    refuseManualStop: false,
    port: null,
    wantedByTarget: false,
    ...over,
  };
}

// One product's unit graph: a backend (maybe over slow storage, maybe the other product's), 1-3 apps
// bound to it in the ways real units are, and extras (socket-activated api, path/timer jobs, workers).
function product(rng: Rng, slot: number, other: ProductSpec | undefined): ProductSpec {
  const p = PRODUCTS[slot]!;
  const port = (i: number) => 17500 + slot * 20 + i;
  const units: UnitSpec[] = [];
  const budget = rng.int(2, 8);
  const shared = other !== undefined && rng.chance(0.5);
  let backend: string;
  if (shared) {
    backend = other.units.find((u) => u.kind === 'backend')!.name;
  } else {
    backend = `${p}-db.service`;
    const db = unit(backend, 'backend', {
      inDescriptor: true,
      type: rng.pick(['notify', 'simple'] as const),
      restart: rng.pick(['always', 'on-failure', 'no'] as const),
      port: port(0),
    });
    units.push(db);
    if (budget > 2 && rng.chance(0.4)) {
      const storage = unit(`${p}-storage.service`, 'storage', {
        type: 'oneshot',
        remainAfterExit: true,
        startPre: rng.pick([0.5, 1, 2]),
        refuseManualStop: rng.chance(0.3),
      });
      units.push(storage);
      db.deps.push({ rel: 'Requires', to: storage.name, after: true });
    }
  }
  const apps = rng.int(1, Math.max(1, Math.min(3, budget - units.length)));
  for (let i = 1; i <= apps; i++) {
    const type = rng.pick(['simple', 'simple', 'notify', 'oneshot'] as const);
    const rel = rng.pick(['Requires', 'BindsTo', 'Wants'] as const);
    units.push(
      unit(`${p}-app${i}.service`, 'app', {
        gated: true,
        inDescriptor: i === 1 || rng.chance(0.5),
        type,
        remainAfterExit: type === 'oneshot',
        restart: type === 'oneshot' ? 'no' : rng.pick(['no', 'always', 'on-failure'] as const),
        startPre: rng.chance(0.3) ? rng.pick([0.5, 1, 2]) : 0,
        startPost: rng.chance(0.2) ? rng.pick([0.3, 1]) : 0,
        deps: [{ rel, to: backend, after: rng.chance(0.8) }],
        port: type === 'oneshot' ? null : port(i),
        refuseManualStart: i > 1 && rng.chance(0.1),
      }),
    );
  }
  const app1 = `${p}-app1.service`;
  const extras = ['api', 'path', 'timer', 'worker', 'worker', 'job'] as const;
  while (units.length < budget) {
    const kind = rng.pick(extras);
    // (a socket, path or timer comes with its service: two units)
    if (kind !== 'worker' && kind !== 'job' && budget - units.length < 2) continue;
    if (kind === 'api' && !units.some((u) => u.kind === 'api')) {
      const api = `${p}-api.service`;
      units.push(
        unit(`${p}-api.socket`, 'socket', {
          triggers: api,
          port: port(9),
          deps: [{ rel: 'PartOf', to: `${p}.target`, after: false }],
        }),
        unit(api, 'api', {
          gated: true,
          inDescriptor: rng.chance(0.5),
          deps: [{ rel: 'Requires', to: backend, after: true }],
          port: port(9),
        }),
      );
    } else if (kind === 'path' || kind === 'timer') {
      const n = units.filter((u) => u.kind === kind).length + 1;
      const job = `${p}-${kind}job${n}.service`;
      units.push(
        unit(`${p}-${kind}job${n}.${kind}`, kind, { triggers: job, wantedByTarget: true }),
        unit(job, 'job', { gated: true, type: 'oneshot', deps: [{ rel: 'Wants', to: backend, after: true }] }),
      );
    } else if (kind === 'worker') {
      // instances of one template file share its settings
      const first = units.find((u) => u.kind === 'worker');
      const n = units.filter((u) => u.kind === 'worker').length + 1;
      units.push(
        unit(`${p}-worker@${n}.service`, 'worker', {
          gated: true,
          restart: first ? first.restart : rng.pick(['no', 'always', 'on-failure'] as const),
          deps: [{ rel: 'PartOf', to: app1, after: true }],
          wantedByTarget: true,
          refuseManualStart: first ? first.refuseManualStart : rng.chance(0.15),
        }),
      );
    } else if (kind === 'job') {
      const n = units.filter((u) => u.name.startsWith(`${p}-oneshot`)).length + 1;
      units.push(
        unit(`${p}-oneshot${n}.service`, 'app', {
          gated: true,
          type: 'oneshot',
          remainAfterExit: rng.chance(0.5),
          deps: [{ rel: 'Requires', to: backend, after: true }],
          wantedByTarget: true,
        }),
      );
    } else if (kind === 'api') {
      // (one api per product; draw again)
    }
  }
  for (const u of units) {
    if ((u.kind === 'app' || u.kind === 'api') && rng.chance(0.6))
      u.deps.push({ rel: 'PartOf', to: `${p}.target`, after: false });
  }
  return {
    name: p,
    units,
    restartMarks: rng.chance(0.7),
    scriptSeconds: rng.pick([0.1, 0.3, 0.6]),
    backup: rng.chance(0.3),
    sharedBackends: shared ? [backend] : [],
  };
}

// Units an admin may restart or start (not those that refuse it, not the path/timer jobs).
export function adminUnits(ps: ProductSpec[]): string[] {
  return ps.flatMap((p) => [
    `${p.name}.target`,
    ...p.units
      .filter((u) => !u.refuseManualStart && !u.refuseManualStop && u.kind !== 'job' && u.kind !== 'socket')
      .map((u) => u.name),
  ]);
}

export function generateCase(seed: number): Case {
  const rng = new Rng(seed);
  const products: ProductSpec[] = [product(rng, 0, undefined)];
  if (rng.chance(0.35)) products.push(product(rng, 1, products[0]));
  const steps: Step[] = [];
  for (const to of ['1.1', '1.2'] as const) {
    const via = rng.pick(['dnf', 'dnf', 'rpm', 'offline-restart', 'offline-reboot'] as const);
    const f = rng.next();
    // (a reboot's upgrade runs in the boot, before anyone can act: only a failing step applies to it)
    const fault: Fault =
      via === 'offline-reboot' && f >= 0.35 && f < 0.8
        ? { kind: 'none' }
        : f < 0.35
          ? { kind: 'none' }
          : f < 0.6
            ? { kind: 'kill-tool', afterMs: rng.int(0, 3000) }
            : f < 0.8
              ? { kind: 'power-cut', afterMs: rng.int(0, 3000) }
              : { kind: 'fail-then-fix' };
    const admin: AdminAction | null =
      rng.chance(0.5) && via !== 'offline-reboot'
        ? {
            verb: rng.pick(['restart', 'restart', 'start', 'stop-start'] as const),
            unit: rng.pick(adminUnits(products)),
            afterMs: rng.int(0, 4000),
          }
        : null;
    steps.push({ to, via, fault, admin });
  }
  return { seed, products, steps, rollback: products.some((p) => p.backup) && rng.chance(0.5) };
}

// The RPMs depend only on the products' shapes: cases with the same shapes share one build.
export function shapeHash(p: ProductSpec): string {
  return createHash('sha256').update(JSON.stringify(p)).digest('hex').slice(0, 16);
}

// One line naming a case's shape, for reports and failure messages.
export function describeCase(c: Case): string {
  const ps = c.products
    .map(
      (p) =>
        `${p.name}[${p.units.map((u) => `${u.name.replace(`${p.name}-`, '')}${u.gated ? '' : '*'}`).join(' ')}${p.sharedBackends.length ? ` shares ${p.sharedBackends.join(',')}` : ''}${p.restartMarks ? '' : ' plain-postun'}${p.backup ? ' backup' : ''}]`,
    )
    .join(' + ');
  const steps = c.steps
    .map(
      (s) =>
        `${s.to} by ${s.via}${s.fault.kind === 'none' ? '' : ` + ${s.fault.kind}${'afterMs' in s.fault ? `@${s.fault.afterMs}ms` : ''}`}${s.admin ? ` + admin ${s.admin.verb} ${s.admin.unit}@${s.admin.afterMs}ms` : ''}`,
    )
    .join('; ');
  return `${ps} | ${steps}${c.rollback ? '; rollback + downgrade' : ''}`;
}

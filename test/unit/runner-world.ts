// A product in memory for tests of the runner: services run by start/stop commands whose state is a
// Set, scripts that are table entries, a clock that moves only when the runner sleeps, and one list of
// everything the runner did, in order. No process, no file but the restart-request file of a temp dir.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import type { CommandResult } from '../../src/proc/run-command.js';
import type { Outcome } from '../../src/run/execute-plan.js';
import { runFrame, type FrameEffects, type FrameRun } from '../../src/run/run-frame.js';
import type { RunnerIO } from '../../src/services/runner-io.js';
import type { ScriptOutcome } from '../../src/script/spawn-script.js';
import type { UpgradeOptions } from '../../src/run/upgrade.js';
import type { Terminal } from '../../src/log/terminal.js';
import { nullProductLog } from '../../src/log/product-log.js';
import type { Descriptor, ServiceSpec } from '../../src/product/descriptor.js';
import { planUpgrade, type Plan } from '../../src/plan/planner.js';
import type { ScriptFile, ScriptKind } from '../../src/script/script.js';
import { memoryRecords } from '../../src/record/memory-stores.js';
import { gateUnit } from '../../src/systemd/topology.js';

export const PHASES = [
  { name: 'offline', from: 1, to: 2999 },
  { name: 'backend', from: 3000, to: 5999 },
  { name: 'online', from: 6000, to: 9999 },
];

/** A service started and stopped by commands, `probe NAME` answering while it is up. */
export function service(name: string, role: 'backend' | 'app', readyTimeoutSec = 30): ServiceSpec {
  return {
    name,
    role,
    unit: undefined,
    start: `start ${name}`,
    stop: `stop ${name}`,
    ready: { kind: 'exec', command: `probe ${name}` },
    readyTimeoutSec,
  };
}

/** A service that is a systemd unit (no readiness probe: the start job's end is enough). */
export function unitService(name: string, role: 'backend' | 'app'): ServiceSpec {
  return {
    name,
    role,
    unit: `${name}.service`,
    start: undefined,
    stop: undefined,
    ready: undefined,
    readyTimeoutSec: 30,
  };
}

/** A unit of the fake systemd: running or not, and the units it requires (its RequiredBy= is derived). */
export interface FakeUnit {
  active: boolean;
  requires?: string[];
  /** More `systemctl show` properties (TriggeredBy=, Triggers=, RefuseManualStop=...). */
  props?: Record<string, string>;
  /** Type=oneshot without RemainAfterExit: a start runs it to its end, and it is inactive again. */
  runsToCompletion?: boolean;
  /** The socket systemd refuses to start while its service runs ("Socket service X already active"). */
  socketOf?: string;
  /** Units it wants (its WantedBy= is derived). */
  wants?: string[];
  /** For a timer, socket or path unit: the units it starts (their TriggeredBy= is derived). */
  triggers?: string[];
  /** A job systemd has queued for it (an admin's start waiting at the gate): `list-jobs` shows it. */
  job?: 'start' | 'restart';
}

export function descriptor(services: ServiceSpec[]): Descriptor {
  return {
    name: 'acme',
    sources: [],
    buildVersion: { kind: 'literal', value: '2.0' },
    platform: undefined,
    versionScheme: 'rpm',
    stateFile: '/nonexistent/state',
    stateSection: 'acme',
    scriptsDir: '/s',
    adminScriptsDir: undefined,
    varDir: '/nonexistent/var',
    logFile: '/nonexistent/log',
    autoUpgrade: true,
    scriptTimeoutSec: 60,
    configuredIf: undefined,
    assumeDataVersion: '0',
    minDataVersion: undefined,
    phases: PHASES,
    services,
    checksDir: undefined,
    checkTimeoutSec: 60,
    backup: undefined,
  };
}

export function script(kind: ScriptKind, name: string): ScriptFile {
  const path = `/s/${kind}/${name}`;
  return {
    name,
    number: Number(name.slice(0, 4)),
    kind,
    path,
    origin: 'package',
    timeoutSec: undefined,
    fingerprint: `fp:${name}`,
    runPath: path,
    identity: `1:${name}`,
  };
}

/** What a script does when run: exit status, lines it prints, services it asks to restart, a side effect. */
export interface ScriptBehaviour {
  exit?: number;
  print?: string[];
  restart?: string[];
  also?: (w: World) => void;
}

export class World {
  readonly up = new Set<string>();
  /** Everything the runner did that matters, in order: `stop db`, `start app`, `run 1000_a [offline] up=db`… */
  readonly calls: string[] = [];
  /** The environment each script got, by name. */
  readonly envs = new Map<string, Record<string, string>>();
  readonly published: string[] = [];
  readonly said: string[] = [];
  /** The data versions stamped, one per upgrade that completed. */
  readonly stamps: string[] = [];
  readonly records = memoryRecords();
  readonly tmp = mkdtempSync(join(tmpdir(), 'runner-test-'));
  scripts = new Map<string, ScriptBehaviour>();
  /** Services whose start command fails. */
  failingStart = new Set<string>();
  /** Services that never answer their probe, even when started. */
  neverReady = new Set<string>();
  /** Services whose stop command returns at once while the daemon goes on answering this long (fake ms). */
  stopTakesMs = new Map<string, number>();
  private readonly goneAt = new Map<string, number>();
  clock = 0;
  slept = 0;

  /** The fake systemd's units, by name; `systemctl show` answers from it, start and stop change it. */
  readonly units = new Map<string, FakeUnit>();
  /** Queued jobs a stop replaced: an admin's `systemctl start` that failed with "Job for X canceled". */
  readonly cancelledJobs: string[] = [];
  /** Called after each systemctl call is answered: an admin acting between the tool's calls. */
  afterSystemctl: (args: readonly string[]) => void = () => {};

  constructor(
    readonly d: Descriptor,
    initiallyUp = d.services.map((s) => s.name),
  ) {
    for (const s of initiallyUp) this.up.add(s);
  }

  private show(names: string[]): string {
    return names
      .map((n) => {
        const u = this.units.get(n);
        if (!u) return `Id=${n}\nLoadState=not-found\nActiveState=inactive`;
        const requiredBy = [...this.units].filter(([, v]) => v.requires?.includes(n)).map(([k]) => k);
        const wantedBy = [...this.units].filter(([, v]) => v.wants?.includes(n)).map(([k]) => k);
        const triggeredBy = [...this.units].filter(([, v]) => v.triggers?.includes(n)).map(([k]) => k);
        const fields: Record<string, string> = {
          Id: n,
          LoadState: 'loaded',
          ActiveState: u.active ? 'active' : 'inactive',
          RequiredBy: requiredBy.join(' '),
          Requires: (u.requires ?? []).join(' '),
          WantedBy: wantedBy.join(' '),
          Wants: (u.wants ?? []).join(' '),
          TriggeredBy: triggeredBy.join(' '),
          Triggers: [...(u.triggers ?? []), ...(u.socketOf ? [u.socketOf] : [])].join(' '),
          ...(u.runsToCompletion ? { Type: 'oneshot', RemainAfterExit: 'no', Result: 'success' } : {}),
          ...(u.job ? { Job: '42' } : {}),
          ...u.props,
        };
        return Object.entries(fields)
          .map(([k, v]) => `${k}=${v}`)
          .join('\n');
      })
      .join('\n\n');
  }

  private systemctl(args: readonly string[]): CommandResult {
    if (args[0] === 'show') return result(0, this.show(args.slice(args.indexOf('--') + 1)));
    if (args[0] === 'list-jobs')
      return result(
        0,
        [...this.units]
          .filter(([, u]) => u.job)
          .map(([n, u], i) => `${i + 1} ${n} ${u.job} waiting`)
          .join('\n'),
      );
    this.calls.push(`systemctl ${args.join(' ')}`);
    const [verb, ...names] = args.filter((a) => !a.startsWith('--'));
    if (verb === 'stop' && names.some((n) => this.units.get(n)?.props?.RefuseManualStop === 'yes'))
      return result(4, `Failed to stop ${names.join(' ')}: Operation refused, unit may not be stopped.`);
    const refused = names.filter((n) => verb === 'start' && this.units.get(this.units.get(n)?.socketOf ?? '')?.active);
    if (refused.length > 0)
      return result(1, `A dependency job for ${names.join(' ')} failed. (Socket service already active, refusing.)`);
    for (const n of names) {
      const u = this.units.get(n);
      if (!u) continue;
      if (verb === 'stop' && u.job) this.cancelledJobs.push(n);
      // a restart merged into a queued start: the stop part runs now, the start part waits (at the gate)
      if (verb === 'restart' && u.job) {
        u.active = false;
        u.job = 'restart';
        continue;
      }
      if (verb === 'start' || verb === 'restart' || verb === 'stop') {
        u.active = verb !== 'stop' && !u.runsToCompletion;
        u.job = undefined;
      }
    }
    return result(0, '');
  }

  readonly io: RunnerIO = {
    command: async (argv) => {
      const [verb, name] = (argv[2] ?? '').split(' ') as [string, string];
      this.calls.push(`${verb} ${name}`);
      if (verb === 'start' && this.failingStart.has(name)) return result(1, `${name}: cannot bind`);
      if (verb === 'start') this.up.add(name);
      if (verb === 'stop' && this.stopTakesMs.has(name))
        this.goneAt.set(name, this.clock + this.stopTakesMs.get(name)!);
      else if (verb === 'stop') this.up.delete(name);
      return result(0, '');
    },
    systemctl: async (args) => {
      const r = this.systemctl(args);
      this.afterSystemctl(args);
      return r;
    },
    probe: async (_p, s) => {
      if ((this.goneAt.get(s.name) ?? Number.POSITIVE_INFINITY) <= this.clock) {
        this.up.delete(s.name);
        this.goneAt.delete(s.name);
      }
      return this.up.has(s.name) && !this.neverReady.has(s.name);
    },
    whyNotRunnable: () => undefined,
    checksum: (path) => `sum:${path}`,
    spawnScript: async (o): Promise<ScriptOutcome> => {
      const name = basename(o.path);
      const b = this.scripts.get(name) ?? {};
      this.envs.set(name, o.env);
      const units = [...this.units].filter(([n, u]) => u.active && n !== gateUnit(this.d.name)).map(([n]) => n);
      this.calls.push(`run ${name} [${o.env.UPGRADE_HOOK_PHASE}] up=${[...this.up, ...units].sort().join(',') || '-'}`);
      for (const line of b.print ?? []) {
        const sink = o.output('stdout');
        sink.piece(line, undefined);
        sink.line(line);
      }
      if (b.restart) writeFileSync(o.env.UPGRADE_HOOK_RESTART_FILE!, `${b.restart.join('\n')}\n`);
      b.also?.(this);
      return { exitCode: b.exit ?? 0, signal: null, timedOut: false, spawnError: undefined, ms: 1 };
    },
    sleep: async (ms) => {
      this.clock += ms;
      this.slept += ms;
    },
    now: () => this.clock,
  };

  readonly terminal: Terminal = {
    say: (l) => this.said.push(l),
    detail: () => {},
    warn: (l) => this.said.push(`warn: ${l}`),
    error: (l) => this.said.push(`error: ${l}`),
    progress: () => {},
    progressDone: () => {},
    live: false,
  };

  options(): UpgradeOptions {
    return {
      descriptor: this.d,
      build: { version: '2.0', platform: undefined },
      env: {},
      euid: 0,
      terminal: this.terminal,
      productLog: nullProductLog,
      lockToken: 'token',
      force: false,
      skipVersionCheck: false,
      rerunCommand: 'upgrade-hook run acme',
      lockDir: '/nonexistent/lock',
      entry: 'run',
      startedBy: 'run',
      user: 'root',
      io: this.io,
      records: this.records,
      toolPath: '/usr/bin/upgrade-hook',
    };
  }

  /** The plan the runner would make now from these scripts and the history so far. */
  plan(scripts: ScriptFile[]): Plan {
    return planUpgrade({
      scripts,
      phases: PHASES,
      history: this.records.history.summary(),
      target: '2.0',
      force: false,
      checksum: (s) => `sum:${s.path}`,
    });
  }

  /** The frame's effects in memory: the phases published go to `published`, each stamp to `stamps`. */
  frameEffects(): FrameEffects {
    return {
      lock: { publish: (phase) => void this.published.push(phase), assertHeld: () => {}, clearPhase: () => {} },
      workDir: { make: () => ({ tmp: this.tmp, toolDir: this.tmp }), remove: () => {} },
      restartFile: join(this.tmp, 'restart-request'),
      stamp: () => void this.stamps.push('2.0'),
      at: () => 'now',
      pid: 1,
      guard: () => () => {},
      interruptedBy: () => undefined,
    };
  }

  /** One run in the frame runUpgrade and runOnly use (run-frame.ts): an upgrade from 1.0 to 2.0, as the gate
   * with `stopBeforeApps`, or steps by hand with `only` (starting nothing after them while `pending`). */
  async execute(
    plan: Plan,
    run = 'run-1',
    how: { stopBeforeApps?: boolean; only?: { pending: boolean } } = {},
  ): Promise<Outcome> {
    const frameRun: FrameRun = how.only
      ? {
          kind: 'only',
          start: { by: 'only', user: 'root', only: plan.steps.map((s) => `${s.script.kind}/${s.script.name}`) },
          startNothingAfter: how.only.pending,
        }
      : {
          kind: 'upgrade',
          start: { by: 'run', user: 'root' },
          found: this.records.marker.read(),
          stopBeforeApps: how.stopBeforeApps ?? false,
        };
    return runFrame({ o: this.options(), runId: run, from: '1.0', plan, run: frameRun }, this.frameEffects());
  }

  /** The script-end records: `NAME ok|failed`. */
  ends(): string[] {
    return this.records.history.list.flatMap((r) => (r.t === 'script-end' ? [`${r.script} ${r.result}`] : []));
  }

  cleanup(): void {
    rmSync(this.tmp, { recursive: true, force: true });
  }
}

function result(exitCode: number, output: string): CommandResult {
  return { exitCode, output, timedOut: false, error: undefined };
}

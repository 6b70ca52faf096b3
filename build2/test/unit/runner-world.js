// A product in memory for tests of the runner: services run by start/stop commands whose state is a
// Set, scripts that are table entries, a clock that moves only when the runner sleeps, and one list of
// everything the runner did, in order. No process, no file but the restart-request file of a temp dir.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { executePlan } from '../../src/run/execute-plan.js';
import { nullProductLog } from '../../src/log/product-log.js';
import { planUpgrade } from '../../src/plan/planner.js';
import { memoryRecords } from '../../src/record/memory-stores.js';
import { gateUnit } from '../../src/systemd/topology.js';
export const PHASES = [
    { name: 'offline', from: 1, to: 2999 },
    { name: 'backend', from: 3000, to: 5999 },
    { name: 'online', from: 6000, to: 9999 },
];
/** A service started and stopped by commands, `probe NAME` answering while it is up. */
export function service(name, role, readyTimeoutSec = 30) {
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
export function unitService(name, role) {
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
export function descriptor(services) {
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
export function script(kind, name) {
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
export class World {
    d;
    up = new Set();
    /** Everything the runner did that matters, in order: `stop db`, `start app`, `run 1000_a [offline] up=db`… */
    calls = [];
    /** The environment each script got, by name. */
    envs = new Map();
    published = [];
    said = [];
    records = memoryRecords();
    tmp = mkdtempSync(join(tmpdir(), 'runner-test-'));
    scripts = new Map();
    /** Services whose start command fails. */
    failingStart = new Set();
    /** Services that never answer their probe, even when started. */
    neverReady = new Set();
    /** Services whose stop command returns at once while the daemon goes on answering this long (fake ms). */
    stopTakesMs = new Map();
    goneAt = new Map();
    clock = 0;
    slept = 0;
    /** The fake systemd's units, by name; `systemctl show` answers from it, start and stop change it. */
    units = new Map();
    constructor(d, initiallyUp = d.services.map((s) => s.name)) {
        this.d = d;
        for (const s of initiallyUp)
            this.up.add(s);
    }
    show(names) {
        return names
            .map((n) => {
            const u = this.units.get(n);
            if (!u)
                return `Id=${n}\nLoadState=not-found\nActiveState=inactive`;
            const requiredBy = [...this.units].filter(([, v]) => v.requires?.includes(n)).map(([k]) => k);
            const wantedBy = [...this.units].filter(([, v]) => v.wants?.includes(n)).map(([k]) => k);
            const triggeredBy = [...this.units].filter(([, v]) => v.triggers?.includes(n)).map(([k]) => k);
            const fields = {
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
                ...u.props,
            };
            return Object.entries(fields)
                .map(([k, v]) => `${k}=${v}`)
                .join('\n');
        })
            .join('\n\n');
    }
    io = {
        command: async (argv) => {
            const [verb, name] = (argv[2] ?? '').split(' ');
            this.calls.push(`${verb} ${name}`);
            if (verb === 'start' && this.failingStart.has(name))
                return result(1, `${name}: cannot bind`);
            if (verb === 'start')
                this.up.add(name);
            if (verb === 'stop' && this.stopTakesMs.has(name))
                this.goneAt.set(name, this.clock + this.stopTakesMs.get(name));
            else if (verb === 'stop')
                this.up.delete(name);
            return result(0, '');
        },
        systemctl: async (args) => {
            if (args[0] === 'show')
                return result(0, this.show(args.slice(args.indexOf('--') + 1)));
            this.calls.push(`systemctl ${args.join(' ')}`);
            const [verb, ...names] = args.filter((a) => !a.startsWith('--'));
            if (verb === 'stop' && names.some((n) => this.units.get(n)?.props?.RefuseManualStop === 'yes'))
                return result(4, `Failed to stop ${names.join(' ')}: Operation refused, unit may not be stopped.`);
            const refused = names.filter((n) => verb === 'start' && this.units.get(this.units.get(n)?.socketOf ?? '')?.active);
            if (refused.length > 0)
                return result(1, `A dependency job for ${names.join(' ')} failed. (Socket service already active, refusing.)`);
            for (const n of names) {
                const u = this.units.get(n);
                if (u && (verb === 'start' || verb === 'restart' || verb === 'stop'))
                    u.active = verb !== 'stop' && !u.runsToCompletion;
            }
            return result(0, '');
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
        spawnScript: async (o) => {
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
            if (b.restart)
                writeFileSync(o.env.UPGRADE_HOOK_RESTART_FILE, `${b.restart.join('\n')}\n`);
            b.also?.(this);
            return { exitCode: b.exit ?? 0, signal: null, timedOut: false, spawnError: undefined, ms: 1 };
        },
        sleep: async (ms) => {
            this.clock += ms;
            this.slept += ms;
        },
        now: () => this.clock,
    };
    terminal = {
        say: (l) => this.said.push(l),
        detail: () => { },
        warn: (l) => this.said.push(`warn: ${l}`),
        error: (l) => this.said.push(`error: ${l}`),
        progress: () => { },
        progressDone: () => { },
        live: false,
    };
    options() {
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
    plan(scripts) {
        return planUpgrade({
            scripts,
            phases: PHASES,
            history: this.records.history.summary(),
            target: '2.0',
            force: false,
            checksum: (s) => `sum:${s.path}`,
        });
    }
    /** One run as runUpgrade does it: run-start, executePlan, run-end. */
    async execute(plan, run = 'run-1', extra = {}) {
        const writer = this.records.history.open();
        writer.append({ t: 'run-start', run, at: 'now', from: '1.0', to: '2.0', pid: 1 });
        const outcome = await executePlan(plan, {
            o: this.options(),
            runId: run,
            writer,
            tmp: this.tmp,
            from: '1.0',
            toolDir: this.tmp,
            restartFile: join(this.tmp, 'restart-request'),
            stopBeforeApps: false,
            publish: (phase) => void this.published.push(phase),
            assertLockHeld: () => { },
            stopped: this.records.stopped,
            ...extra,
        });
        const end = outcome.kind === 'done'
            ? { t: 'run-end', run, at: 'now', result: 'ok' }
            : outcome.kind === 'failed'
                ? {
                    t: 'run-end',
                    run,
                    at: 'now',
                    result: 'failed',
                    failed: outcome.failure.step,
                    reason: outcome.failure.reason,
                }
                : { t: 'run-end', run, at: 'now', result: 'handed-over', reason: outcome.why };
        writer.append(end);
        return outcome;
    }
    /** The script-end records: `NAME ok|failed`. */
    ends() {
        return this.records.history.list.flatMap((r) => (r.t === 'script-end' ? [`${r.script} ${r.result}`] : []));
    }
    cleanup() {
        rmSync(this.tmp, { recursive: true, force: true });
    }
}
function result(exitCode, output) {
    return { exitCode, output, timedOut: false, error: undefined };
}

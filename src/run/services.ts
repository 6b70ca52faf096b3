// Stops and starts a product's services for the phases of an upgrade, and waits for each to be ready.
// systemd units go through normal jobs (docs/systemd.md): stops never cancel a start that is waiting at
// the gate, starts keep every unit's own ordering, and every unit a stop took down comes back.
// Services given by start/stop commands are run as commands.
import { UpgradeHookError } from '../errors.js';
import { startProgress } from '../log/progress.js';
import type { Descriptor, ServiceRole, ServiceSpec } from '../product/descriptor.js';
import { showUnits, type Systemctl } from '../systemd/systemctl.js';
import { mustBeDownOffline, readTopology, unitsToStop, type Topology } from '../systemd/topology.js';
import { isRunning } from '../systemd/unit-properties.js';
import { runCommand, shell, type CommandResult } from './commands.js';
import { describeProbe, probeOnce } from './readiness.js';
import { waitUntil } from './wait-until.js';

export interface ServiceOutput {
  progress(line: string): void;
  progressDone(): void;
  readonly live: boolean;
  log(line: string, fields?: Record<string, unknown>): void;
}

export interface ServiceManagerOptions {
  env: Record<string, string>;
  out: ServiceOutput;
  sleep: (ms: number) => Promise<void>;
  systemctl: Systemctl;
}

// A stop with this job mode does not propagate to the units that require the stopped one: a start job of
// theirs that waits at the gate (an admin's `systemctl restart app`) is kept, not cancelled. The running
// units a plain stop would take down are stopped explicitly in the same call, so their order is kept.
const STOP = ['stop', '--job-mode=ignore-requirements'];

export class ServiceManager {
  constructor(
    private readonly d: Descriptor,
    private readonly o: ServiceManagerOptions,
  ) {}

  private byRole(role: ServiceRole, withUnit: boolean): ServiceSpec[] {
    return this.d.services.filter((s) => s.role === role && (s.unit !== undefined) === withUnit);
  }

  private get usesUnits(): boolean {
    return this.d.services.some((s) => s.unit !== undefined);
  }

  /** The product's units now; reloads systemd first when a unit file changed on disk (a package update). */
  async topology(): Promise<Topology | undefined> {
    if (!this.usesUnits) return undefined;
    let t = await readTopology(this.o.systemctl, this.d);
    const stale = [...new Set([...t.units.values()].filter((u) => u.needsDaemonReload).map((u) => u.id))];
    if (stale.length > 0) {
      this.o.out.log(`unit files changed on disk (${stale.join(', ')}): systemctl daemon-reload`);
      await this.checked(await this.o.systemctl(['daemon-reload'], 120), { action: 'reload', name: 'systemd', how: 'systemctl daemon-reload' });
      t = await readTopology(this.o.systemctl, this.d);
    }
    return t;
  }

  /**
   * Stops what must be down for a phase: with `backends`, everything (the offline phase); without, what
   * runs the product's code (gated units, their triggers, listed apps). `beforeStop` gets the units about
   * to be stopped, so a run killed right after still knows what to start again.
   */
  async stopFor(o: { backends: boolean; beforeStop: (units: string[]) => void; appsDown?: boolean }): Promise<void> {
    let t = await this.topology();
    const queued = o.backends && t ? t.backends.filter((u) => t!.units.get(u)?.job !== undefined && !['active', 'reloading'].includes(t!.units.get(u)!.activeState)) : [];
    if (queued.length > 0) {
      // A backend whose start systemd has queued (the boot's, behind slow storage) would come up in the
      // middle of the offline phase. Cancelling that job would let the units queued after it start
      // without it (systemd does not check Requires= again), so let it finish, then stop it.
      this.o.out.log(`waiting for the queued start of ${queued.join(', ')} to finish before stopping it`);
      await this.startUnits(queued, Math.max(...this.d.services.filter((s) => s.unit && queued.includes(s.unit)).map((s) => s.readyTimeoutSec)));
      t = await this.topology();
    }
    const units = t ? unitsToStop(t) : { first: [], backends: [] };
    const toStop = [...units.first, ...(o.backends ? units.backends : [])];
    o.beforeStop(toStop);
    if (units.first.length > 0) await this.stopUnits(units.first);
    // `appsDown`: an earlier call stopped them (the backup's dump ran in between): a stop command runs once
    if (!o.appsDown) for (const s of [...this.byRole('app', false)].reverse()) await this.stopByCommand(s);
    if (!o.backends) return;
    if (units.backends.length > 0) await this.stopUnits(units.backends);
    for (const s of [...this.byRole('backend', false)].reverse()) await this.stopByCommand(s);
  }

  private async stopUnits(units: string[]): Promise<void> {
    const what = `systemctl stop ${units.join(' ')}`;
    this.o.out.log(`stopping ${units.join(', ')}`);
    await this.checked(await this.shown(`stopping (${what})`, this.o.systemctl([...STOP, ...units], this.stopTimeoutSec())), { action: 'stop', name: units.join(', '), how: what });
  }

  /**
   * Starts the services of a role (one systemd transaction for the units) and waits until each is ready.
   * The sockets (timers, paths) of those units that the upgrade stopped start in the same transaction:
   * a socket-activated service started without its socket gets no listening socket and fails.
   */
  async startRole(role: ServiceRole, stopped: string[] = []): Promise<void> {
    const withUnits = this.byRole(role, true);
    if (withUnits.length > 0) {
      const units = withUnits.map((s) => s.unit!);
      const shown = stopped.length > 0 ? await showUnits(this.o.systemctl, units) : new Map();
      const triggers = [...new Set(units.flatMap((u) => shown.get(u)?.triggeredBy ?? []))].filter((t) => stopped.includes(t));
      await this.startUnits([...triggers, ...units], Math.max(...withUnits.map((s) => s.readyTimeoutSec)));
    }
    for (const s of this.byRole(role, false)) await this.startByCommand(s);
    for (const s of this.d.services.filter((v) => v.role === role)) await this.waitReady(s);
  }

  private async startUnits(units: string[], timeoutSec: number): Promise<void> {
    const what = `systemctl start ${units.join(' ')}`;
    this.o.out.log(`starting ${units.join(', ')}`);
    const r = await this.shown(`starting (${what})`, this.o.systemctl(['start', ...units], timeoutSec));
    await this.checked(r, { action: 'start', name: units.join(', '), how: what }, timeoutSec);
  }

  /** Starts again every unit a stop took down that is not running now, and checks that each runs. */
  async restore(units: string[]): Promise<void> {
    if (units.length === 0 || !this.usesUnits) return;
    const now = await showUnits(this.o.systemctl, units);
    const down = units.filter((u) => !isRunning(now.get(u)) && now.get(u)?.loadState !== 'not-found');
    if (down.length > 0) {
      this.o.out.log(`starting again what the upgrade stopped: ${down.join(', ')}`);
      const r = await this.shown(`starting (systemctl start ${down.join(' ')})`, this.o.systemctl(['start', ...down], this.stopTimeoutSec()));
      for (const line of r.output.split('\n').filter(Boolean)) this.o.out.log(`start: ${line}`);
    }
    const after = await showUnits(this.o.systemctl, down);
    const notUp = down.filter((u) => !isRunning(after.get(u)));
    if (notUp.length > 0) {
      throw new UpgradeHookError('UPGRADE_FAILED', `not running after the upgrade: ${notUp.map((u) => `${u} (${after.get(u)?.activeState ?? 'unknown'})`).join(', ')}`, {
        hint: `see journalctl -u ${notUp[0]}; start them (systemctl start ${notUp.join(' ')})`,
      });
    }
  }

  /** Before an offline script: every product service must be down; something that started one is an error. */
  async assertAllDown(): Promise<void> {
    const up: string[] = [];
    const t = this.usesUnits ? await readTopology(this.o.systemctl, this.d) : undefined;
    if (t) up.push(...mustBeDownOffline(t).filter((u) => isRunning(t.units.get(u))).map((u) => `${u} (${t.units.get(u)!.activeState}${t.units.get(u)!.job ? `, ${t.units.get(u)!.job} job` : ''})`));
    for (const s of this.d.services.filter((v) => !v.unit && v.ready)) if (await probeOnce(s.ready!, s, this.o.env)) up.push(`${s.name} (answers ${describeProbe(s.ready!, s)})`);
    if (up.length > 0) {
      throw new UpgradeHookError('UPGRADE_FAILED', `the offline phase is not offline: ${up.join(', ')} running while every service must be stopped`, {
        hint: 'something started it during the upgrade (an admin, a timer, D-Bus activation, a unit outside the product that wants it); stop it and rerun',
      });
    }
  }

  /** A script's restart request: what `systemctl restart` does (the units bound to it restart too). */
  async restart(s: ServiceSpec, upRoles: ServiceRole[]): Promise<void> {
    if (s.unit) {
      this.o.out.log(`restarting ${s.name} (systemctl restart ${s.unit})`);
      await this.checked(await this.shown(`restarting ${s.name}`, this.o.systemctl(['restart', s.unit], s.readyTimeoutSec)), { action: 'restart', name: s.name, how: `systemctl restart ${s.unit}` }, s.readyTimeoutSec);
    } else {
      await this.stopByCommand(s);
      await this.startByCommand(s);
    }
    for (const v of this.d.services.filter((x) => upRoles.includes(x.role))) await this.waitReady(v);
  }

  private async stopByCommand(s: ServiceSpec): Promise<void> {
    if (s.ready && !(await probeOnce(s.ready, s, this.o.env))) return;
    this.o.out.log(`stopping ${s.name}: ${s.stop}`);
    const r = await this.shown(`stopping ${s.name}`, runCommand(shell(s.stop!), this.o.env, s.readyTimeoutSec));
    if (r.exitCode !== 0 && s.ready && !(await probeOnce(s.ready, s, this.o.env))) {
      this.o.out.log(`${s.name}: stop command exited ${r.exitCode} but the service is down: ${r.output}`);
      return;
    }
    await this.checked(r, { action: 'stop', name: s.name, how: `stop command "${s.stop}"` }, s.readyTimeoutSec);
    // A stop command may return before the daemon is gone: offline scripts must not run while it still answers.
    if (!s.ready) return;
    const what = describeProbe(s.ready, s);
    const down = await this.waiting(`waiting for ${s.name} to stop (${what})`, s.readyTimeoutSec, async () => !(await probeOnce(s.ready!, s, this.o.env)));
    if (!down) {
      throw new UpgradeHookError('UPGRADE_FAILED', `${s.name} still answers (${what}) ${s.readyTimeoutSec} s after its stop command`, {
        hint: `stop ${s.name} by hand, or fix stop = in [service ${s.name}]`,
      });
    }
  }

  private async startByCommand(s: ServiceSpec): Promise<void> {
    if (s.ready && (await probeOnce(s.ready, s, this.o.env))) return;
    this.o.out.log(`starting ${s.name}: ${s.start}`);
    await this.checked(await this.shown(`starting ${s.name}`, runCommand(shell(s.start!), this.o.env, s.readyTimeoutSec)), { action: 'start', name: s.name, how: `start command "${s.start}"` }, s.readyTimeoutSec);
  }

  private async waitReady(s: ServiceSpec): Promise<void> {
    if (!s.ready) return;
    const what = describeProbe(s.ready, s);
    const started = Date.now();
    const ready = await this.waiting(`waiting for ${s.name} to be ready (${what})`, s.readyTimeoutSec, () => probeOnce(s.ready!, s, this.o.env));
    if (!ready) {
      throw new UpgradeHookError('UPGRADE_FAILED', `${s.name} did not become ready (${what}) within ${s.readyTimeoutSec} s`, {
        hint: `check why ${s.name} does not start${s.unit ? ` (journalctl -u ${s.unit})` : ''}, or raise ready_timeout in [service ${s.name}]`,
      });
    }
    const waited = Date.now() - started;
    this.o.out.log(`${s.name} is ready (${what}) after ${(waited / 1000).toFixed(2)} s`, { service: s.name, ms: waited });
  }

  private async waiting(what: string, timeoutSec: number, holds: () => Promise<boolean>): Promise<boolean> {
    const ticker = startProgress(this.o.out, (sec) => `${what}: ${sec} s of ${timeoutSec} s`);
    try {
      return await waitUntil(holds, { timeoutMs: timeoutSec * 1000, sleep: this.o.sleep });
    } finally {
      ticker.stop();
    }
  }

  // systemctl start of a Type=notify unit can take minutes: say what we wait for.
  private async shown<T>(what: string, work: Promise<T>): Promise<T> {
    const ticker = startProgress(this.o.out, (sec) => `${what}: ${sec} s`);
    try {
      return await work;
    } finally {
      ticker.stop();
    }
  }

  private stopTimeoutSec(): number {
    return Math.max(90, ...this.d.services.map((s) => s.readyTimeoutSec));
  }

  /** Logs the command's output as "NAME ACTION: line"; a failure names what was done, how, and what to look at. */
  private async checked(r: CommandResult, what: { action: string; name: string; how: string }, timeoutSec = 0): Promise<void> {
    for (const line of r.output.split('\n').filter(Boolean)) this.o.out.log(`${what.name} ${what.action}: ${line}`);
    if (r.exitCode === 0) return;
    const outcome = r.timedOut
      ? `did not finish within ${timeoutSec} s (a job may still wait: systemctl list-jobs)`
      : r.error ? `failed: ${r.error}` : `exited ${r.exitCode}`;
    const last = r.output.split('\n').filter(Boolean).pop();
    throw new UpgradeHookError('UPGRADE_FAILED', `cannot ${what.action} ${what.name} (${what.how}): ${outcome}${last ? `: ${last}` : ''}`, {
      hint: what.how.startsWith('systemctl') ? 'see systemctl status and journalctl -xe for the units named' : 'run the command by hand to see why',
    });
  }
}

// Stops and starts a product's services for the phases of an upgrade, and waits for each to be ready.
// systemd units go through normal jobs (docs/systemd.md): stops never cancel a start that is waiting at
// the gate, starts keep every unit's own ordering, and every unit a stop took down comes back.
// Services given by start/stop commands are run as commands. Every effect goes through the RunnerIO.
import { UpgradeHookError } from '../errors.js';
import { startProgress } from '../log/progress.js';
import type { Descriptor, ServiceRole, ServiceSpec } from '../product/descriptor.js';
import { showUnits } from '../systemd/systemctl.js';
import {
  mustBeDownOffline,
  ownUnits,
  readTopology,
  uncontrollableUnits,
  unitsToStop,
  type Topology,
} from '../systemd/topology.js';
import { isRunning, type UnitInfo } from '../systemd/unit-properties.js';
import { notBackUp, whatToStart, type StartDecision } from '../plan/unit-starts.js';
import { shell, type CommandResult } from '../proc/run-command.js';
import { describeProbe } from './readiness.js';
import type { RunnerIO } from './runner-io.js';
import { waitUntil } from './wait-until.js';

export interface ServiceOutput {
  progress(line: string): void;
  progressDone(): void;
  readonly live: boolean;
  log(line: string, fields?: Record<string, unknown>): void;
}

/** The services of one product, and how to reach them: every function below takes this. */
export interface ProductServices {
  d: Descriptor;
  io: RunnerIO;
  /** The environment of start and stop commands and exec: probes. */
  env: Record<string, string>;
  out: ServiceOutput;
}

// A stop with this job mode does not propagate to the units that require the stopped one: a start job of
// theirs that waits at the gate (an admin's `systemctl restart app`) is kept, not cancelled. The running
// units a plain stop would take down are stopped explicitly in the same call, so their order is kept.
const STOP = ['stop', '--job-mode=ignore-requirements'];

const byRole = (c: ProductServices, role: ServiceRole, withUnit: boolean): ServiceSpec[] =>
  c.d.services.filter((s) => s.role === role && (s.unit !== undefined) === withUnit);

const usesUnits = (c: ProductServices): boolean => c.d.services.some((s) => s.unit !== undefined);

/** The product's units now; reloads systemd first when a unit file changed on disk (a package update). */
export async function topology(c: ProductServices): Promise<Topology | undefined> {
  if (!usesUnits(c)) return undefined;
  let t = await readTopology(c.io.systemctl, c.d);
  const stale = [...new Set([...t.units.values()].filter((u) => u.needsDaemonReload).map((u) => u.id))];
  if (stale.length > 0) {
    c.out.log(`unit files changed on disk (${stale.join(', ')}): systemctl daemon-reload`);
    await checked(c, await c.io.systemctl(['daemon-reload'], 120), {
      action: 'reload',
      name: 'systemd',
      how: 'systemctl daemon-reload',
    });
    t = await readTopology(c.io.systemctl, c.d);
  }
  return t;
}

/**
 * Stops what must be down for a phase: with `backends`, everything (the offline phase); without, what
 * runs the product's code (gated units, their triggers, listed apps). `beforeStop` gets the units about
 * to be stopped, so a run killed right after still knows what to start again.
 */
export async function stopFor(
  c: ProductServices,
  o: {
    backends: boolean;
    beforeStop: (units: string[]) => void;
    appsDown?: boolean;
    /** An upgrade's offline stop: the units not behind the gate that must stay down (systemd/offline-hold.ts). */
    hold?: (units: string[]) => Promise<void>;
  },
): Promise<void> {
  let t = await topology(c);
  if (t) refuseUncontrollable(t);
  const queued =
    o.backends && t
      ? t.backends.filter(
          (u) => t!.units.get(u)?.job !== undefined && !['active', 'reloading'].includes(t!.units.get(u)!.activeState),
        )
      : [];
  if (queued.length > 0) {
    // A backend whose start systemd has queued (the boot's, behind slow storage) would come up in the
    // middle of the offline phase. Cancelling that job would let the units queued after it start
    // without it (systemd does not check Requires= again), so let it finish, then stop it.
    c.out.log(`waiting for the queued start of ${queued.join(', ')} to finish before stopping it`);
    await startUnits(
      c,
      queued,
      Math.max(...c.d.services.filter((s) => s.unit && queued.includes(s.unit)).map((s) => s.readyTimeoutSec)),
    );
    t = await topology(c);
  }
  const units = t ? unitsToStop(t) : { first: [], backends: [] };
  const toStop = [...units.first, ...(o.backends ? units.backends : [])];
  o.beforeStop(toStop);
  // held before they stop: a start the admin asks for meanwhile then skips them instead of starting them
  // best effort: a hold that cannot be written (a full /run, a failed daemon-reload) leaves the checks
  // before and after each offline script, which fail the run loudly as before
  if (o.backends && t && o.hold)
    await o
      .hold(mustBeDownOffline(t).filter((u) => !t!.gated.includes(u) && !u.startsWith('upgrade-hook')))
      .catch((e) =>
        c.out.log(
          `cannot hold the backends down during the offline phase: ${e instanceof Error ? e.message : String(e)}`,
        ),
      );
  const own = t ? ownUnits(t) : new Set<string>();
  if (units.first.length > 0) await stopUnits(c, units.first, t!.units, own);
  // `appsDown`: an earlier call stopped them (the backup's dump ran in between): a stop command runs once
  if (!o.appsDown) for (const s of [...byRole(c, 'app', false)].reverse()) await stopByCommand(c, s);
  if (!o.backends) return;
  if (units.backends.length > 0) await stopUnits(c, units.backends, t!.units, own);
  for (const s of [...byRole(c, 'backend', false)].reverse()) await stopByCommand(c, s);
}

// Before anything stops: a unit the upgrade could stop but not start again, or not stop at all, fails it now.
function refuseUncontrollable(t: Topology): void {
  const bad = uncontrollableUnits(t);
  if (bad.length === 0) return;
  throw new UpgradeHookError(
    'UPGRADE_FAILED',
    `cannot stop the product, nothing stopped: ${bad.map((b) => `${b.why}; ${b.fix}`).join('; ')}`,
    {
      hint: 'after the change: systemctl daemon-reload',
    },
  );
}

async function stopUnits(
  c: ProductServices,
  all: string[],
  now: Map<string, UnitInfo>,
  own: Set<string>,
): Promise<void> {
  const backend = (u: string) => c.d.services.some((s) => s.role === 'backend' && s.unit === u);
  // the jobs now, right before the stop, not at the topology read: an admin's start queued since then (the
  // hold's daemon-reload lies between) would be cancelled by a stop (issue 20, seed 40072)
  let starting = await withStartJobs(c, all);
  // another product's unit on the shared backend, starting (an admin's start): its start does not wait for
  // this gate, and a restart would pull the backend up again; let the job end first (bounded), then stop it
  // a backend an admin restarts (seed 30018) likewise: a stop would cancel the restart
  const others = starting.filter(
    (u) =>
      (!own.has(u) || backend(u)) && ['activating', 'active', 'deactivating'].includes(now.get(u)?.activeState ?? ''),
  );
  if (others.length > 0) {
    await letStartsFinish(c, others);
    starting = await withStartJobs(c, all);
  }
  // another product's unit whose start still waits after that (at its own gate, for this run's lock on the
  // shared backend: seed 200024) is not running: a stop would only cancel the start, and the admin's
  // systemctl would fail "Job canceled". Left alone, it starts when its gate lets it, after this run.
  const waitingElsewhere = await notRunning(
    c,
    starting.filter((u) => !own.has(u) && !backend(u)),
  );
  if (waitingElsewhere.length > 0)
    c.out.log(
      `not stopping ${waitingElsewhere.join(', ')}: not running, its start waits (a stop would cancel it); it starts when its own gate lets it`,
    );
  // behind this product's gate: the start part of a restart waits at the gate as the admin's start did
  const merged = all.filter(
    (u) => own.has(u) && !backend(u) && starting.includes(u) && now.get(u)?.activeState === 'active',
  );
  await restartWithoutCancelling(c, merged);
  const units = all.filter((u) => !merged.includes(u) && !waitingElsewhere.includes(u));
  if (units.length > 0) {
    const what = `systemctl stop ${units.join(' ')}`;
    c.out.log(`stopping ${units.join(', ')}`);
    await checked(c, await shown(c, `stopping (${what})`, c.io.systemctl([...STOP, ...units], stopTimeoutSec(c))), {
      action: 'stop',
      name: units.join(', '),
      how: what,
    });
  }
  await waitStopped(c, merged);
}

async function notRunning(c: ProductServices, units: string[]): Promise<string[]> {
  if (units.length === 0) return [];
  const now = await showUnits(c.io.systemctl, units);
  return units.filter((u) => now.get(u) !== undefined && !isRunning(now.get(u)));
}

// At most this long: the other product's start may wait for its own gate, which may wait for this run.
const OTHERS_START_WAIT_SEC = 30;

async function letStartsFinish(c: ProductServices, starting: string[]): Promise<void> {
  c.out.log(`waiting for the start of ${starting.join(', ')} (not behind this gate) to end before stopping it`);
  await waiting(c, `waiting for the start of ${starting.join(', ')}`, OTHERS_START_WAIT_SEC, async () => {
    const now = await showUnits(c.io.systemctl, starting);
    return starting.every((u) => now.get(u)?.job === undefined);
  });
}

// `systemctl show` gives a job's id only; `list-jobs` its type: a start (keep it), not a stop (an admin's)
async function withStartJobs(c: ProductServices, units: string[]): Promise<string[]> {
  const r = await c.io.systemctl(['list-jobs', '--no-legend', '--plain'], 30);
  if (r.exitCode !== 0) return [];
  const starting = r.output
    .split('\n')
    .map((l) => l.trim().split(/\s+/))
    .filter((f) => f[2] === 'start' || f[2] === 'restart')
    .map((f) => f[1]);
  return units.filter((u) => starting.includes(u));
}

/**
 * A running unit with a start job queued (an admin's `systemctl start app` of a running app, waiting at the
 * gate behind its After=): a stop job would replace that job, and the admin's systemctl fails with "Job for
 * app canceled" (issue 20, generator seed 3008). A restart job merges into it instead (systemd keeps the
 * installed job, now a restart): its stop part runs at once (a restart is ordered like a stop), its start
 * part waits at the gate like the admin's start did, and the admin's command succeeds once the unit is up.
 */
async function restartWithoutCancelling(c: ProductServices, units: string[]): Promise<void> {
  if (units.length === 0) return;
  c.out.log(`stopping ${units.join(', ')} by a restart that keeps the start job waiting for the gate`);
  await checked(c, await c.io.systemctl(['restart', '--no-block', ...units], 30), {
    action: 'stop',
    name: units.join(', '),
    how: `systemctl restart --no-block ${units.join(' ')}`,
  });
}

async function waitStopped(c: ProductServices, units: string[]): Promise<void> {
  if (units.length === 0) return;
  const down = await waiting(c, `waiting for ${units.join(', ')} to stop`, stopTimeoutSec(c), async () => {
    const now = await showUnits(c.io.systemctl, units);
    return units.every((u) => !isRunning(now.get(u)));
  });
  if (!down)
    throw new UpgradeHookError('UPGRADE_FAILED', `${units.join(', ')} did not stop within ${stopTimeoutSec(c)} s`, {
      hint: `see systemctl status ${units.join(' ')}`,
    });
}

/**
 * Starts the services of a role (one systemd transaction for the units) and waits until each is ready.
 * The sockets (timers, paths) of those units that the upgrade stopped start in the same transaction:
 * a socket-activated service started without its socket gets no listening socket and fails.
 */
export async function startRole(c: ProductServices, role: ServiceRole, stopped: string[] = []): Promise<void> {
  // a flag a killed run left would make this start a skipped one (systemd/offline-hold.ts)
  if (role === 'backend') c.io.offlineHold?.release(c.d.name);
  const withUnits = byRole(c, role, true);
  if (withUnits.length > 0) {
    const units = withUnits.map((s) => s.unit!);
    const listed = await showUnits(c.io.systemctl, units);
    const triggers = [...new Set(units.flatMap((u) => listed.get(u)?.triggeredBy ?? []))].filter((t) =>
      stopped.includes(t),
    );
    const wanted = [...triggers, ...units];
    const todo = await startDecision(c, wanted, stopped);
    if (todo.start.length > 0) await startUnits(c, todo.start, Math.max(...withUnits.map((s) => s.readyTimeoutSec)));
  }
  for (const s of byRole(c, role, false)) await startByCommand(c, s);
  for (const s of c.d.services.filter((v) => v.role === role)) await waitReady(c, s);
}

// What of `units` to ask systemd to start (plan/unit-starts.ts), from their state now; says what it leaves.
export async function startDecision(c: ProductServices, units: string[], stopped: string[]): Promise<StartDecision> {
  const now = await showUnits(c.io.systemctl, units);
  const services = [...now.values()].filter((u) => u.id.endsWith('.socket')).flatMap((u) => u.triggers);
  // the units that pull in a RefuseManualStart one: it starts through them
  const pullers = [...now.values()].filter((u) => u.refuseManualStart).flatMap((u) => u.pulledInBy);
  // the sockets of socket-activated services: started with them when down
  const sockets = [...now.values()].flatMap((u) => u.triggeredBy.filter((t) => t.endsWith('.socket')));
  for (const [k, v] of await showUnits(
    c.io.systemctl,
    [...new Set([...services, ...pullers, ...sockets])].filter((u) => !now.has(u)),
  ))
    now.set(k, v);
  const todo = whatToStart(units, now, stopped);
  for (const p of todo.pulledInBy)
    c.out.log(`starting ${p.unit} through ${p.by} (RefuseManualStart=yes: systemd refuses to start it by name)`);
  for (const s of todo.socketServiceRuns)
    c.out.log(
      `not starting ${s.socket}: ${s.service} already runs (systemd refuses to start a socket while its service runs); to have it listen: systemctl stop ${s.service}, then systemctl start ${s.socket} ${s.service}`,
    );
  if (todo.leftToTrigger.length > 0)
    c.out.log(
      `left to their timer, path or socket (run to completion, started when due): ${todo.leftToTrigger.join(', ')}`,
    );
  return todo;
}

/**
 * The gate hands the online phase over: the apps' queued start jobs run once it exits, and systemd does not
 * check their Requires= again. A socket the offline phase stopped would stay down under a service started
 * without it, and could not be started again while that service runs: start those sockets first.
 */
export async function startStoppedSockets(c: ProductServices, stopped: string[]): Promise<void> {
  const sockets = stopped.filter((u) => u.endsWith('.socket'));
  if (sockets.length === 0) return;
  const todo = await startDecision(c, sockets, stopped);
  if (todo.start.length > 0) await startUnits(c, todo.start, stopTimeoutSec(c));
}

async function startUnits(c: ProductServices, units: string[], timeoutSec: number): Promise<void> {
  const what = `systemctl start ${units.join(' ')}`;
  c.out.log(`starting ${units.join(', ')}`);
  const r = await shown(c, `starting (${what})`, c.io.systemctl(['start', ...units], timeoutSec));
  await checked(c, r, { action: 'start', name: units.join(', '), how: what }, timeoutSec);
}

/** Starts again every unit a stop took down that is not running now, and checks that each runs. */
export async function restoreUnits(c: ProductServices, units: string[]): Promise<void> {
  if (units.length === 0 || !usesUnits(c)) return;
  c.io.offlineHold?.release(c.d.name);
  const todo = await startDecision(c, units, units);
  const down = todo.start;
  if (down.length > 0) {
    c.out.log(`starting again what the upgrade stopped: ${down.join(', ')}`);
    const r = await shown(
      c,
      `starting (systemctl start ${down.join(' ')})`,
      c.io.systemctl(['start', ...down], stopTimeoutSec(c)),
    );
    for (const line of r.output.split('\n').filter(Boolean)) c.out.log(`start: ${line}`);
  }
  const expected = [...down, ...todo.pulledInBy.map((p) => p.unit), ...todo.cannotStart];
  const after = await showUnits(c.io.systemctl, expected);
  const notUp = notBackUp(expected, after);
  if (notUp.length > 0) {
    throw new UpgradeHookError(
      'UPGRADE_FAILED',
      `not running after the upgrade: ${notUp.map((u) => `${u} (${after.get(u)?.activeState ?? 'unknown'})`).join(', ')}`,
      {
        hint: notUp.some((u) => todo.cannotStart.includes(u))
          ? `${notUp.filter((u) => todo.cannotStart.includes(u)).join(', ')}: RefuseManualStart=yes and nothing that pulls it in can be started; start the unit that wants it, or remove RefuseManualStart= (a drop-in)`
          : `see journalctl -u ${notUp[0]}; start them (systemctl start ${notUp.join(' ')})`,
      },
    );
  }
}

/** Before an offline script: every product service must be down; something that started one is an error. */
export async function assertAllDown(c: ProductServices): Promise<void> {
  const up: string[] = [];
  const t = usesUnits(c) ? await readTopology(c.io.systemctl, c.d) : undefined;
  if (t)
    up.push(
      ...mustBeDownOffline(t)
        .filter((u) => isRunning(t.units.get(u)))
        .map(
          (u) =>
            `${u} (${t.units.get(u)!.activeState}${t.units.get(u)!.job ? `, job ${t.units.get(u)!.job} queued` : ''})`,
        ),
    );
  for (const s of c.d.services.filter((v) => !v.unit && v.ready))
    if (await c.io.probe(s.ready!, s, c.env)) up.push(`${s.name} (answers ${describeProbe(s.ready!, s)})`);
  if (up.length > 0) {
    throw new UpgradeHookError(
      'UPGRADE_FAILED',
      `the offline phase is not offline: ${up.join(', ')} running while every service must be stopped`,
      {
        hint: 'something started it during the upgrade (an admin, a timer, D-Bus activation, a unit outside the product that wants it); stop it and rerun',
      },
    );
  }
}

/** A script's restart request: what `systemctl restart` does (the units bound to it restart too). */
export async function restartService(c: ProductServices, s: ServiceSpec, upRoles: ServiceRole[]): Promise<void> {
  if (s.unit) {
    c.out.log(`restarting ${s.name} (systemctl restart ${s.unit})`);
    await checked(
      c,
      await shown(c, `restarting ${s.name}`, c.io.systemctl(['restart', s.unit], s.readyTimeoutSec)),
      { action: 'restart', name: s.name, how: `systemctl restart ${s.unit}` },
      s.readyTimeoutSec,
    );
  } else {
    await stopByCommand(c, s);
    await startByCommand(c, s);
  }
  for (const v of c.d.services.filter((x) => upRoles.includes(x.role))) await waitReady(c, v);
}

async function stopByCommand(c: ProductServices, s: ServiceSpec): Promise<void> {
  if (s.ready && !(await c.io.probe(s.ready, s, c.env))) return;
  c.out.log(`stopping ${s.name}: ${s.stop}`);
  const r = await shown(c, `stopping ${s.name}`, c.io.command(shell(s.stop!), c.env, s.readyTimeoutSec));
  if (r.exitCode !== 0 && s.ready && !(await c.io.probe(s.ready, s, c.env))) {
    c.out.log(`${s.name}: stop command exited ${r.exitCode} but the service is down: ${r.output}`);
    return;
  }
  await checked(c, r, { action: 'stop', name: s.name, how: `stop command "${s.stop}"` }, s.readyTimeoutSec);
  // A stop command may return before the daemon is gone: offline scripts must not run while it still answers.
  if (!s.ready) return;
  const what = describeProbe(s.ready, s);
  const down = await waiting(
    c,
    `waiting for ${s.name} to stop (${what})`,
    s.readyTimeoutSec,
    async () => !(await c.io.probe(s.ready!, s, c.env)),
  );
  if (!down) {
    throw new UpgradeHookError(
      'UPGRADE_FAILED',
      `${s.name} still answers (${what}) ${s.readyTimeoutSec} s after its stop command`,
      {
        hint: `stop ${s.name} by hand, or fix stop = in [service ${s.name}]`,
      },
    );
  }
}

async function startByCommand(c: ProductServices, s: ServiceSpec): Promise<void> {
  if (s.ready && (await c.io.probe(s.ready, s, c.env))) return;
  c.out.log(`starting ${s.name}: ${s.start}`);
  await checked(
    c,
    await shown(c, `starting ${s.name}`, c.io.command(shell(s.start!), c.env, s.readyTimeoutSec)),
    { action: 'start', name: s.name, how: `start command "${s.start}"` },
    s.readyTimeoutSec,
  );
}

async function waitReady(c: ProductServices, s: ServiceSpec): Promise<void> {
  if (!s.ready) return;
  const what = describeProbe(s.ready, s);
  const started = c.io.now();
  const ready = await waiting(c, `waiting for ${s.name} to be ready (${what})`, s.readyTimeoutSec, () =>
    c.io.probe(s.ready!, s, c.env),
  );
  if (!ready) {
    throw new UpgradeHookError(
      'UPGRADE_FAILED',
      `${s.name} did not become ready (${what}) within ${s.readyTimeoutSec} s`,
      {
        hint: `check why ${s.name} does not start${s.unit ? ` (journalctl -u ${s.unit})` : ''}, or raise ready_timeout in [service ${s.name}]`,
      },
    );
  }
  const waited = c.io.now() - started;
  c.out.log(`${s.name} is ready (${what}) after ${(waited / 1000).toFixed(2)} s`, { service: s.name, ms: waited });
}

// The one wait of the service control: polled with back-off, progress shown past two seconds.
async function waiting(
  c: ProductServices,
  what: string,
  timeoutSec: number,
  holds: () => Promise<boolean>,
): Promise<boolean> {
  const ticker = startProgress(c.out, (sec) => `${what}: ${sec} s of ${timeoutSec} s`);
  try {
    return await waitUntil(holds, { timeoutMs: timeoutSec * 1000, sleep: c.io.sleep, now: c.io.now });
  } finally {
    ticker.stop();
  }
}

// systemctl start of a Type=notify unit can take minutes: say what we wait for.
async function shown<T>(c: ProductServices, what: string, work: Promise<T>): Promise<T> {
  const ticker = startProgress(c.out, (sec) => `${what}: ${sec} s`);
  try {
    return await work;
  } finally {
    ticker.stop();
  }
}

const stopTimeoutSec = (c: ProductServices): number => Math.max(90, ...c.d.services.map((s) => s.readyTimeoutSec));

/** Logs the command's output as "NAME ACTION: line"; a failure names what was done, how, and what to look at. */
async function checked(
  c: ProductServices,
  r: CommandResult,
  what: { action: string; name: string; how: string },
  timeoutSec = 0,
): Promise<void> {
  for (const line of r.output.split('\n').filter(Boolean)) c.out.log(`${what.name} ${what.action}: ${line}`);
  if (r.exitCode === 0) return;
  const outcome = r.timedOut
    ? `did not finish within ${timeoutSec} s (a job may still wait: systemctl list-jobs)`
    : r.error
      ? `failed: ${r.error}`
      : `exited ${r.exitCode}`;
  const last = r.output.split('\n').filter(Boolean).pop();
  throw new UpgradeHookError(
    'UPGRADE_FAILED',
    `cannot ${what.action} ${what.name} (${what.how}): ${outcome}${last ? `: ${last}` : ''}`,
    {
      hint: what.how.startsWith('systemctl')
        ? 'see systemctl status and journalctl -xe for the units named'
        : 'run the command by hand to see why',
    },
  );
}

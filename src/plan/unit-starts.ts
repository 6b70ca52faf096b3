// Which units a start of the product asks systemd for, and which it leaves alone (docs/systemd.md,
// "Product shapes"). Pure over `systemctl show`:
// - a unit that already runs is not asked again: a start of a running socket-activated service pulls in its
//   socket, which systemd refuses while the service runs, and the start fails with "Dependency failed";
// - a socket whose service already runs is not started: systemd refuses it ("Socket service X already
//   active, refusing"); it is left as it is, and said;
// - a run-to-completion job (Type=oneshot without RemainAfterExit) the upgrade stopped together with its
//   timer, path unit or socket is left to that trigger, which starts it when it is due; started by hand it
//   would run once more now, and end inactive: its success state, not a unit that failed to come back.
import { ownUnits, type Topology } from '../systemd/topology.js';
import { isRunning, isRunToCompletion, ranToSuccess, type UnitInfo } from '../systemd/unit-properties.js';

export interface StartDecision {
  start: string[];
  /** RefuseManualStart=yes units, started through a unit that pulls them in (which is in `start`). */
  pulledInBy: Array<{ unit: string; by: string }>;
  /** RefuseManualStart=yes units nothing startable pulls in: systemd refuses to start them. */
  cannotStart: string[];
  /** Jobs whose trigger the upgrade stopped too: the trigger, started again, starts them when due. */
  leftToTrigger: string[];
  /** Sockets systemd would refuse to start because their service runs. */
  socketServiceRuns: Array<{ socket: string; service: string }>;
}

const up = (u: UnitInfo | undefined) =>
  u !== undefined && ['active', 'activating', 'reloading'].includes(u.activeState);

/** `units` in the order to start them; `stopped`: every unit the upgrade recorded as stopped. */
export function whatToStart(units: string[], now: Map<string, UnitInfo>, stopped: string[] = []): StartDecision {
  const d: StartDecision = { start: [], leftToTrigger: [], socketServiceRuns: [], pulledInBy: [], cannotStart: [] };
  const refusing: string[] = [];
  for (const name of units) {
    const u = now.get(name);
    if (u?.loadState === 'not-found' || up(u)) continue;
    if (name.endsWith('.socket')) {
      const service = (u?.triggers ?? []).find((s) => isRunning(now.get(s)));
      if (service !== undefined) {
        d.socketServiceRuns.push({ socket: name, service });
        continue;
      }
    }
    if (isRunToCompletion(u) && u!.triggeredBy.some((t) => stopped.includes(t))) {
      d.leftToTrigger.push(name);
      continue;
    }
    if (u?.refuseManualStart) refusing.push(name);
    else {
      // a socket-activated service started without its socket gets no listening socket and fails (issue 20,
      // seed 5010: the socket was stopped by a restart of the target, the service's start refused by the gate)
      for (const socket of (u?.triggeredBy ?? []).filter((t) => t.endsWith('.socket'))) {
        const s = now.get(socket);
        if (s && s.loadState !== 'not-found' && !up(s) && !d.start.includes(socket)) d.start.push(socket);
      }
      if (!d.start.includes(name)) d.start.push(name);
    }
  }
  // `systemctl start` of a RefuseManualStart unit is refused; a start of a unit that pulls it in is not, and
  // a start of a unit that already runs still pulls in what it wants (issue 20: a worker left down)
  for (const name of refusing) {
    const by = pullerOf(now.get(name)!, now, d.start);
    if (by === undefined) d.cannotStart.push(name);
    else {
      d.pulledInBy.push({ unit: name, by });
      if (!d.start.includes(by)) d.start.push(by);
    }
  }
  return d;
}

// systemd's own targets pull in the whole system: not a way to start one unit again
const SYSTEM_TARGETS = /^(multi-user|graphical|default|basic|sysinit|sockets|timers|paths|emergency|rescue)\.target$/;

/** The unit to start so that `u` is pulled in: one being started anyway, else the product's target, else a
 * service that no socket activates (starting a running socket-activated service is refused with its socket). */
function pullerOf(u: UnitInfo, now: Map<string, UnitInfo>, starting: string[]): string | undefined {
  const usable = u.pulledInBy.filter(
    (p) => !SYSTEM_TARGETS.test(p) && !p.startsWith('upgrade-hook') && now.get(p)?.refuseManualStart !== true,
  );
  return (
    usable.find((p) => starting.includes(p)) ??
    usable.find((p) => p.endsWith('.target')) ??
    usable.find((p) => p.endsWith('.service') && (now.get(p)?.triggeredBy.length ?? 0) === 0)
  );
}

/** The started units that are not up afterwards; a job that ran to success is up in its own way. */
export function notBackUp(started: string[], after: Map<string, UnitInfo>): string[] {
  return started.filter((u) => !isRunning(after.get(u)) && !ranToSuccess(after.get(u)));
}

/**
 * The starts a refusing gate fails: units of the product (behind the gate, or stopping with what is) whose
 * start job waits for the gate. systemd drops those jobs ("Dependency failed") when the gate exits non-zero,
 * and nothing else remembers them: a worker instance or a oneshot the admin (or the boot) asked for would
 * stay down after the fix and a successful `upgrade-hook run`. Backends are not behind the gate.
 */
export function startsWaitingForTheGate(t: Topology): string[] {
  const own = ownUnits(t);
  return [...own].filter(
    (u) =>
      u !== t.gate &&
      !t.backends.includes(u) &&
      !u.startsWith('upgrade-hook') &&
      waitsToStart(t.units.get(u)) &&
      !u.endsWith('.target'),
  );
}

// systemctl show prints a job's id only (`Job=812`, systemd 252 and later): a unit down with a job queued
// is waiting to start (a stop job belongs to a unit that is up or going down)
const waitsToStart = (u: UnitInfo | undefined) =>
  u?.job !== undefined && (u.activeState === 'inactive' || u.activeState === 'failed');

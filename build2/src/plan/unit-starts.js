// Which units a start of the product asks systemd for, and which it leaves alone (docs/systemd.md,
// "Product shapes"). Pure over `systemctl show`:
// - a unit that already runs is not asked again: a start of a running socket-activated service pulls in its
//   socket, which systemd refuses while the service runs, and the start fails with "Dependency failed";
// - a socket whose service already runs is not started: systemd refuses it ("Socket service X already
//   active, refusing"); it is left as it is, and said;
// - a run-to-completion job (Type=oneshot without RemainAfterExit) the upgrade stopped together with its
//   timer, path unit or socket is left to that trigger, which starts it when it is due; started by hand it
//   would run once more now, and end inactive: its success state, not a unit that failed to come back.
import { isRunning, isRunToCompletion, ranToSuccess } from '../systemd/unit-properties.js';
const up = (u) => u !== undefined && ['active', 'activating', 'reloading'].includes(u.activeState);
/** `units` in the order to start them; `stopped`: every unit the upgrade recorded as stopped. */
export function whatToStart(units, now, stopped = []) {
    const d = { start: [], leftToTrigger: [], socketServiceRuns: [] };
    for (const name of units) {
        const u = now.get(name);
        if (u?.loadState === 'not-found' || up(u))
            continue;
        if (name.endsWith('.socket')) {
            const service = (u?.triggers ?? []).find((s) => isRunning(now.get(s)));
            if (service !== undefined) {
                d.socketServiceRuns.push({ socket: name, service });
                continue;
            }
        }
        if (isRunToCompletion(u) && u.triggeredBy.some((t) => stopped.includes(t))) {
            d.leftToTrigger.push(name);
            continue;
        }
        d.start.push(name);
    }
    return d;
}
/** The started units that are not up afterwards; a job that ran to success is up in its own way. */
export function notBackUp(started, after) {
    return started.filter((u) => !isRunning(after.get(u)) && !ranToSuccess(after.get(u)));
}

import { showUnits } from './systemctl.js';
import { isRunning } from './unit-properties.js';
export const gateUnit = (product) => `upgrade-hook@${product}.service`;
export const finishUnit = (product) => `upgrade-hook-finish@${product}.service`;
// The tool's own units are never stopped by it: one of them may be running this very upgrade.
const isOwnUnit = (unit) => unit.startsWith('upgrade-hook@') || unit.startsWith('upgrade-hook-finish@');
const MAX_LEVELS = 8;
export async function readTopology(systemctl, d) {
    const gate = gateUnit(d.name);
    const backends = unitsOf(d, 'backend');
    const apps = unitsOf(d, 'app');
    const units = await showUnits(systemctl, [gate, ...backends, ...apps]);
    const gated = unique([...(units.get(gate)?.pulledInBy ?? []), ...apps]).filter((u) => !isOwnUnit(u));
    await showMissing(systemctl, units, gated);
    const triggers = unique(gated.flatMap((u) => units.get(u)?.triggeredBy ?? []));
    await showMissing(systemctl, units, triggers);
    const dependents = unique(backends.flatMap((b) => units.get(b)?.pulledInBy ?? [])).filter((u) => u !== gate && !backends.includes(u) && !isOwnUnit(u) && isServiceLike(u));
    await showMissing(systemctl, units, dependents);
    const dependentTriggers = unique(dependents.flatMap((u) => units.get(u)?.triggeredBy ?? []));
    await showMissing(systemctl, units, dependentTriggers);
    // what a stop takes down with it, level by level
    let frontier = [...gated, ...backends, ...triggers, ...dependents, ...dependentTriggers];
    for (let level = 0; level < MAX_LEVELS && frontier.length > 0; level++) {
        const next = unique(frontier.flatMap((u) => units.get(u)?.stopsWithIt ?? [])).filter((u) => !units.has(u));
        await showMissing(systemctl, units, next);
        frontier = next;
    }
    return { gate, backends, apps, gated, triggers, dependents, dependentTriggers, units };
}
/**
 * The running units that must be down while scripts run with every product service stopped. Dependents
 * come first in each list: systemctl queues one job per unit in argument order, and with
 * ignore-requirements a unit listed before its dependents may stop at the same time as them.
 */
export function unitsToStop(t) {
    const closure = stopClosure(t, [...t.triggers, ...t.gated]);
    // the backends' dependents (another product's workers, its timer) stop with the backends, before them
    const withBackends = stopClosure(t, [...t.dependentTriggers, ...t.dependents, ...t.backends]);
    const running = (u) => isRunning(t.units.get(u)) && !isOwnUnit(u);
    const first = closure.filter(running);
    return { first, backends: withBackends.filter((u) => running(u) && !first.includes(u)) };
}
/** Units that must not run in the offline phase: everything behind the gate, its triggers, the backends,
 * and whatever would start a backend again (its dependents, other products' too, and their triggers). */
export function mustBeDownOffline(t) {
    return unique([...t.gated, ...t.triggers, ...t.backends, ...t.dependents, ...t.dependentTriggers]);
}
/** The product's own units: behind its gate, their triggers, its apps, what stops with those, its backends.
 * Everything else an upgrade stops belongs to another product sharing a backend (issue 21). */
export function ownUnits(t) {
    return new Set([...stopClosure(t, [...t.triggers, ...t.gated]), ...t.apps, ...t.backends]);
}
/** Units a gated unit pulls in (Wants=, Requires=, BindsTo=) that are not behind the gate: a start of a
 * gated unit during the offline phase (a socket, a timer, an admin) would start them at once. */
export function pulledInUngated(t) {
    const out = new Map();
    for (const g of t.gated) {
        for (const dep of t.units.get(g)?.pullsIn ?? []) {
            if (dep === t.gate || t.gated.includes(dep) || isOwnUnit(dep) || !isServiceLike(dep))
                continue;
            out.set(dep, [...(out.get(dep) ?? []), g]);
        }
    }
    return [...out].map(([unit, by]) => ({ unit, by }));
}
/**
 * Shapes an upgrade must refuse before it stops anything: a unit it must stop that refuses a manual stop
 * (`systemctl stop` exits 4 with the product half down), and a listed backend behind the gate (the
 * upgrade's own start of it waits for the gate, which is the upgrade: a deadlock until ready_timeout).
 */
export function uncontrollableUnits(t) {
    const out = [];
    for (const u of stopClosure(t, [...t.triggers, ...t.gated, ...t.backends])) {
        if (!t.units.get(u)?.refuseManualStop || isOwnUnit(u))
            continue;
        out.push({
            unit: u,
            why: `${u} has RefuseManualStop=yes: systemctl stop of it is refused, and the upgrade must stop it`,
            fix: `remove RefuseManualStop= from ${u} (a drop-in: [Unit] RefuseManualStop=no)`,
        });
    }
    for (const b of t.backends.filter((u) => t.gated.includes(u) || t.gated.includes(t.units.get(u)?.id ?? u))) {
        out.push({
            unit: b,
            why: `backend ${b} is behind ${t.gate}: the upgrade must start it in its backend phase, and that start would wait for the gate, which is the upgrade`,
            fix: `remove Requires=/After=${t.gate} from ${b}: a backend stays down only while the upgrade runs, as the offline phase stops it`,
        });
    }
    return out;
}
/** Targets that only Wants= gated units: `systemctl restart TARGET` exits 0 though the gate failed. */
export function wantsOnlyTargets(t) {
    const out = new Map();
    for (const g of t.gated) {
        for (const target of t.units.get(g)?.wantedBy ?? []) {
            if (!target.endsWith('.target') || SYSTEM_TARGETS.has(target))
                continue;
            out.set(target, [...(out.get(target) ?? []), g]);
        }
    }
    return [...out].map(([target, units]) => ({ target, units }));
}
// systemd's own targets: nobody restarts them to restart a product.
const SYSTEM_TARGETS = new Set([
    'multi-user.target',
    'graphical.target',
    'default.target',
    'sockets.target',
    'timers.target',
    'paths.target',
    'basic.target',
]);
/** Gated units the descriptor does not list (workers, instances): stopped and started with the product. */
export function unlistedGated(t) {
    return t.gated.filter((u) => !t.apps.includes(u) && isServiceLike(u));
}
// The seeds and every unit that stops with them, each after the units that stop with it (post-order).
function stopClosure(t, seeds) {
    const done = new Set();
    const order = [];
    const visit = (u) => {
        const id = t.units.get(u)?.id ?? u;
        if (done.has(id))
            return;
        done.add(id);
        for (const dependent of t.units.get(u)?.stopsWithIt ?? [])
            visit(dependent);
        order.push(id);
    };
    for (const seed of seeds)
        visit(seed);
    return order;
}
const isServiceLike = (u) => !u.endsWith('.target') && !u.endsWith('.slice') && !u.endsWith('.scope');
function unitsOf(d, role) {
    return d.services.filter((s) => s.role === role && s.unit).map((s) => s.unit);
}
async function showMissing(systemctl, units, names) {
    const missing = names.filter((u) => !units.has(u));
    for (const [k, v] of await showUnits(systemctl, missing))
        units.set(k, v);
}
const unique = (xs) => [...new Set(xs)];

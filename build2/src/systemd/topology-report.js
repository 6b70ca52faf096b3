// What `plan` and `status` say about the product's units as systemd sees them: units behind the gate the
// descriptor does not list (stopped and started with the product), the triggers the offline phase stops,
// and the un-gated units a start of a gated unit pulls in at once (a backend that could come up while
// offline scripts run: the upgrade checks before each one).
import { readHostFacts } from '../host/facts.js';
import { whyUnitsCannotBeControlled } from '../host/deferral.js';
import { systemctlWith } from './systemctl.js';
import { pulledInUngated, readTopology, uncontrollableUnits, unlistedGated, wantsOnlyTargets, } from './topology.js';
/** undefined when the product has no units or systemd cannot be asked (no systemd, chroot). */
export async function topologyReport(d, env) {
    if (!d.services.some((s) => s.unit) || whyUnitsCannotBeControlled(d, readHostFacts(env)))
        return undefined;
    const t = await readTopology(systemctlWith(), d);
    return {
        gate: t.gate,
        behindGate: t.gated,
        unlisted: unlistedGated(t),
        triggers: t.triggers,
        pulledIn: pulledInUngated(t),
        uncontrollable: uncontrollableUnits(t),
        wantsOnlyTargets: wantsOnlyTargets(t),
    };
}
export function describeTopology(r, d) {
    const lines = [
        `units behind ${r.gate}: ${r.behindGate.join(', ') || "none (put the product's units behind it: Requires= and After=)"}`,
    ];
    for (const s of d.services.filter((v) => v.role === 'app' && v.unit && !r.behindGate.includes(v.unit))) {
        lines.push(`WARNING: app ${s.name} (${s.unit}) is not behind the gate: it can start new code on old data`);
    }
    if (r.unlisted.length)
        lines.push(`not in the descriptor, stopped and started with the product: ${r.unlisted.join(', ')}`);
    if (r.triggers.length)
        lines.push(`triggers stopped while the product is down: ${r.triggers.join(', ')}`);
    for (const p of r.pulledIn)
        lines.push(`pulled in at once by a start of ${p.by.join(', ')} (not behind the gate): ${p.unit}; the upgrade checks it is down before each offline script`);
    for (const u of r.uncontrollable)
        lines.push(`ERROR: ${u.why}; every upgrade fails before it stops anything: ${u.fix}`);
    for (const w of r.wantsOnlyTargets)
        lines.push(`WARNING: ${w.target} only Wants= ${w.units.join(', ')}: systemctl restart ${w.target} exits 0 even when ${r.gate} failed and they stay down; check upgrade-hook status (or use Requires= in ${w.target})`);
    return lines;
}

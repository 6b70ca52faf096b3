import { showUnits } from './systemctl.js';
import { readTopology } from './topology.js';
const MARK = 'needs-restart';
/** Clears the restart mark of those of `units` that have one; returns the units it cleared. */
export async function takeRestartMarks(systemctl, units) {
    if (units.length === 0)
        return [];
    const shown = await showUnits(systemctl, units);
    const marked = [
        ...new Set(units
            .map((u) => shown.get(u))
            .filter((u) => u?.markers.includes(MARK))
            .map((u) => u.id)),
    ];
    for (const unit of marked)
        await systemctl(['set-property', unit, `Markers=-${MARK}`], 30);
    return marked;
}
/** Takes over the marks of every unit of the product: behind its gate, their triggers, its backends. */
export async function takeProductRestartMarks(systemctl, d) {
    const t = await readTopology(systemctl, d);
    return takeRestartMarks(systemctl, [...t.gated, ...t.triggers, ...t.backends]);
}

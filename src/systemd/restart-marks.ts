// Fedora's %systemd_postun_with_restart only marks units (Markers=needs-restart); systemd's rpm file trigger
// restarts the marked units after every %posttrans, still inside the rpm transaction (docs/systemd.md).
// When the product's upgrade restarts its units itself (or runs later, from the dnf bridge), those marks
// would restart them a second time, or start them into a gate that must refuse or wait: take them over.
import type { Descriptor } from '../product/descriptor.js';
import { showUnits, type Systemctl } from './systemctl.js';
import { readTopology } from './topology.js';

const MARK = 'needs-restart';

/** Clears the restart mark of those of `units` that have one; returns the units it cleared. */
export async function takeRestartMarks(systemctl: Systemctl, units: string[]): Promise<string[]> {
  if (units.length === 0) return [];
  const shown = await showUnits(systemctl, units);
  const marked = [
    ...new Set(
      units
        .map((u) => shown.get(u))
        .filter((u) => u?.markers.includes(MARK))
        .map((u) => u!.id),
    ),
  ];
  for (const unit of marked) await systemctl(['set-property', unit, `Markers=-${MARK}`], 30);
  return marked;
}

/** Takes over the marks of every unit of the product: behind its gate, their triggers, its backends. */
export async function takeProductRestartMarks(systemctl: Systemctl, d: Descriptor): Promise<string[]> {
  const t = await readTopology(systemctl, d);
  return takeRestartMarks(systemctl, [...t.gated, ...t.triggers, ...t.backends]);
}

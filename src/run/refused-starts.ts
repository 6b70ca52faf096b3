// A gate that exits non-zero (the upgrade failed, or it refuses a failed one) or dies (SIGKILL, the OOM
// killer) makes systemd drop every start job waiting for it. The product's units among them are kept with
// the units the upgrade stopped, so the run that completes the upgrade (`upgrade-hook run NAME` after the
// fix, or the rerun after a kill) starts them too (issue 20).
import type { Descriptor } from '../product/descriptor.js';
import { startsWaitingForTheGate } from '../plan/unit-starts.js';
import type { StoppedUnitsStore } from '../record/stores.js';
import type { Systemctl } from '../systemd/systemctl.js';
import { readTopology } from '../systemd/topology.js';

/** Adds the product's units whose start waits for its gate to `stopped`, and returns those it added.
 * `say`: for a gate that refuses (it names them); a gate about to upgrade keeps them quietly. Never throws. */
export async function keepStartsTheGateRefuses(
  systemctl: Systemctl,
  d: Descriptor,
  stopped: StoppedUnitsStore,
  say?: (line: string) => void,
): Promise<string[]> {
  if (!d.services.some((s) => s.unit !== undefined)) return [];
  try {
    const waiting = startsWaitingForTheGate(await readTopology(systemctl, d));
    if (waiting.length === 0) return [];
    const before = stopped.all();
    stopped.add(waiting);
    say?.(
      `${d.name}: not starting ${waiting.join(', ')} (their start waits for this gate); the run that completes the upgrade starts them: upgrade-hook run ${d.name}`,
    );
    return waiting.filter((u) => !before.includes(u));
  } catch (e) {
    say?.(`${d.name}: could not read which starts wait for the gate: ${e instanceof Error ? e.message : String(e)}`);
    return [];
  }
}

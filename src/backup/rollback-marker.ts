// The marker `rollback` leaves: refused (rolled-back) for the build it rolled back from, until the
// packages match the restored data again (plan/decide.ts, plan/gate-policy.ts). Then it goes.
import type { MarkerStore } from '../record/stores.js';

export function clearRollbackMarker(marker: MarkerStore, say: (m: string) => void): void {
  // read again: only a marker that still says rolled-back goes
  if (marker.read()?.reason !== 'rolled-back') return;
  marker.remove();
  say('the packages match the rolled-back data: the rollback is complete');
}

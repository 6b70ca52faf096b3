// The marker `rollback` leaves: refused (rolled-back) for the build it rolled back from, until the
// packages match the restored data again (plan/decide.ts, plan/gate-policy.ts). Then it goes.
import type { Descriptor } from '../product/descriptor.js';
import { readMarker, removeMarker } from '../record/marker.js';
import { productPaths } from '../record/paths.js';

export function clearRollbackMarker(d: Descriptor, say: (m: string) => void): void {
  const path = productPaths(d).marker;
  // read again: only a marker that still says rolled-back goes
  if (readMarker(path)?.reason !== 'rolled-back') return;
  removeMarker(path);
  say('the packages match the rolled-back data: the rollback is complete');
}

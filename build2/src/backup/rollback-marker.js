import { readMarker, removeMarker } from '../record/marker.js';
import { productPaths } from '../record/paths.js';
export function clearRollbackMarker(d, say) {
    const path = productPaths(d).marker;
    // read again: only a marker that still says rolled-back goes
    if (readMarker(path)?.reason !== 'rolled-back')
        return;
    removeMarker(path);
    say('the packages match the rolled-back data: the rollback is complete');
}

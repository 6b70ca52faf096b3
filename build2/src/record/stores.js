import { compactIfLarge, historyRecords, openHistory, summarizeHistory } from './history-file.js';
import { readMarker, removeMarker, writeMarker } from './marker.js';
import { addStoppedUnits, forgetStoppedUnits, readStoppedUnits, removeStoppedUnits } from './stopped-units.js';
/** The records of a product in its var dir (record/paths.ts `productPaths`). */
export function fileRecords(paths) {
    return {
        history: {
            summary: () => summarizeHistory(paths.history),
            records: () => historyRecords(paths.history),
            open: () => openHistory(paths.history),
            compactIfLarge: (o) => compactIfLarge(o, paths.history),
        },
        marker: {
            read: () => readMarker(paths.marker),
            write: (m) => writeMarker(paths.marker, m),
            remove: () => removeMarker(paths.marker),
        },
        stopped: {
            add: (units) => addStoppedUnits(paths.varDir, units),
            all: () => readStoppedUnits(paths.varDir),
            forget: () => forgetStoppedUnits(paths.varDir),
            remove: (units) => removeStoppedUnits(paths.varDir, units),
        },
    };
}

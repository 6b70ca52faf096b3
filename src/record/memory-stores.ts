// In-memory twins of the run's records (stores.ts), for tests of the runner: same contracts, no files.
// The history keeps its records as objects and summarizes them with the same fold as the file (summarize).
import type { HistoryRecord } from './history-record.js';
import { summarize } from './history-record.js';
import type { Marker } from './marker.js';
import type { HistoryStore, MarkerStore, RunRecords, StoppedUnitsStore } from './stores.js';

export type MemoryHistory = HistoryStore & { readonly list: HistoryRecord[] };

export function memoryHistory(records: HistoryRecord[] = []): MemoryHistory {
  const list = [...records];
  return {
    list,
    summary: () => summarize(list),
    records: () => list,
    numbered: () => list.map((record, i) => ({ lineNo: i + 1, record })),
    open: () => ({ append: (r) => void list.push(structuredClone(r)), close: () => {} }),
    compactIfLarge: () => {},
  };
}

export type MemoryMarkerStore = MarkerStore & { readonly current: Marker | undefined };

export function memoryMarkerStore(initial?: Marker): MemoryMarkerStore {
  let current = initial;
  return {
    get current() {
      return current;
    },
    read: () => current,
    write: (m) => {
      current = structuredClone(m);
    },
    writeIfAbsent: (m) => {
      if (current) return false;
      current = structuredClone(m);
      return true;
    },
    remove: () => {
      current = undefined;
    },
  };
}

export function memoryStoppedUnits(initial: string[] = []): StoppedUnitsStore {
  let units = [...new Set(initial)];
  return {
    add: (more) => (units = [...new Set([...units, ...more])]),
    all: () => [...units],
    forget: () => {
      units = [];
    },
    remove: (gone) => {
      units = units.filter((u) => !gone.includes(u));
    },
  };
}

export function memoryRecords(): RunRecords & { history: MemoryHistory; marker: MemoryMarkerStore } {
  return { history: memoryHistory(), marker: memoryMarkerStore(), stopped: memoryStoppedUnits() };
}

// What a run writes for the next one, behind three small stores: the history, the marker and the units
// it stopped. These are the file-backed ones every run uses (formats: history-file.ts, marker.ts,
// stopped-units.ts); memory-stores.ts has their in-memory twins for tests of the runner.
import type { HistorySummary, HistoryRecord } from './history-record.js';
import {
  compactIfLarge,
  historyRecords,
  numberedHistoryRecords,
  openHistory,
  summarizeHistory,
  type HistoryWriter,
} from './history-file.js';
import { readMarker, removeMarker, writeMarker, writeMarkerIfAbsent, type Marker } from './marker.js';
import { productPaths } from './paths.js';
import type { Descriptor } from '../product/descriptor.js';
import { addStoppedUnits, forgetStoppedUnits, readStoppedUnits, removeStoppedUnits } from './stopped-units.js';
import { dropGateWaits, keepGateWaits, takeOrphanedGateWaits, type GateProcess } from './gate-waits.js';

export interface HistoryStore {
  /** What the planner and the resume need: once-scripts done, the attempt in progress, the last run. */
  summary(): HistorySummary;
  /** Every record, oldest first (read lazily from a file). */
  records(): Iterable<HistoryRecord>;
  /** The same, each with its line number (1-based): for a reader that checks more and must name the line. */
  numbered(): Iterable<{ lineNo: number; record: HistoryRecord }>;
  /** The writer of this run: an end record is durable before the next script starts. */
  open(): HistoryWriter;
  /** Under the lock, before the history is read: a history past its size is compacted, and that is said. */
  compactIfLarge(o: CompactionOutput): void;
}

export type CompactionOutput = Parameters<typeof compactIfLarge>[0];

export interface MarkerStore {
  read(): Marker | undefined;
  write(marker: Marker): void;
  /** Writes it only when there is none (a running upgrade's stands): false when one exists. */
  writeIfAbsent(marker: Marker): boolean;
  remove(): void;
}

export interface StoppedUnitsStore {
  /** Adds units (each listed once) and returns the whole list. */
  add(units: string[]): string[];
  all(): string[];
  forget(): void;
  /** Drops these units from the list (another product's, started again after a failed run). */
  remove(units: string[]): void;
}

export interface RunRecords {
  history: HistoryStore;
  marker: MarkerStore;
  stopped: StoppedUnitsStore;
}

/** The records of a product in its var dir (record/paths.ts `productPaths`). */
export function fileRecords(paths: { varDir: string; history: string; marker: string }): RunRecords {
  return {
    history: {
      summary: () => summarizeHistory(paths.history),
      records: () => historyRecords(paths.history),
      numbered: () => numberedHistoryRecords(paths.history),
      open: () => openHistory(paths.history),
      compactIfLarge: (o) => compactIfLarge(o, paths.history),
    },
    marker: {
      read: () => readMarker(paths.marker),
      write: (m) => writeMarker(paths.marker, m),
      writeIfAbsent: (m) => writeMarkerIfAbsent(paths.marker, m),
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

/** The records of a product: the one way commands, backup and rollback reach its history, marker and units. */
export const productRecords = (d: Descriptor): RunRecords => fileRecords(productPaths(d));

/** The starts a waiting gate makes wait, kept for the run after it if it is killed (record/gate-waits.ts). */
export interface GateWaitsStore {
  keep(gate: GateProcess, units: string[]): void;
  drop(pid: number): void;
  /** The units of gates that are gone, added to `stopped` before their records go. */
  takeOrphaned(alive: (gate: GateProcess) => boolean, stopped: StoppedUnitsStore): string[];
}

export function fileGateWaits(varDir: string): GateWaitsStore {
  return {
    keep: (gate, units) => keepGateWaits(varDir, gate, units),
    drop: (pid) => dropGateWaits(varDir, pid),
    takeOrphaned: (alive, stopped) => takeOrphanedGateWaits(varDir, alive, (units) => stopped.add(units)),
  };
}

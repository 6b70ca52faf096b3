// The types the run's modules share (the frame, the plan's execution, the backup step, the upgrade): here, so
// that no module of run/ imports another's types in a circle (docs/ARCHITECTURE.md, "Import direction").
import type { BackupBuilder } from '../backup/take.js';
import type { ChecksVerdict } from '../checks/verdict.js';
import type { HolderPhase } from '../lock/holder-phase.js';
import type { ProductLog } from '../log/product-log.js';
import type { Terminal } from '../log/terminal.js';
import type { EntryPoint } from '../plan/entry-policy.js';
import type { BuildInfo } from '../product/build-info.js';
import type { Descriptor } from '../product/descriptor.js';
import type { Starter } from '../record/history-record.js';
import type { RunRecords } from '../record/stores.js';
import type { RunnerIO } from '../services/runner-io.js';

export interface UpgradeOptions {
  descriptor: Descriptor;
  build: BuildInfo;
  env: NodeJS.ProcessEnv;
  euid: number;
  terminal: Terminal;
  productLog: ProductLog;
  lockToken: string;
  force: boolean;
  skipVersionCheck: boolean;
  /** The command an admin should run to retry, e.g. `upgrade-hook run acme`. */
  rerunCommand: string;
  lockDir: string;
  /** Who asked. The gate runs the phases that need the apps down, then hands the rest to
   * upgrade-hook-finish@NAME (only when the product's services are systemd units: the apps' start jobs wait
   * for the gate). */
  entry: EntryPoint;
  /** Who started the run, and the admin's name (for the history). */
  startedBy: Starter;
  user: string;
  /** The verdict of the product's checks, read by the caller: "needs upgrade" makes one due at equal versions. */
  checks?: ChecksVerdict | undefined;
  /** The run's effects on the system (services/runner-io.ts): helper commands, probes, scripts, sleep, clock. */
  io: RunnerIO;
  /** The history, marker and stopped units of the product (record/stores.ts): its var dir's files. */
  records: RunRecords;
  /** The running tool, linked into the scripts' PATH as `upgrade-hook`. */
  toolPath: string;
  /** How long to wait for a script a killed run left running (the lock wait: it holds the upgrade as a lock would). */
  staleScriptWaitSec?: number;
}

export type Outcome = { kind: 'done' } | { kind: 'failed'; failure: Failure } | { kind: 'handed-over'; why: string };

export interface Failure {
  /** The script that failed, or what the tool was doing with the services. */
  step: string;
  reason: string;
  /** A script failed: the rerun starts at it. Otherwise the services failed and the rerun starts from the top. */
  resumable: boolean;
  hint: string | undefined;
  lastOutput: string[];
}

export interface PlannedBackup {
  builder: BackupBuilder;
  required: boolean;
  hasDump: boolean;
  say: (line: string) => void;
}

export interface FrameEffects {
  /** The product lock this run holds: tell a waiting gate the phase, throw LOCK_LOST once it is not ours. */
  lock: { publish(phase: HolderPhase): void; assertHeld(next: string): void; clearPhase(): void };
  /** The scripts' TMPDIR, made empty, and the directory linking the running tool as `upgrade-hook`. */
  workDir: { make(): { tmp: string; toolDir: string }; remove(): void };
  /** Where a script asks for restarts. */
  restartFile: string;
  /** Writes the data version and platform: an upgrade's, before its run-end record. */
  stamp(): void;
  /** The time of a record or marker. */
  at(): string;
  pid: number;
  /** An upgrade's guard from its first record to its end: the caller's descriptors closed, signals turned
   * into an interruption (proc/interruption.ts); returns its undoing. */
  guard(): () => void;
  interruptedBy(): NodeJS.Signals | undefined;
}

// The product descriptor as the rest of the tool sees it: plain, validated data.
import type { VersionScheme } from '../version/index.js';

/** Where a value (build version, platform) comes from. */
export type ValueSource =
  | { kind: 'file'; path: string }
  | { kind: 'rpm'; package: string }
  | { kind: 'literal'; value: string };

export type ReadinessProbe =
  | { kind: 'tcp'; host: string; port: number }
  | { kind: 'http'; url: string }
  | { kind: 'exec'; command: string }
  | { kind: 'unit' };

export type ServiceRole = 'backend' | 'app';

export interface ServiceSpec {
  name: string;
  role: ServiceRole;
  /** systemd unit; when absent the start/stop commands are used. */
  unit: string | undefined;
  start: string | undefined;
  stop: string | undefined;
  ready: ReadinessProbe | undefined;
  readyTimeoutSec: number;
}

export interface PhaseRange {
  name: string;
  from: number;
  to: number;
}

/** How to recognise a product installed before it adopted upgrade-hook (it has data but no data version). */
export type ConfiguredTest =
  | { kind: 'file'; path: string }
  | { kind: 'state'; section: string; key: string; value: string };

export interface Descriptor {
  name: string;
  /** The files it was read from, lowest priority first. */
  sources: string[];
  buildVersion: ValueSource;
  platform: ValueSource | undefined;
  versionScheme: VersionScheme;
  stateFile: string;
  stateSection: string;
  scriptsDir: string;
  adminScriptsDir: string | undefined;
  varDir: string;
  logFile: string;
  autoUpgrade: boolean;
  scriptTimeoutSec: number;
  configuredIf: ConfiguredTest | undefined;
  assumeDataVersion: string;
  /** A required stop: data older than this is not upgraded by this build (preflight inhibits). */
  minDataVersion: string | undefined;
  phases: PhaseRange[];
  services: ServiceSpec[];
  /** Check executables run before a start (check, gate, posttrans, status); undefined = none, nothing runs. */
  checksDir: string | undefined;
  /** Default time a check may take, in seconds (a `# upgrade-hook-timeout:` line overrides). */
  checkTimeoutSec: number;
  /** [backup]: what a consistent backup before an upgrade copies (src/backup/). */
  backup: BackupSpec | undefined;
  /** [rehearse]: the packager's hooks for `rehearse` and `matrix` (docs/rehearse.md); undefined = none. */
  rehearse?: RehearseHooks | undefined;
}

/** The [rehearse] section: /bin/sh commands run as root inside a rehearsal's or the matrix's container. */
export interface RehearseHooks {
  /** The product's installer, run after the first install (default: `upgrade-hook stamp NAME`). */
  install: string | undefined;
  /** Writes the fixture data, in the format of the installed version (matrix). */
  seed: string | undefined;
  /** Prints a digest of the data on stdout (default: a hash of the [backup] paths' file tree). */
  digest: string | undefined;
  /** Runs before the product starts in a rehearsal: no mail, no cron, no replication to peers. */
  neutralize: string | undefined;
}

/** The [backup] section: the product's data, copied with every service down; an optional dump/restore. */
export interface BackupSpec {
  /** Absolute paths (directories and files) of the product's data. */
  paths: string[];
  /** Run with the backends up and the apps down, before the copy; writes $UPGRADE_HOOK_DUMP_FILE. */
  dump: string | undefined;
  /** Run by rollback with the backends up, after the files are back; reads $UPGRADE_HOOK_DUMP_FILE. */
  restore: string | undefined;
  /** Where backups go (default VAR_DIR/backups). */
  dir: string;
  /** How many backups to keep (default 2). */
  keep: number;
  /** yes: an upgrade does not start without one; no: a failed or impossible backup is a warning. */
  required: boolean;
}

export const DATA_VERSION_KEY = 'data_version';
export const PLATFORM_KEY = 'platform';

export const DEFAULT_PHASES: PhaseRange[] = [
  { name: 'offline', from: 1, to: 2999 },
  { name: 'backend', from: 3000, to: 5999 },
  { name: 'online', from: 6000, to: 9999 },
];

/** The product's backend units (each once, sorted: the order their locks are taken, lock/backend-lock.ts). */
export function backendUnits(d: Descriptor): string[] {
  return [...new Set(d.services.filter((s) => s.role === 'backend' && s.unit).map((s) => s.unit!))].sort();
}

/** The phases whose services must be up: backend phases need backends, online phases need everything. */
export function rolesUpIn(phase: string): ServiceRole[] {
  if (phase === 'offline') return [];
  if (phase === 'backend') return ['backend'];
  return ['backend', 'app'];
}

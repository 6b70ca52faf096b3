// Facts about where this process runs (chroot, systemd, network, offline upgrade, container, dnf bridge),
// read with a few cheap, synchronous stat/read calls: it runs in every %posttrans.
// Every read is relative to `root` so tests can point it at a fake tree; nothing here throws.
import { existsSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { basename, join } from 'node:path';
import { detectChroot } from './chroot.js';
import { readProcStat } from '../proc/proc-stat.js';

/** Where `bridge begin` leaves the flag of a dnf5 transaction (one file per dnf5 pid) for its %posttrans. */
export const BRIDGE_DIR = '/run/upgrade-hook/bridge.d';

export interface HostFacts {
  chroot: boolean;
  /** Why we think we are (or are not) in a chroot, for the marker and the log. */
  chrootEvidence: string;
  /** systemd is PID 1 (/run/systemd/system exists). */
  systemdRunning: boolean;
  /** SYSTEMD_OFFLINE=1: systemctl must act as if systemd were not running. */
  systemdOffline: boolean;
  /** An offline system upgrade (dnf system-upgrade / dnf5 offline) is running this transaction. */
  offlineUpgradeBoot: boolean;
  /** Only the loopback interface exists (rpm >= 4.20's unshare plugin with no network). */
  networkIsolated: boolean;
  /** The container manager's name (docker, podman, systemd-nspawn, ...) or undefined on a plain host. */
  container: string | undefined;
  /** A dnf hook will run the pending upgrades after the transaction. */
  bridge: 'dnf4' | 'dnf5' | undefined;
}

export function readHostFacts(env: NodeJS.ProcessEnv, root = '/'): HostFacts {
  const chroot = detectChroot(root, env);
  return {
    chroot: chroot.chroot,
    chrootEvidence: chroot.evidence,
    systemdRunning: existsSync(join(root, 'run/systemd/system')),
    systemdOffline: env.SYSTEMD_OFFLINE === '1',
    offlineUpgradeBoot: isOfflineUpgradeBoot(root),
    networkIsolated: isNetworkIsolated(root),
    container: containerName(env, root),
    bridge: bridgeKind(env, root),
  };
}

const OFFLINE_UPGRADE_UNITS = ['dnf-system-upgrade.service', 'dnf5-offline-transaction.service'];

// dnf removes /system-update before the transaction runs, so look at what the boot itself says.
function isOfflineUpgradeBoot(root: string): boolean {
  const target = readlinkOrUndefined(join(root, 'run/systemd/generator.early/default.target'));
  if (target !== undefined && basename(target) === 'system-update.target') return true;
  const cgroup = readOrUndefined(join(root, 'proc/self/cgroup')) ?? '';
  return OFFLINE_UPGRADE_UNITS.some((unit) => cgroup.includes(`/${unit}`));
}

// /proc/net/dev lists the interfaces of this process's network namespace: two header lines, then one per line.
export function isNetworkIsolated(root: string): boolean {
  const text = readOrUndefined(join(root, 'proc/net/dev'));
  if (text === undefined) return false;
  const names = text
    .split('\n')
    .slice(2)
    .map((line) => line.split(':')[0]?.trim() ?? '')
    .filter((name) => name !== '');
  return names.length > 0 && names.every((name) => name === 'lo');
}

function containerName(env: NodeJS.ProcessEnv, root: string): string | undefined {
  if (env.container) return env.container;
  const systemdSays = readOrUndefined(join(root, 'run/systemd/container'))?.trim();
  if (systemdSays) return systemdSays;
  if (existsSync(join(root, 'run/.containerenv'))) return 'podman';
  if (existsSync(join(root, '.dockerenv'))) return 'docker';
  return undefined;
}

// dnf4's plugin sets a variable that %posttrans inherits; dnf5's actions can only leave a file named after the
// dnf5 process's pid. Only a flag naming one of our own ancestors counts: a dnf5 running elsewhere on the host
// (or a dead one whose pid was reused) must not make an unrelated `rpm -U` defer to a bridge that never comes.
function bridgeKind(env: NodeJS.ProcessEnv, root: string): 'dnf4' | 'dnf5' | undefined {
  const fromEnv = env.UPGRADE_HOOK_BRIDGE;
  if (fromEnv === 'dnf4' || fromEnv === 'dnf5') return fromEnv;
  let flags: string[];
  try {
    flags = readdirSync(join(root, BRIDGE_DIR));
  } catch {
    return undefined;
  }
  const mine = ancestors(root);
  return flags.some(
    (name) =>
      /^[1-9][0-9]*$/.test(name) &&
      mine.has(Number(name)) &&
      sameProcess(join(root, BRIDGE_DIR, name), mine.get(Number(name))),
  )
    ? 'dnf5'
    : undefined;
}

// `bridge begin` records the dnf5 process's start time: a flag left by a dnf5 that died, whose pid an
// ancestor of ours now has, is stale (a flag without one, from an older version, is taken as it is).
export function sameProcess(flag: string, start: string | undefined): boolean {
  const recorded = /^start=(\d+)$/m.exec(readOrUndefined(flag) ?? '')?.[1];
  return recorded === undefined || recorded === start;
}

// This process and its ancestors with their start times, read from /proc (self first, then each parent's stat).
export function ancestors(root: string): Map<number, string | undefined> {
  const seen = new Map<number, string | undefined>();
  let stat = readProcStat('self', root);
  while (stat) {
    if (seen.has(stat.pid)) break;
    seen.set(stat.pid, stat.startTime);
    if (!(stat.ppid > 1)) break;
    stat = readProcStat(stat.ppid, root);
  }
  return seen;
}

function readOrUndefined(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

function readlinkOrUndefined(path: string): string | undefined {
  try {
    return readlinkSync(path);
  } catch {
    return undefined;
  }
}

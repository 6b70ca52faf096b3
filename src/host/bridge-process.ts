// The dnf process whose bridge will run an upgrade %posttrans deferred to it (issue 21 item 5). A timer, a
// socket or a Restart= may start a gated unit while that dnf is still in its rpm transaction: the gate
// must then wait for the bridge instead of running the upgrade inside the transaction (where dnf said it
// would not run). %posttrans records the dnf process (pid and start time) in the marker and in a list of
// products deferred to it, which `bridge end` reads to report every one of them with its final state.
import { appendFileSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ensureSafeDirectory } from '../lock/lock-dir.js';
import { BRIDGE_DIR, ancestors, sameProcess } from './facts.js';
import { readProcStat } from '../proc/proc-stat.js';

export interface BridgeProcess {
  pid: number;
  /** /proc/PID/stat field 22: a pid reused by another process is not the bridge. */
  start: string | undefined;
}

// The products one dnf transaction deferred to its bridge, one name a line: in the root-only lock directory.
const productsFile = (lockDir: string, pid: number) => join(lockDir, `bridge-${pid}.products`);

/** In %posttrans: the dnf process that runs the bridge, one of our ancestors (dnf4: the plugin's
 * UPGRADE_HOOK_BRIDGE_PID; dnf5: the flag `bridge begin` left), or undefined when it cannot be told. */
export function bridgeProcessOf(env: NodeJS.ProcessEnv, root = '/'): BridgeProcess | undefined {
  const mine = ancestors(root);
  const fromEnv = Number(env.UPGRADE_HOOK_BRIDGE_PID);
  if (env.UPGRADE_HOOK_BRIDGE === 'dnf4' && Number.isInteger(fromEnv) && mine.has(fromEnv))
    return { pid: fromEnv, start: mine.get(fromEnv) };
  let flags: string[] = [];
  try {
    flags = readdirSync(join(root, BRIDGE_DIR));
  } catch {
    return undefined;
  }
  const pid = flags
    .filter((n) => /^[1-9][0-9]*$/.test(n))
    .map(Number)
    .find((n) => mine.has(n) && sameProcess(join(root, BRIDGE_DIR, String(n)), mine.get(n)));
  return pid === undefined ? undefined : { pid, start: mine.get(pid) };
}

export function bridgeIsAlive(b: BridgeProcess | undefined): boolean {
  if (!b) return false;
  const s = readProcStat(b.pid);
  return s !== undefined && s.state !== 'Z' && (b.start === undefined || s.startTime === b.start);
}

/** %posttrans: adds the product to the list its dnf's `bridge end` reports on. */
export function noteDeferredToBridge(lockDir: string, b: BridgeProcess, product: string, euid: number): void {
  ensureSafeDirectory(lockDir, euid, 0o700, 'lock directory');
  appendFileSync(productsFile(lockDir, b.pid), `${product}\n`, { mode: 0o600 });
}

/** `bridge end`: the products deferred to this dnf process (its pid), the list removed. */
export function takeDeferredToBridge(lockDir: string, pid: number): string[] {
  let text = '';
  try {
    text = readFileSync(productsFile(lockDir, pid), 'utf8');
  } catch {
    return [];
  }
  rmSync(productsFile(lockDir, pid), { force: true });
  return [...new Set(text.split('\n').filter((l) => /^[A-Za-z0-9][A-Za-z0-9._@+-]*$/.test(l)))];
}

/**
 * A `systemctl` below the dnf process that no upgrade-hook process started: a scriptlet (another package's
 * `systemctl restart`) waits for this very gate inside the transaction, and the bridge comes only after the
 * transaction: waiting would wait for ourselves. The bridge's own systemctl calls run below upgrade-hook.
 */
export function scriptletWaitsBelow(dnfPid: number, descendants: (pid: number) => number[], evenOurs = false): boolean {
  for (const pid of descendants(dnfPid)) {
    if (readProcStat(pid)?.comm !== 'systemctl') continue;
    if (evenOurs) return true;
    let up = readProcStat(pid)?.ppid;
    let ours = false;
    for (let depth = 0; up !== undefined && up !== dnfPid && up > 1 && depth < 32; depth++) {
      if (cmdline(up).includes('upgrade-hook')) ours = true;
      up = readProcStat(up)?.ppid;
    }
    if (!ours) return true;
  }
  return false;
}

function cmdline(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
  } catch {
    return '';
  }
}

// Longer than any dnf transaction's tail after %posttrans, short of hanging a boot for good.
export const BRIDGE_WAIT_SEC = 900;

/**
 * The gate, when the upgrade is deferred to a dnf bridge whose dnf still runs: waits until that dnf's
 * bridge has taken the upgrade (the marker changed), dnf ended, or `BRIDGE_WAIT_SEC` passed; the caller
 * then decides again. False, at once, when there is nothing to wait for or a scriptlet waits for us.
 */
export async function waitForBridge(
  product: string,
  readMarkerNow: () => { state: string; reason: string; bridge?: BridgeProcess } | undefined,
  descendants: (pid: number) => number[],
  out: { say(line: string): void; progress(line: string): void },
  lockHeld: () => boolean,
): Promise<boolean> {
  const inTransaction = await waitForTransaction(product, readMarkerNow, descendants, out, lockHeld);
  return (await waitForDeferredBridge(product, readMarkerNow, descendants, out)) || inTransaction;
}

// Paths of rpm's transaction lock (Fedora >= 36 keeps the database in /usr/lib/sysimage/rpm).
const RPM_LOCKS = ['/usr/lib/sysimage/rpm/.rpm.lock', '/var/lib/rpm/.rpm.lock'];

/** The process holding rpm's transaction lock (a running `rpm -U`, dnf's transaction), from /proc/locks;
 * 0 when it is held by an open file description lock (no pid), undefined when nobody holds it. */
export function rpmTransactionHolder(locksText = readLocks()): number | undefined {
  for (const path of RPM_LOCKS) {
    let ino: number;
    try {
      ino = statSync(path).ino;
    } catch {
      continue;
    }
    for (const line of locksText.split('\n')) {
      const m = /^\d+:\s+\S+\s+\S+\s+WRITE\s+(-?\d+)\s+[0-9a-f]+:[0-9a-f]+:(\d+)\s/.exec(line);
      if (m && Number(m[2]) === ino) return Math.max(0, Number(m[1]));
    }
  }
  return undefined;
}

function readLocks(): string {
  try {
    return readFileSync('/proc/locks', 'utf8');
  } catch {
    return '';
  }
}

// Between rpm writing the product's new files and its %posttrans, the build is new and no marker says yet
// whether the upgrade runs in %posttrans or is deferred: a gate started then waits for the transaction.
// Not when any systemctl runs below it (%posttrans starting the apps, a scriptlet's restart: they may wait
// for this very gate), nor once someone holds the product lock (the gate's usual wait handles that).
async function waitForTransaction(
  product: string,
  readMarkerNow: () => { state: string; reason: string } | undefined,
  descendants: (pid: number) => number[],
  out: { say(line: string): void; progress(line: string): void },
  lockHeld: () => boolean,
): Promise<boolean> {
  const deferredToBridge = () => {
    const m = readMarkerNow();
    return m?.state === 'deferred' && m.reason === 'bridge';
  };
  const holder = rpmTransactionHolder();
  const mayWait = () => {
    const h = rpmTransactionHolder();
    return (
      h !== undefined && !deferredToBridge() && !lockHeld() && !(h > 0 && scriptletWaitsBelow(h, descendants, true))
    );
  };
  if (holder === undefined || !mayWait()) return false;
  out.say(
    `${product}: a package transaction (pid ${holder || 'unknown'}) is installing it; its %posttrans decides where the upgrade runs: waiting for it (at most ${BRIDGE_WAIT_SEC} s)`,
  );
  const started = Date.now();
  let told = started;
  while (mayWait() && Date.now() - started < BRIDGE_WAIT_SEC * 1000) {
    if (Date.now() - told >= 10_000) {
      told = Date.now();
      out.progress(`${product}: still waiting for the package transaction (${Math.round((told - started) / 1000)} s)`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return true;
}

async function waitForDeferredBridge(
  product: string,
  readMarkerNow: () => { state: string; reason: string; bridge?: BridgeProcess } | undefined,
  descendants: (pid: number) => number[],
  out: { say(line: string): void; progress(line: string): void },
): Promise<boolean> {
  const first = readMarkerNow();
  const b = first?.bridge;
  const stillDeferred = () => {
    const m = readMarkerNow();
    return m?.state === 'deferred' && m.reason === 'bridge' && m.bridge?.pid === b?.pid;
  };
  if (!b || !stillDeferred() || !bridgeIsAlive(b)) return false;
  if (scriptletWaitsBelow(b.pid, descendants)) {
    out.say(`${product}: a package scriptlet of dnf (pid ${b.pid}) waits for this start: not waiting for its bridge`);
    return false;
  }
  out.say(
    `${product}: the upgrade is deferred to the dnf transaction of pid ${b.pid}, which runs it right after the transaction; waiting for it (at most ${BRIDGE_WAIT_SEC} s)`,
  );
  const started = Date.now();
  let told = started;
  while (stillDeferred() && bridgeIsAlive(b) && Date.now() - started < BRIDGE_WAIT_SEC * 1000) {
    if (scriptletWaitsBelow(b.pid, descendants)) break;
    if (Date.now() - told >= 10_000) {
      told = Date.now();
      out.progress(
        `${product}: still waiting for the dnf transaction of pid ${b.pid} (${Math.round((told - started) / 1000)} s)`,
      );
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return true;
}

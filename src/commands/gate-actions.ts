// What the gate does beyond passing an up-to-date start, loaded only then: the gate is on the no-op path
// (every service start), compiled into the tool itself (scripts/build.mjs), and this is its one dynamic
// import. Waiting out a package transaction's fence or dnf's bridge, clearing a finished rollback's marker,
// queueing the finish unit, keeping the starts a refusal drops, and the upgrade itself.
import type { CommandContext } from '../command.js';
import { UpgradeHookError, type ExitStatus } from '../errors.js';
import { clearRollbackMarker } from '../backup/rollback-marker.js';
import { waitForBridge } from '../host/bridge-process.js';
import { holderPhase } from '../lock/holder-phase.js';
import { lockDirectory } from '../lock/lock-dir.js';
import { LockAbandoned, currentOwner, lockPaths } from '../lock/product-lock.js';
import { processStartTime } from '../lock/owner.js';
import { readArgv, readProcStat } from '../proc/proc-stat.js';
import { descendants } from '../proc/process-tree.js';
import { startsWaitingForTheGate } from '../plan/unit-starts.js';
import type { Descriptor } from '../product/descriptor.js';
import { productPaths } from '../record/paths.js';
import { fileGateWaits, fileRecords, productRecords } from '../record/stores.js';
import { keepStartsTheGateRefuses } from '../run/refused-starts.js';
import { supervisedScript } from '../script/spawn-script.js';
import { queueFinish } from '../systemd/finish-unit.js';
import { systemctlWith } from '../systemd/systemctl.js';
import { readTopology } from '../systemd/topology.js';
import type { ProductView } from './product-context.js';
import { withLock } from './session.js';
import { upgradeNow } from './upgrade-now.js';

export { waitOutFence } from './fence-wait.js';

// The gate waits as long as an upgrade another process runs may take: starting early would start new code on old data.
const GATE_LOCK_WAIT_SEC = 3600;

/**
 * Before the gate waits (a package transaction's fence, dnf's bridge, the lock): the starts waiting for it,
 * kept for the run after it should it be killed meanwhile (record/gate-waits.ts). Returns what removes them,
 * which the gate calls when it exits. Best effort: a gate that cannot read them waits as before.
 */
export async function keepWaitingStarts(d: Descriptor): Promise<() => void> {
  const store = fileGateWaits(productPaths(d).varDir);
  try {
    if (d.services.some((s) => s.unit !== undefined)) {
      const waiting = startsWaitingForTheGate(await readTopology(systemctlWith(), d));
      store.keep({ pid: process.pid, start: processStartTime(process.pid) }, waiting);
    }
  } catch {
    /* the gate waits as before */
  }
  return () => store.drop(process.pid);
}

/** A rollback's marker the data now matches (the packages were downgraded to it): removed, and said so. */
export function clearRollback(ctx: CommandContext, d: Descriptor): void {
  clearRollbackMarker(productRecords(d).marker, (m) => ctx.terminal.say(`${d.name}: ${m}`));
}

/** The start passes; upgrade-hook-finish@NAME.service runs the online phase after it. */
export async function queueFinishUnit(ctx: CommandContext, d: Descriptor): Promise<void> {
  await queueFinish(systemctlWith(), d.name, (m) => ctx.terminal.warn(m));
}

/** The upgrade from the gate; undefined when the lock's holder reached the online phase meanwhile (decide again). */
export async function upgradeAtTheGate(
  ctx: CommandContext,
  d: Descriptor,
  view: ProductView,
): Promise<ExitStatus | undefined> {
  const dir = lockDirectory(ctx.env);
  refuseStartFromInside(d, dir);
  try {
    // while another process holds the lock, its apps' starts come through this gate: let them pass
    const abandon = () => {
      refuseStartFromInside(d, dir);
      return holderPhase(dir, d.name)?.phase === 'online';
    };
    return await upgradeNow(ctx, d, {
      entry: 'gate',
      waitSec: GATE_LOCK_WAIT_SEC,
      build: view.build,
      checks: view.checks,
      gate: { abandon },
    });
  } catch (e) {
    if (!(e instanceof LockAbandoned)) throw e;
    return undefined;
  }
}

// A refusal drops the starts waiting for this gate: under the lock (a run may be writing the same list), they
// are kept for the run that completes the upgrade. A lock held elsewhere means a run that restores its own.
export async function keepRefusedStarts(ctx: CommandContext, d: Descriptor): Promise<void> {
  try {
    await withLock({ ...ctx, options: { ...ctx.options, wait: 5 } }, d, 5, () =>
      keepStartsTheGateRefuses(systemctlWith(), d, fileRecords(productPaths(d)).stopped, (l) => ctx.terminal.say(l)),
    );
  } catch (e) {
    ctx.terminal.say(
      `${d.name}: the starts waiting for the gate are not kept: ${e instanceof Error ? e.message : String(e)}`,
    );
  }
}

// A script of the running upgrade that starts a gated unit (systemctl restart) waits for this gate, and
// this gate for that upgrade's lock: a deadlock until the script's timeout. systemd does not say who asked
// for the start; the holder's own process tree does: this gate, or a systemctl, running below the holder.
// An admin's start from elsewhere waits for the upgrade as before (docs/systemd.md).
function refuseStartFromInside(d: Descriptor, dir: string): void {
  const h = holderPhase(dir, d.name);
  if (!h || h.phase === 'online') return;
  const script = scriptAskingFromInside(h.pid);
  if (script === undefined) return;
  throw new UpgradeHookError(
    'LOCK_BUSY',
    `${d.name}: not starting: the upgrade running as pid ${h.pid} is running ${script} with the apps down (${h.phase} phase); a start asked for from inside the upgrade would wait for itself`,
    {
      hint: `a script asks for restarts by writing service names to $UPGRADE_HOOK_RESTART_FILE; otherwise start the unit after the upgrade (upgrade-hook status ${d.name})`,
    },
  );
}

// From inside a script: below the holder and in another session than the holder's. Every script runs in a
// session of its own (script/spawn-script.ts); the holder's own systemctl calls (its restarts and restores
// between scripts) run in the holder's session and wait for nobody. Returns the script's name.
function scriptAskingFromInside(holder: number): string | undefined {
  const session = readProcStat(holder)?.session;
  if (session === undefined) return undefined;
  for (const pid of descendants(holder)) {
    const stat = readProcStat(pid);
    if (stat === undefined || stat.session === session) continue;
    if (pid === process.pid || (stat.comm === 'systemctl' && mayStartUnits(pid))) return scriptBelow(holder, pid);
  }
  return undefined;
}

// The holder's child that `pid` descends from runs the script: its supervising shell, or an unsupervised script.
function scriptBelow(holder: number, pid: number): string {
  let child = pid;
  for (let hops = 0; hops < 64; hops++) {
    const parent = readProcStat(child)?.ppid;
    if (parent === undefined || parent === holder) break;
    child = parent;
  }
  const argv = readArgv(child) ?? [];
  return supervisedScript(argv) ?? argv.at(-1) ?? 'a script';
}

// A script's `systemctl is-active db` (a query) starts nothing: only a verb that starts units may be the
// start that waits for this gate (issue 21: every query of the stack's scripts refused the neighbours' gates).
function mayStartUnits(pid: number): boolean {
  const argv = readArgv(pid);
  if (argv === undefined) return true;
  const args = argv.slice(1);
  const verb = args.find((a) => !a.startsWith('-'));
  if (verb === undefined) return false;
  if (verb === 'enable' || verb === 'reenable') return args.includes('--now');
  return /^(start|restart|try-restart|reload-or-restart|try-reload-or-restart|condrestart|force-reload|isolate|default|rescue|emergency)$/.test(
    verb,
  );
}

// Issue 21 item 5: a timer, socket or Restart= start during dnf's transaction must not run the upgrade there.
export function waitForTheBridge(ctx: CommandContext, d: Descriptor): Promise<boolean> {
  const dir = lockDirectory(ctx.env);
  return waitForBridge(
    d.name,
    () => productRecords(d).marker.read(),
    descendants,
    { say: (l) => ctx.terminal.say(l), progress: (l) => ctx.terminal.say(l) },
    () => currentOwner(lockPaths(dir, d.name)) !== undefined,
  );
}

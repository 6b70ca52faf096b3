// While a product's offline phase runs (from its offline stop until it starts a backend again), the units
// that must be down and are not behind its gate (backends, the sockets, timers and path units of gated
// units, other products' units on a shared backend) must stay down, yet a start of another unit that pulls
// one in (an admin's `systemctl start app`, queued behind the gate) starts it at once: systemd starts
// un-gated dependencies without waiting. The upgrade then failed ("the offline phase is not offline") and so
// did the admin's start (issue 20, generator seeds 5003, 7002, 30008). A runtime drop-in on each such unit,
// `ConditionPathExists=!/run/upgrade-hook/offline/NAME`, makes that start a skipped one (its job succeeds,
// the unit stays down, the units requiring it go on waiting at the gate), for as long as the flag exists.
// The flag is in /run: a power cut clears it; a killed run leaves it, `status` says so, and the next run
// lifts it before it starts a backend. A killed run of another product can leave its flag on a backend
// the two share (generator seed 110004: gpb's killed %posttrans held gpa-db down, and gpa's upgrade in the
// same rpm transaction then failed "gpa-db did not become ready"): every release also lifts the flags
// whose run is gone.
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ensureSafeDirectory } from '../lock/lock-dir.js';
import { processStartTime } from '../lock/owner.js';
import type { Systemctl } from './systemctl.js';

export const RUN_DIR = '/run/upgrade-hook';
const FLAG_DIR = join(RUN_DIR, 'offline');
const UNIT_DIR = '/run/systemd/system';

export const offlineFlag = (product: string) => join(FLAG_DIR, product);
const dropIn = (unit: string, product: string) =>
  join(UNIT_DIR, `${unit}.d`, `50-upgrade-hook-offline-${product}.conf`);

const dropInText = (product: string) =>
  `# upgrade-hook: while ${product}'s offline scripts run, a start of this unit pulled in by another one is skipped\n[Unit]\nConditionPathExists=!${offlineFlag(product)}\n`;

/** Raises the flag, and puts the drop-in on each backend (one daemon-reload when one was missing). */
export async function holdBackendsDown(
  systemctl: Systemctl,
  product: string,
  backends: string[],
  euid: number,
): Promise<void> {
  if (backends.length === 0) return;
  ensureSafeDirectory(RUN_DIR, euid, 0o755, 'run directory');
  ensureSafeDirectory(FLAG_DIR, euid, 0o755, 'run directory');
  // the run's pid and start time: a flag whose run is gone (another pid reused) is lifted by any release
  writeFileSync(offlineFlag(product), `${process.pid} ${processStartTime(process.pid) ?? ''}\n`, { mode: 0o644 });
  let added = false;
  for (const unit of backends) {
    const path = dropIn(unit, product);
    if (readOrEmpty(path) === dropInText(product)) continue;
    mkdirSync(dirname(path), { recursive: true, mode: 0o755 });
    writeFileSync(path, dropInText(product), { mode: 0o644 });
    added = true;
  }
  if (added) await systemctl(['daemon-reload'], 120);
}

/**
 * Lowers the product's flag: a start of its backends starts them again (the drop-ins stay until the next
 * boot). Also lowers every flag whose run is gone: a backend shared with a product whose run was killed in its
 * offline phase stays skipped otherwise. A live run's flag is kept (its backends are not shared with this
 * product: a shared one's lock keeps two offline phases apart).
 */
export function releaseBackends(product: string): void {
  rmSync(offlineFlag(product), { force: true });
  let others: string[];
  try {
    others = readdirSync(FLAG_DIR);
  } catch {
    return;
  }
  for (const other of others) if (!heldByLiveRun(offlineFlag(other))) rmSync(offlineFlag(other), { force: true });
}

function heldByLiveRun(flag: string): boolean {
  const [pidText = '', start = ''] = readOrEmpty(flag).trim().split(' ');
  const pid = Number(pidText);
  if (!Number.isInteger(pid) || pid <= 1) return false;
  const now = processStartTime(pid);
  return now !== undefined && (start === '' || now === start);
}

/** A flag a killed run left: the backends cannot be started (their starts are skipped) until it goes. */
export const backendsHeldDown = (product: string): boolean => existsSync(offlineFlag(product));

function readOrEmpty(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}

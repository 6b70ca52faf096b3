// What the host keeps us from doing, as pure functions of its facts: may the upgrade run inside this package
// transaction, or must it wait for the next start of the service or the dnf bridge (posttrans; the first
// matching reason wins); and can the product's units be controlled here at all (the runner, under the lock)?
import type { Descriptor } from '../product/descriptor.js';
import type { HostFacts } from './facts.js';

export type DeferralReasonCode =
  | 'chroot'
  | 'no-systemd'
  | 'systemd-offline'
  | 'offline-upgrade'
  | 'no-network'
  | 'bridge';

export interface Deferral {
  reason: DeferralReasonCode;
  /** One human sentence for the marker, the log and the posttrans line. */
  detail: string;
}

export interface HostNeeds {
  /** The product controls services through systemd units. */
  systemdUnits: boolean;
  /** A service's readiness is probed over TCP or HTTP. */
  network: boolean;
}

const NEXT_START = 'the next start of the service will run it';

export function deferralReason(facts: HostFacts, needs: HostNeeds): Deferral | undefined {
  if (facts.chroot) {
    return { reason: 'chroot', detail: `running in a chroot (${facts.chrootEvidence}); ${NEXT_START}` };
  }
  if (facts.offlineUpgradeBoot) {
    return { reason: 'offline-upgrade', detail: `running in an offline system upgrade boot; ${NEXT_START}` };
  }
  if (facts.systemdOffline) {
    return {
      reason: 'systemd-offline',
      detail: `SYSTEMD_OFFLINE=1 is set, services cannot be controlled; ${NEXT_START}`,
    };
  }
  if (needs.systemdUnits && !facts.systemdRunning) {
    const where = facts.container ? ` (container: ${facts.container})` : '';
    return {
      reason: 'no-systemd',
      detail: `systemd is not running as PID 1${where}, its units cannot be controlled; ${NEXT_START}`,
    };
  }
  // The bridge runs in dnf's own process after the transaction, outside rpm's network-less scriptlet
  // namespace: it fixes "no network", and only that, so it comes right before it.
  if (facts.bridge !== undefined) {
    return { reason: 'bridge', detail: `${facts.bridge} will run the upgrade right after this transaction` };
  }
  if (needs.network && facts.networkIsolated) {
    return {
      reason: 'no-network',
      detail: `the package scriptlet has no network (only lo), the services' readiness cannot be checked; ${NEXT_START}`,
    };
  }
  return undefined;
}

// Whether this host can start and stop the product's systemd units at all (run, the bridge, the gate, under
// the lock). In a chroot `systemctl start` prints "Running in chroot, ignoring command" and exits 0, and
// without systemd as PID 1 it fails: an upgrade would run its offline scripts and then wait out every
// ready_timeout for services that never start.
export function whyUnitsCannotBeControlled(
  d: Descriptor,
  facts: HostFacts,
): { reason: string; detail: string } | undefined {
  const units = d.services.filter((s) => s.unit !== undefined).map((s) => s.unit!);
  if (units.length === 0) return undefined;
  const what = `the services ${units.join(', ')} are systemd units`;
  if (facts.chroot)
    return {
      reason: 'chroot',
      detail: `running in a chroot (${facts.chrootEvidence}), where systemctl ignores start and stop, and ${what}`,
    };
  if (facts.systemdOffline) return { reason: 'systemd-offline', detail: `SYSTEMD_OFFLINE=1 is set and ${what}` };
  if (!facts.systemdRunning) return { reason: 'no-systemd', detail: `systemd is not running as PID 1 and ${what}` };
  return undefined;
}

// Whether this host can start and stop the product's systemd units. In a chroot `systemctl start` prints
// "Running in chroot, ignoring command" and exits 0, and without systemd as PID 1 it fails: an upgrade
// would run its offline scripts and then wait out every ready_timeout for services that never start.
import type { HostFacts } from '../host/facts.js';
import type { Descriptor } from '../product/descriptor.js';

export function whyUnitsCannotBeControlled(d: Descriptor, facts: HostFacts): { reason: string; detail: string } | undefined {
  const units = d.services.filter((s) => s.unit !== undefined).map((s) => s.unit!);
  if (units.length === 0) return undefined;
  const what = `the services ${units.join(', ')} are systemd units`;
  if (facts.chroot) return { reason: 'chroot', detail: `running in a chroot (${facts.chrootEvidence}), where systemctl ignores start and stop, and ${what}` };
  if (facts.systemdOffline) return { reason: 'systemd-offline', detail: `SYSTEMD_OFFLINE=1 is set and ${what}` };
  if (!facts.systemdRunning) return { reason: 'no-systemd', detail: `systemd is not running as PID 1 and ${what}` };
  return undefined;
}

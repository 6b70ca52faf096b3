// What posttrans does beyond its no-op path, loaded only then: posttrans runs in every package transaction,
// compiled into the tool itself (scripts/build.mjs), and this is its one dynamic import. The upgrade, and
// what a deferral to dnf's bridge needs: the product's restart marks taken over, the dnf process it waits
// for.
import type { CommandContext } from '../command.js';
import type { Descriptor } from '../product/descriptor.js';
import { takeProductRestartMarks as takeMarks } from '../systemd/restart-marks.js';
import { systemctlWith } from '../systemd/systemctl.js';
import type { ProductView } from './product-context.js';
import { upgradeNow } from './upgrade-now.js';

export { bridgeProcessOf, noteDeferredToBridge } from '../host/bridge-process.js';

const POSTTRANS_LOCK_WAIT_SEC = 5;

export async function upgradeInPosttrans(ctx: CommandContext, d: Descriptor, v: ProductView): Promise<void> {
  await upgradeNow(ctx, d, { entry: 'posttrans', waitSec: POSTTRANS_LOCK_WAIT_SEC, build: v.build, checks: v.checks });
}

/** Takes over the restart marks of the product's units (systemd/restart-marks.ts): the bridge restarts them. */
export function takeProductRestartMarks(d: Descriptor): Promise<string[]> {
  return takeMarks(systemctlWith(), d);
}

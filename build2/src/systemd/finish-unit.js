// The online phase of an upgrade the gate started runs outside the gate's job: upgrade-hook-finish@NAME,
// queued without waiting, waits for the lock the gate still holds and then for the apps' start jobs.
import { finishUnit } from './topology.js';
/** Queues upgrade-hook-finish@NAME.service; `warn` gets what went wrong and the command that does the same. */
export async function queueFinish(systemctl, product, warn) {
    const unit = finishUnit(product);
    const r = await systemctl(['start', '--no-block', unit], 30);
    if (r.exitCode !== 0)
        warn(`cannot queue ${unit} (${r.output.split('\n').pop() ?? `exit ${r.exitCode}`}); finish the upgrade with: upgrade-hook run ${product}`);
}

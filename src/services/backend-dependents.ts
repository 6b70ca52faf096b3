// Products that share a backend (issue 21): what one product's upgrade does to the other's units.
// The offline stop takes down every running dependent of a backend, other products' too (topology.ts
// `dependents`), and records it in stopped-units like the product's own. This file starts those other
// units again whatever the outcome, and checks after each offline script that nothing came back up.
import { UpgradeHookError, isUpgradeHookError } from '../errors.js';
import { ownUnits } from '../systemd/topology.js';
import { assertAllDown, restoreUnits, startDecision, topology, type ProductServices } from './services.js';

export interface StoppedList {
  all(): string[];
  remove(units: string[]): void;
  forget(): void;
}

/**
 * Starts again the units of other products that this upgrade stopped (with the backends first), and drops
 * them from the list: the failed product's own units stay behind its gate, everything else comes back.
 * `--no-block`: another product's unit waits for its own gate, which may wait for the backend lock this
 * run holds; a blocking start would wait for ourselves. Returns the units started.
 */
export async function startOtherProducts(
  c: ProductServices,
  stopped: StoppedList,
  backendsUp: () => Promise<void>,
): Promise<string[]> {
  const listed = stopped.all();
  if (listed.length === 0) return [];
  const t = await topology(c);
  if (!t) return [];
  const own = ownUnits(t);
  const others = listed.filter((u) => !own.has(u) && !own.has(t.units.get(u)?.id ?? u));
  if (others.length === 0) return [];
  await backendsUp();
  // what to ask for: not what runs, a RefuseManualStart worker through the unit that pulls it in (issue 20)
  const known = (
    await startDecision(
      c,
      others.filter((u) => t.units.get(u)?.loadState !== 'not-found'),
      others,
    )
  ).start;
  if (known.length > 0) {
    c.out.log(`starting again the units of other products that this upgrade stopped: ${known.join(', ')}`);
    const r = await c.io.systemctl(['start', '--no-block', ...known], 60);
    for (const line of r.output.split('\n').filter(Boolean)) c.out.log(`start: ${line}`);
  }
  stopped.remove(others);
  return known;
}

/** After a complete upgrade: other products' units (not waited for, see above), then the product's own,
 * each checked to run (services.ts `restoreUnits`). */
export async function restoreEverything(
  c: ProductServices,
  stopped: StoppedList,
  backendsUp: () => Promise<void>,
): Promise<void> {
  await startOtherProducts(c, stopped, backendsUp);
  await restoreUnits(c, stopped.all());
}

/** After an offline script: something that started a backend or a dependent while it ran (a neighbour's
 * timer, Restart=, an admin's `systemctl restart portal.target`) fails the run instead of passing silently. */
export async function assertStillOffline(c: ProductServices, script: string): Promise<void> {
  try {
    await assertAllDown(c);
  } catch (e) {
    if (!isUpgradeHookError(e) || e.code !== 'UPGRADE_FAILED') throw e;
    throw new UpgradeHookError('UPGRADE_FAILED', `${e.message} (found right after ${script} ended)`, {
      hint: `${e.hint ?? ''}; ${script} ran while it did: check its work before the rerun`.replace(/^; /, ''),
    });
  }
}

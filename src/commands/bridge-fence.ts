// `bridge fence NAME PID`: run by dnf's pre_transaction hooks (PID: the dnf) and by the product's %pretrans (PID: rpm) for each product the transaction brings a
// new build of, before rpm changes a file (host/transaction-fence.ts). Then it waits, at most
// FENCE_SETTLE_SEC, for the starts the gate let through just before: a unit whose ExecStartPre is still
// running would otherwise exec the new files on the old data. Never fails the transaction.
import { existsSync, readdirSync } from 'node:fs';
import { EXIT } from '../errors.js';
import { ensureSafeDirectory, lockDirectory } from '../lock/lock-dir.js';
import { listProducts, loadDescriptor } from '../product/load.js';
import { systemctlWith, showUnits } from '../systemd/systemctl.js';
import { readTopology, unlistedGated } from '../systemd/topology.js';
import type { CommandContext } from '../command.js';
import { ancestors } from '../host/facts.js';
import { fenceHolder, raiseFence } from '../host/transaction-fence.js';

const FENCE_SETTLE_SEC = 60;

export async function fenceProduct(ctx: CommandContext, name: string | undefined, pidText: string | undefined) {
  const pid = Number(pidText);
  const mine = ancestors('/');
  if (!name || !Number.isInteger(pid) || !mine.has(pid)) {
    ctx.terminal.warn(
      `upgrade-hook: bridge fence needs a product and the pid of the package transaction (dnf, or rpm from %pretrans) running it: got ${name} ${pidText}`,
    );
    return EXIT.ok;
  }
  // a first install (%pretrans of a product whose descriptor is not on disk yet): no data, nothing to fence,
  // and nothing to say in the middle of rpm's output
  if (!listProducts(ctx.env, (dir) => readdirSync(dir)).includes(name)) return EXIT.ok;
  try {
    const d = loadDescriptor(name, ctx.env, (line) => ctx.terminal.warn(line));
    const lockDir = lockDirectory(ctx.env);
    ensureSafeDirectory(lockDir, ctx.euid, 0o700, 'lock directory');
    // under dnf the product's %pretrans fences again what dnf's hook fenced (same process): done already,
    // including the wait for the starts let through before it
    const standing = fenceHolder(lockDir, d.name);
    if (standing?.pid === pid && standing.start === mine.get(pid)) return EXIT.ok;
    raiseFence(lockDir, d.name, { pid, start: mine.get(pid) });
    // no systemd to ask (an image build, an offline update): nothing can be starting
    const noManager = ctx.env.SYSTEMD_OFFLINE === '1' || !existsSync('/run/systemd/system');
    if (noManager || !d.services.some((s) => s.unit !== undefined)) return EXIT.ok;
    const systemctl = systemctlWith();
    const t = await readTopology(systemctl, d);
    const gated = [...new Set([...t.apps, ...unlistedGated(t), ...t.gated])];
    const starting = async () =>
      [...(await showUnits(systemctl, gated)).values()].filter((u) => u.activeState === 'activating').map((u) => u.id);
    let now = await starting();
    if (now.length === 0) return EXIT.ok;
    ctx.terminal.say(
      `${d.name}: waiting for the starts already let through (${now.join(', ')}) before the new files come`,
    );
    const until = Date.now() + FENCE_SETTLE_SEC * 1000;
    while (now.length > 0 && Date.now() < until) {
      await new Promise((r) => setTimeout(r, 200));
      now = await starting();
    }
    if (now.length > 0)
      ctx.terminal.warn(
        `${d.name}: still starting after ${FENCE_SETTLE_SEC} s: ${now.join(', ')}; they may start the new files (upgrade-hook status ${d.name})`,
      );
  } catch (e) {
    ctx.terminal.warn(`upgrade-hook: cannot fence ${name}: ${e instanceof Error ? e.message : String(e)}`);
  }
  return EXIT.ok;
}

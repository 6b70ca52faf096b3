// Stored values for upgrade scripts: `state get` reads without a lock (writes are atomic renames);
// `set` and `unset` take the product lock, or run under the lock of the upgrade that started the script,
// and always the state file's own lock: that upgrade's other scripts and its stamp write the file too.
import { EXIT, UpgradeHookError, type ExitStatus } from '../errors.js';
import { holdsLock } from '../lock/product-lock.js';
import { lockDirectory } from '../lock/lock-dir.js';
import { withStateFileLock } from '../lock/state-lock.js';
import { DEFAULT_SECTION } from '../state/ini-document.js';
import { readStateFile, updateStateFile } from '../state/state-file.js';
import type { CommandContext } from '../command.js';
import { loadProduct } from './product-context.js';
import { DEFAULT_LOCK_WAIT_SEC, withLock } from './session.js';
import type { Descriptor } from '../product/descriptor.js';

export async function run(ctx: CommandContext): Promise<ExitStatus> {
  const [action, ref, section, key, value] = ctx.args as [string, string, string, string, string | undefined];
  const d = loadProduct(ctx, ref);
  if (action === 'get') {
    if (value !== undefined) throw usage('state get takes NAME SECTION KEY');
    const v = readStateFile(d.stateFile)?.get(section, key);
    if (v === undefined) {
      ctx.terminal.detail(`${d.stateFile}: [${section}] ${key} is not set`);
      return EXIT.notConfigured;
    }
    ctx.print(v);
    return EXIT.ok;
  }
  if (action === 'set') {
    if (value === undefined) throw usage('state set takes NAME SECTION KEY VALUE');
    refuseDefaultSection(section, 'set');
    await underLock(ctx, d, () => updateStateFile(d.stateFile, (doc) => doc.set(section, key, value)));
    return EXIT.ok;
  }
  if (action === 'unset') {
    if (value !== undefined) throw usage('state unset takes NAME SECTION KEY');
    refuseDefaultSection(section, 'unset');
    await underLock(ctx, d, () =>
      updateStateFile(d.stateFile, (doc) => void (doc.unset(section, key) && doc.dropSectionIfEmpty(section))),
    );
    return EXIT.ok;
  }
  throw usage(`unknown state action "${action}": use get, set or unset`);
}

const usage = (m: string) => new UpgradeHookError('USAGE', m, { hint: 'see: upgrade-hook state --help' });

// configparser shows DEFAULT's keys in every section, and FreeIPA's StateFile copies them into every
// section on its next save and cannot write DEFAULT itself: a stored value never belongs there.
function refuseDefaultSection(section: string, action: string): void {
  if (section !== DEFAULT_SECTION) return;
  throw usage(
    `state ${action}: [${DEFAULT_SECTION}] is configparser's default section, whose keys show in every section (FreeIPA copies them into each one); use a section of its own, e.g. the product's name`,
  );
}

async function underLock(ctx: CommandContext, d: Descriptor, change: () => void) {
  const dir = lockDirectory(ctx.env);
  const locked = () => withStateFileLock({ dir, euid: ctx.euid }, d.stateFile, change);
  if (holdsLock(dir, d.name, ctx.env.UPGRADE_HOOK_LOCK_TOKEN)) return locked();
  await withLock(ctx, d, DEFAULT_LOCK_WAIT_SEC, async () => locked());
}

// `upgrade-hook rollback NAME [BACKUP]`: under the lock, stop every service, set the current data aside
// (renamed next to itself, kept until the next successful upgrade), copy the backup back, restore the
// state file and the history, run the restore command with the backends up, and leave the marker that
// refuses new code on the restored data until the packages are downgraded. Never touches packages.
import { existsSync, lstatSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { UpgradeHookError } from '../errors.js';
import type { ProductLog } from '../log/product-log.js';
import type { Terminal } from '../log/terminal.js';
import type { BuildInfo } from '../product/build-info.js';
import type { Descriptor } from '../product/descriptor.js';
import { readStoredState } from '../product/stored-state.js';
import { runCommand, shell } from '../run/commands.js';
import { writeMarker } from '../record/marker.js';
import { ensureVarDir, productPaths } from '../record/paths.js';
import { downgradeCommand } from './policy.js';
import { productServices, toolEnv } from './product-services.js';
import { assertAllDown, startRole, stopFor } from '../run/services.js';
import { startOtherProducts } from '../run/backend-dependents.js';
import { memoryStoppedUnits } from '../record/memory-stores.js';
import { addSetAside, SET_ASIDE_INFIX } from './set-aside.js';
import { listBackups, type StoredBackup } from './store.js';
import { copyPreserving, DUMP_FILE } from './take.js';

export interface RollbackOptions {
  d: Descriptor;
  build: BuildInfo;
  backupName: string | undefined;
  env: NodeJS.ProcessEnv;
  euid: number;
  terminal: Terminal;
  productLog: ProductLog;
  /** The package owning a file (rpm -qf), for the downgrade command. */
  owningPackage: (file: string) => string | undefined;
}

export async function rollback(o: RollbackOptions): Promise<{ backup: StoredBackup; downgrade: string }> {
  const { d } = o;
  const spec = d.backup;
  if (!spec)
    throw new UpgradeHookError(
      'DESCRIPTOR_INVALID',
      `${d.name}: the descriptor has no [backup] section: there is nothing to roll back to`,
    );
  const backup = pickBackup(d, spec.dir, o.backupName);
  const m = backup.manifest;
  // checked before anything is stopped or moved: half a rollback (files back, database not) is worse than none
  if (m.dump && !spec.restore) {
    throw new UpgradeHookError(
      'ROLLBACK_FAILED',
      `${d.name}: backup ${backup.name} holds a dump, but the descriptor has no [backup] restore = command to read it back; nothing was stopped or changed`,
      {
        hint: `add the restore command (and its dump =) to [backup] in /etc/upgrade-hook/products.d/${d.name}.conf, then rerun: upgrade-hook rollback ${d.name} ${backup.name}`,
      },
    );
  }
  const paths = productPaths(d);
  ensureVarDir(paths.varDir, o.euid);
  const stored = readStoredState(d);
  const stamp = new Date()
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
  const aside = (p: string) => `${p}${SET_ASIDE_INFIX}${stamp}`;
  const say = (line: string) => {
    o.productLog.info(line);
    o.terminal.say(`${d.name}: ${line}`);
  };
  // a rollback cut short leaves data half restored: the gate refuses, and the message says to rerun it
  writeMarker(paths.marker, {
    state: 'failed',
    reason: 'rollback-interrupted',
    since: new Date().toISOString(),
    from: stored.dataVersion,
    to: o.build.version,
    detail: `the rollback to backup ${backup.name} did not finish; rerun it: upgrade-hook rollback ${d.name} ${backup.name}`,
  });
  say(`rolling back to ${m.dataVersion} from backup ${backup.name}`);
  const services = productServices(d, o.env, o.terminal, o.productLog);
  // other products sharing a backend come back whatever the outcome; this product's stay behind its gate
  const stoppedHere = memoryStoppedUnits();
  const othersBackUp = () =>
    startOtherProducts(services, stoppedHere, () => startRole(services, 'backend', [])).catch((e) =>
      o.terminal.warn(
        `starting again the units of other products failed: ${e instanceof Error ? e.message : String(e)}`,
      ),
    );
  try {
    // apps first, then the backends (one call keeps that order)
    await stopFor(services, { backends: true, beforeStop: (units) => void stoppedHere.add(units) });
    await assertAllDown(services);
    const moved: string[] = [];
    const putBack = async (copy: string | null, target: string) => {
      let kept = false;
      if (existsSync(target) || isLink(target)) {
        kept = await setAside(target, aside(target));
        moved.push(aside(target));
        addSetAside(paths.varDir, [aside(target)]);
      }
      if (copy === null) return;
      mkdirSync(dirname(target), { recursive: true });
      // cp -a SRC TARGET: TARGET does not exist now, so the copy takes its name; a directory that had to
      // stay (a mount point) gets the backup's content and attributes (cp -a SRC/. TARGET)
      if (kept) await copyPreserving(`${join(backup.path, copy)}/.`, target);
      else await copyPreserving(join(backup.path, copy), target);
    };
    for (const p of m.paths) await putBack(p.copy, p.path);
    // exactly as backed up: a file absent then is set aside now
    await putBack(m.stateCopied ? 'state' : null, m.stateFile);
    await putBack(m.historyCopied ? 'history.jsonl' : null, paths.history);
    const synced = await runCommand(
      ['sync', '-f', ...m.paths.map((p) => p.path).filter((p) => existsSync(p)), m.stateFile].filter(Boolean),
      toolEnv(o.env),
      600,
    );
    if (synced.exitCode !== 0) o.terminal.warn(`sync after the restore: ${synced.output}`);
    if (moved.length > 0) say(`the data replaced is kept until the next successful upgrade: ${moved.join(', ')}`);
    if (m.dump && spec.restore) {
      await startRole(services, 'backend', []);
      say(`restore: ${spec.restore}`);
      const r = await runCommand(shell(spec.restore), {
        ...toolEnv(o.env),
        UPGRADE_HOOK_PRODUCT: d.name,
        UPGRADE_HOOK_DUMP_FILE: join(backup.path, DUMP_FILE),
      });
      if (r.exitCode !== 0)
        throw new UpgradeHookError(
          'ROLLBACK_FAILED',
          `the restore command failed (${r.error ?? `exit ${r.exitCode}`}): ${r.output.trim().split('\n').slice(-3).join(' | ')}`,
        );
    }
  } catch (e) {
    await othersBackUp();
    const message = e instanceof Error ? e.message : String(e);
    o.productLog.error(`rollback failed: ${message}`);
    throw new UpgradeHookError('ROLLBACK_FAILED', `${d.name}: rollback to ${backup.name} failed: ${message}`, {
      cause: e,
      hint: `fix the cause, then rerun: upgrade-hook rollback ${d.name} ${backup.name}`,
    });
  }
  await othersBackUp();
  const owner = d.buildVersion.kind === 'file' ? o.owningPackage(d.buildVersion.path) : undefined;
  const downgrade = downgradeCommand({
    buildSource: d.buildVersion,
    restoredVersion: m.dataVersion,
    owningPackage: owner,
    transaction: undefined,
  });
  writeMarker(paths.marker, {
    state: 'refused',
    reason: 'rolled-back',
    since: new Date().toISOString(),
    from: m.dataVersion,
    to: o.build.version,
    downgrade,
    backup: backup.name,
    detail: `data rolled back to ${m.dataVersion} from backup ${backup.name}; build ${o.build.version} must not start on it: ${downgrade}`,
  });
  say(`rolled back to ${m.dataVersion}; the services stay stopped until the packages match the data`);
  o.terminal.say(`now downgrade the packages: ${downgrade}`);
  o.terminal.say(`then start the product again (its gate passes once the build is ${m.dataVersion})`);
  return { backup, downgrade };
}

function pickBackup(d: Descriptor, dir: string, name: string | undefined): StoredBackup {
  const all = listBackups(dir);
  if (all.length === 0)
    throw new UpgradeHookError('ROLLBACK_FAILED', `${d.name}: no backup in ${dir}`, {
      hint: `take one with: upgrade-hook backup ${d.name}`,
    });
  if (name === undefined) return all.at(-1)!;
  const b = all.find((x) => x.name === name);
  if (!b)
    throw new UpgradeHookError(
      'USAGE',
      `${d.name}: no backup named ${name} in ${dir}; there are: ${all.map((x) => x.name).join(', ')}`,
      { hint: `see: upgrade-hook backup list ${d.name}` },
    );
  return b;
}

/**
 * Renames `target` to `aside` (the same filesystem: instant). Where a rename cannot be done (EXDEV: a
 * directory of an overlayfs lower layer; EBUSY: a mount point) it copies it there and empties it; returns
 * true when the (now empty) directory stays in place.
 */
async function setAside(target: string, aside: string): Promise<boolean> {
  try {
    renameSync(target, aside);
    return false;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code !== 'EXDEV' && code !== 'EBUSY') throw e;
  }
  await copyPreserving(target, aside);
  if (!lstatSync(target).isDirectory()) {
    rmSync(target, { force: true });
    return false;
  }
  for (const n of readdirSync(target)) rmSync(join(target, n), { recursive: true, force: true });
  return true;
}

function isLink(p: string): boolean {
  try {
    return lstatSync(p).isSymbolicLink();
  } catch {
    return false;
  }
}

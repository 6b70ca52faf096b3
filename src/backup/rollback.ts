// `upgrade-hook rollback NAME [BACKUP]`: check the space, then under the lock stop every service, put each
// data path, the state file and the history back (restore-path.ts: staged in a root-only directory next to
// each, the current data set aside there until the next successful upgrade), run the restore command with
// the backends up, and leave the marker that refuses new code on the restored data until the packages are
// downgraded. A rerun after a kill or a signal reuses what the cut-short attempt set aside. Never touches
// packages.
import { existsSync, lstatSync, statSync, type Stats } from 'node:fs';
import { dirname, join } from 'node:path';
import { UpgradeHookError } from '../errors.js';
import type { ProductLog } from '../log/product-log.js';
import type { Terminal } from '../log/terminal.js';
import type { BuildInfo } from '../product/build-info.js';
import type { Descriptor } from '../product/descriptor.js';
import { readStoredState } from '../product/stored-state.js';
import { runCommand, shell } from '../proc/run-command.js';
import { interruptedBy, listenForInterrupts, throwIfInterrupted } from '../proc/interruption.js';
import { newMarker } from '../record/marker.js';
import { productRecords } from '../record/stores.js';
import { ensureVarDir, productPaths } from '../record/paths.js';
import { addRolledBack } from '../record/rolled-back.js';
import { downgradeCommand } from './policy.js';
import { productServices } from '../services/product-services.js';
import { realRunnerIO } from '../services/runner-io.js';
import { commandEnv } from '../proc/command-env.js';
import { assertAllDown, startRole, stopFor } from '../services/services.js';
import { HeldDir, requireProcFd } from './held-dir.js';
import { type RestoreContext, type RestoreStep, restorePath } from './restore-path.js';
import { type RollbackWrite, rollbackSpaceProblem } from './rollback-space.js';
import { addSetAside, forgetUnfinished, readUnfinished, SET_ASIDE_INFIX } from './set-aside.js';
import type { StoredBackup } from './store.js';
import { chooseBackup } from './choose.js';
import { DUMP_FILE, freeBytes, measureBytes } from './take.js';
import { startOtherProducts } from '../services/backend-dependents.js';
import { memoryStoppedUnits } from '../record/memory-stores.js';

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
  const backup = chooseBackup(d, o.backupName, o.env, o.euid);
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
  const marker = productRecords(d).marker;
  ensureVarDir(paths.varDir, o.euid);
  requireProcFd();
  const stored = readStoredState(d);
  // a rerun of a rollback cut short reuses its work directories (and discards its partial restore)
  const resume = marker.read()?.reason === 'rollback-interrupted' ? readUnfinished(paths.varDir) : [];
  if (resume.length === 0) forgetUnfinished(paths.varDir);
  const steps: RestoreStep[] = [
    ...m.paths.map((p) => ({ target: p.path, copy: p.copy === null ? null : join(backup.path, p.copy) })),
    // exactly as backed up: a file absent then is set aside now
    { target: m.stateFile, copy: m.stateCopied ? join(backup.path, 'state') : null },
    { target: paths.history, copy: m.historyCopied ? join(backup.path, 'history.jsonl') : null },
  ];
  // checked before anything is stopped or moved: a path root may not write through, a full disk half way
  for (const s of steps) assertReachable(d.name, s.target);
  const space = rollbackSpaceProblem(steps.flatMap((s) => plannedWrites(s, resume)));
  if (space)
    throw new UpgradeHookError('BACKUP_NO_SPACE', `${d.name}: ${space}`, {
      hint: `nothing was stopped or changed; free space, then rerun: upgrade-hook rollback ${d.name} ${backup.name}`,
    });
  const say = (line: string) => {
    o.productLog.info(line);
    o.terminal.say(`${d.name}: ${line}`);
  };
  // a rollback cut short leaves data half restored: the gate refuses, and the message says to rerun it
  marker.write(
    newMarker(
      {
        state: 'failed',
        reason: 'rollback-interrupted',
        detail: `the rollback to backup ${backup.name} did not finish; rerun it: upgrade-hook rollback ${d.name} ${backup.name}`,
      },
      { from: stored.dataVersion, to: o.build.version },
      { backup: backup.name },
    ),
  );
  say(`rolling back to ${m.dataVersion} from backup ${backup.name}`);
  const services = productServices(d, realRunnerIO(), o);
  // other products sharing a backend come back whatever the outcome; this product's stay behind its gate
  const stoppedHere = memoryStoppedUnits();
  const othersBackUp = () =>
    startOtherProducts(services, stoppedHere, () => startRole(services, 'backend', [])).catch((e) =>
      o.terminal.warn(
        `starting again the units of other products failed: ${e instanceof Error ? e.message : String(e)}`,
      ),
    );
  const stopListening = listenForInterrupts();
  try {
    // apps first, then the backends (one call keeps that order)
    await stopFor(services, { backends: true, beforeStop: (units) => void stoppedHere.add(units) });
    throwIfInterrupted();
    await assertAllDown(services);
    const ctx: RestoreContext = {
      id: uniqueStamp(),
      resume,
      euid: o.euid,
      recordWorkDir: (w) => addSetAside(paths.varDir, [w]),
      copy: copyBack,
      check: throwIfInterrupted,
      say,
    };
    const kept: string[] = [];
    for (const step of steps) {
      throwIfInterrupted();
      const r = await restorePath(step, ctx);
      if (r.setAside) kept.push(r.setAside);
    }
    throwIfInterrupted();
    const synced = await runCommand(
      ['sync', '-f', ...m.paths.map((p) => p.path).filter((p) => existsSync(p)), m.stateFile].filter(Boolean),
      commandEnv(),
      600,
    );
    if (synced.exitCode !== 0) o.terminal.warn(`sync after the restore: ${synced.output}`);
    if (kept.length > 0) say(`the data replaced is kept until the next successful upgrade: ${kept.join(', ')}`);
    if (m.dump && spec.restore) {
      await startRole(services, 'backend', []);
      throwIfInterrupted();
      say(`restore: ${spec.restore}`);
      const r = await runCommand(
        shell(spec.restore),
        commandEnv({
          UPGRADE_HOOK_PRODUCT: d.name,
          UPGRADE_HOOK_DUMP_FILE: join(backup.path, DUMP_FILE),
        }),
      );
      throwIfInterrupted();
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
    const signal = interruptedBy();
    if (signal)
      throw new UpgradeHookError(
        'INTERRUPTED',
        `${d.name}: rollback to ${backup.name} interrupted by ${signal}; the data is half restored, the gate refuses every start`,
        { cause: e, hint: `rerun: upgrade-hook rollback ${d.name} ${backup.name}` },
      );
    throw new UpgradeHookError('ROLLBACK_FAILED', `${d.name}: rollback to ${backup.name} failed: ${message}`, {
      cause: e,
      hint: `fix the cause, then rerun: upgrade-hook rollback ${d.name} ${backup.name}`,
    });
  } finally {
    stopListening();
  }
  await othersBackUp();
  const owner = d.buildVersion.kind === 'file' ? o.owningPackage(d.buildVersion.path) : undefined;
  const downgrade = downgradeCommand({
    buildSource: d.buildVersion,
    restoredVersion: m.dataVersion,
    owningPackage: owner,
    transaction: undefined,
  });
  marker.write(
    newMarker(
      {
        state: 'refused',
        reason: 'rolled-back',
        detail: `data rolled back to ${m.dataVersion} from backup ${backup.name}; build ${o.build.version} must not start on it: ${downgrade}`,
      },
      { from: m.dataVersion, to: o.build.version },
      { downgrade, backup: backup.name },
    ),
  );
  // remembered after the marker goes: preflight keeps this build from being installed again unattended
  addRolledBack(paths.varDir, { build: o.build.version, at: new Date().toISOString(), backup: backup.name });
  forgetUnfinished(paths.varDir);
  say(`rolled back to ${m.dataVersion}; the services stay stopped until the packages match the data`);
  o.terminal.say(`now downgrade the packages: ${downgrade}`);
  o.terminal.say(`then start the product again (its gate passes once the build is ${m.dataVersion})`);
  return { backup, downgrade };
}

/** cp -a --reflink=auto FROM TO, where TO is a name inside a held directory (/proc/PID/fd/N/NAME). */
async function copyBack(from: string, to: string): Promise<void> {
  const r = await runCommand(['cp', '-a', '--reflink=auto', '--', from, to], commandEnv());
  if (r.exitCode !== 0) {
    const why = r.output.trim().split('\n').slice(-2).join(' | ') || r.error || `exit ${r.exitCode}`;
    throw new UpgradeHookError('ROLLBACK_FAILED', `copying ${from} back failed: ${why}`);
  }
}

/** What restoring `s` writes on which filesystem, and what it frees there first. */
function plannedWrites(s: RestoreStep, resume: string[]): RollbackWrite[] {
  if (s.copy === null) return [];
  const bytes = measureBytes([s.copy]);
  const parent = nearestExisting(dirname(s.target));
  const parentFs = { dev: statSync(parent).dev, on: dirname(s.target), free: freeBytes(parent).bytes };
  let current: Stats | undefined;
  try {
    current = lstatSync(s.target);
  } catch {
    current = undefined;
  }
  const interrupted = resume.some((w) => w.startsWith(`${s.target}${SET_ASIDE_INFIX}`));
  if (current?.isDirectory() && current.dev !== parentFs.dev) {
    // a mount point: refilled on its own filesystem, its content copied aside onto the parent's
    const own = { dev: current.dev, on: s.target, free: freeBytes(s.target).bytes };
    return [
      { ...own, bytes, freed: interrupted ? measureBytes([s.target]) : 0 },
      { ...parentFs, bytes: interrupted ? 0 : measureBytes([s.target]), freed: 0 },
    ];
  }
  const freed = interrupted && current?.isDirectory() ? measureBytes([s.target]) : 0;
  return [{ ...parentFs, bytes, freed }];
}

/** The directory holding `target` can be reached without a link another user may change (held-dir.ts). */
function assertReachable(product: string, target: string): void {
  try {
    HeldDir.openPath(nearestExisting(dirname(target))).close();
  } catch (e) {
    if (e instanceof UpgradeHookError)
      throw new UpgradeHookError(
        e.code,
        `${product}: cannot roll back ${target}: ${e.message}; nothing was stopped or changed`,
        {
          hint: e.hint,
        },
      );
    throw e;
  }
}

function nearestExisting(dir: string): string {
  let p = dir;
  while (!existsSync(p) && p !== '/') p = dirname(p);
  return p;
}

/** `20261207T085215.123Z`: the work directories' names (made O_EXCL, so two in one millisecond still differ). */
function uniqueStamp(): string {
  return new Date().toISOString().replace(/[-:]/g, '');
}

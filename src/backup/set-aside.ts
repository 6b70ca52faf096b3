// What a rollback moved aside: each path's work directory `PATH.before-rollback-ID` (root's, 0700, next to
// the path; restore-path.ts), listed in VAR_DIR/rollback-set-aside.json and kept until the next successful
// upgrade, which removes it. While a rollback is unfinished, VAR_DIR/rollback-unfinished.json lists the
// work directories of that attempt, so that its rerun reuses them instead of setting aside one more copy.
import { rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { addToStringList, readStringList, writeStringList } from '../state/string-list-file.js';
import { HeldDir } from './held-dir.js';
import { removeEntry } from './remove-tree.js';

export const SET_ASIDE_INFIX = '.before-rollback-';
export const setAsidePath = (varDir: string) => join(varDir, 'rollback-set-aside.json');
export const unfinishedPath = (varDir: string) => join(varDir, 'rollback-unfinished.json');

export const readSetAside = (varDir: string): string[] => readStringList(setAsidePath(varDir));
export const readUnfinished = (varDir: string): string[] => readStringList(unfinishedPath(varDir));

/** Records a work directory in both lists (durably: atomic writes) before anything is moved into it. */
export function addSetAside(varDir: string, paths: string[]): void {
  addToStringList(setAsidePath(varDir), paths, 0o600);
  addToStringList(unfinishedPath(varDir), paths, 0o600);
}

/** The rollback finished (or a new one starts afresh): its work directories are no longer to reuse. */
export function forgetUnfinished(varDir: string): void {
  rmSync(unfinishedPath(varDir), { force: true });
}

/**
 * Removes every listed set-aside path. The directory holding each is reached from `/` without following a
 * link another user could change, and the tree is removed through descriptors (remove-tree.ts): a name
 * swapped for a link costs only the link. A path that could not be removed stays listed for the next
 * successful upgrade.
 */
export function discardSetAside(varDir: string, log: (m: string) => void): void {
  const left: string[] = [];
  for (const p of readSetAside(varDir)) {
    // only what a rollback named so: never a path the file was made to list by mistake
    if (!basename(p).includes(SET_ASIDE_INFIX)) continue;
    let parent: HeldDir;
    try {
      parent = HeldDir.openPath(dirname(p));
    } catch (e) {
      log(`left ${p} alone: ${(e as Error).message}`);
      continue;
    }
    try {
      const st = parent.lstatIn(basename(p));
      if (!st) continue;
      if (st.isSymbolicLink()) {
        log(`left ${p} alone: it is now a symbolic link, not the directory the rollback made`);
        continue;
      }
      removeEntry(parent, basename(p));
      log(`removed ${p}, the data a rollback had set aside`);
    } catch (e) {
      log(`could not remove ${p} (tried again after the next upgrade): ${(e as Error).message}`);
      left.push(p);
    } finally {
      parent.close();
    }
  }
  if (left.length > 0) writeStringList(setAsidePath(varDir), left, 0o600);
  else rmSync(setAsidePath(varDir), { force: true });
  forgetUnfinished(varDir);
}

// The data a rollback moved aside (each path renamed next to itself, on its own filesystem): listed in
// VAR_DIR/rollback-set-aside.json, kept until the next successful upgrade, which removes it.
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { addToStringList, readStringList } from '../state/string-list-file.js';

export const SET_ASIDE_INFIX = '.before-rollback-';
export const setAsidePath = (varDir: string) => join(varDir, 'rollback-set-aside.json');

export const readSetAside = (varDir: string): string[] => readStringList(setAsidePath(varDir));

export function addSetAside(varDir: string, paths: string[]): void {
  addToStringList(setAsidePath(varDir), paths, 0o600);
}

export function discardSetAside(varDir: string, log: (m: string) => void): void {
  const paths = readSetAside(varDir);
  for (const p of paths) {
    // only what a rollback named so: never a path the file was made to list by mistake
    if (!existsSync(p) || !p.includes(SET_ASIDE_INFIX)) continue;
    rmSync(p, { recursive: true, force: true });
    log(`removed ${p}, the data a rollback had set aside`);
  }
  rmSync(setAsidePath(varDir), { force: true });
}

// The data a rollback moved aside (each path renamed next to itself, on its own filesystem): listed in
// VAR_DIR/rollback-set-aside.json, kept until the next successful upgrade, which removes it.
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../state/atomic-file.js';

export const SET_ASIDE_INFIX = '.before-rollback-';
export const setAsidePath = (varDir: string) => join(varDir, 'rollback-set-aside.json');

export function readSetAside(varDir: string): string[] {
  try {
    const v = JSON.parse(readFileSync(setAsidePath(varDir), 'utf8')) as unknown;
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
  } catch {
    return [];
  }
}

export function addSetAside(varDir: string, paths: string[]): void {
  writeFileAtomic(setAsidePath(varDir), `${JSON.stringify([...new Set([...readSetAside(varDir), ...paths])], null, 2)}\n`, { mode: 0o600 });
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

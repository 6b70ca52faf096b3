// The backups on disk: DIR/NAME/ with manifest.json, files/N/ (one per data path), state, history.jsonl
// and dump. A backup being built is DIR/.partial-NAME: it counts only once renamed, so one cut short by
// a kill or a full disk is never listed nor restored, and the next backup discards it.
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { olderFirst } from './policy.js';

export const MANIFEST = 'manifest.json';
export const PARTIAL_PREFIX = '.partial-';

export interface BackupManifest {
  schema: 1;
  product: string;
  name: string;
  /** The data version the backup holds. */
  dataVersion: string;
  platform: string | null;
  /** The build being upgraded to when the backup was taken (null: taken by hand). */
  upgradeTo: string | null;
  trigger: 'upgrade' | 'manual';
  createdAt: string;
  /** The product's backup sequence (1, 2, ...): the order of backups whatever the clock did. Absent before issue 19. */
  seq?: number;
  /**
   * Each data path and where its copy is, relative to the backup (null: the path did not exist). `path` is
   * the real place restored into; `link` (when the descriptor names a symbolic link) is the name listed.
   */
  paths: Array<{ path: string; copy: string | null; link?: string }>;
  stateFile: string;
  stateCopied: boolean;
  historyCopied: boolean;
  dump: boolean;
  /** Bytes the data occupied (allocated blocks, hard links once). */
  sizeBytes: number;
  /** How long the copy took with the services down, in milliseconds. */
  copyMs: number;
  /** How long syncing it to disk took (sync -f), in milliseconds: with copyMs, what the backup adds to the downtime. */
  syncMs: number;
}

export interface StoredBackup {
  name: string;
  path: string;
  manifest: BackupManifest;
  createdAt: string;
}

/**
 * The product's complete backups, oldest first (by sequence; those without one, older, by time).
 * Unreadable directories are skipped (they are not ours to judge), and so are other products' backups:
 * a directory two products share never lets one list, prune or restore the other's.
 */
export function listBackups(dir: string, product: string): StoredBackup[] {
  if (!existsSync(dir)) return [];
  const out: StoredBackup[] = [];
  for (const name of readdirSync(dir)) {
    if (name.startsWith('.')) continue;
    const path = join(dir, name);
    try {
      const manifest = JSON.parse(readFileSync(join(path, MANIFEST), 'utf8')) as BackupManifest;
      if (manifest.schema !== 1 || manifest.product !== product) continue;
      out.push({ name, path, manifest, createdAt: manifest.createdAt });
    } catch {
      /* not a backup */
    }
  }
  return out.sort(olderFirst);
}

/** The sequence number the next backup of the product gets. */
export function nextSeq(backups: ReadonlyArray<{ manifest: { seq?: number } }>): number {
  return backups.reduce((max, b) => Math.max(max, b.manifest.seq ?? 0), 0) + 1;
}

export function latestBackup(dir: string, product: string): StoredBackup | undefined {
  return listBackups(dir, product).at(-1);
}

/** Removes what a killed or failed backup left; returns the names it removed. */
export function discardPartials(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const gone = readdirSync(dir).filter((n) => n.startsWith(PARTIAL_PREFIX));
  for (const n of gone) rmSync(join(dir, n), { recursive: true, force: true });
  return gone;
}

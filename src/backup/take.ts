// Takes one backup: measure, check the space, build it under a temporary name (dump with the backends
// up, then the files with every service down), sync it to disk, rename it complete, drop the oldest.
// Files are copied with GNU `cp -a --reflink=auto`: owner, mode, timestamps, hard links inside a path,
// sparse files, ACLs and xattrs are kept, and a filesystem that can share extents (btrfs, XFS) does so.
import {
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  realpathSync,
  renameSync,
  rmSync,
  statfsSync,
  statSync,
  writeFileSync,
  type Stats,
} from 'node:fs';
import { dirname, join } from 'node:path';
import { UpgradeHookError } from '../errors.js';
import { commandEnv } from '../proc/command-env.js';
import type { BackupSpec, Descriptor } from '../product/descriptor.js';
import { runCommand, shell } from '../proc/run-command.js';
import { fsyncDirectory } from '../state/atomic-file.js';
import { backupName, backupsToPrune, dataPathNote, formatBytes, spaceProblem, type DataPathFact } from './policy.js';
import { discardPartials, listBackups, MANIFEST, nextSeq, PARTIAL_PREFIX, type BackupManifest } from './store.js';

export const DUMP_FILE = 'dump';
const CP = ['cp', '-a', '--reflink=auto', '--'];

/** Bytes the data occupies on disk: allocated blocks (sparse holes free), each hard-linked inode once. */
export function measureBytes(paths: string[]): number {
  const seen = new Set<string>();
  let total = 0;
  const walk = (p: string) => {
    let st: Stats;
    try {
      st = lstatSync(p, { bigint: false });
    } catch {
      return;
    }
    const id = `${st.dev}:${st.ino}`;
    if (seen.has(id)) return;
    seen.add(id);
    total += st.blocks * 512;
    if (st.isDirectory()) for (const n of readdirSync(p)) walk(join(p, n));
  };
  // a listed path that is a link counts as what it leads to (what is copied)
  for (const p of paths) walk(realOr(p));
  return total;
}

/** What a listed data path is on disk: absent, a plain file or directory, or a link (and to where). */
export function dataPathFact(path: string): DataPathFact {
  let st: Stats;
  try {
    st = lstatSync(path);
  } catch {
    return { kind: 'missing' };
  }
  if (!st.isSymbolicLink()) return { kind: 'plain' };
  try {
    return { kind: 'link', to: realpathSync(path) };
  } catch {
    return { kind: 'dangling' };
  }
}

/** The [backup] paths worth a word (absent, a link), one line each, for plan, lint and the backup itself. */
export function dataPathNotes(spec: BackupSpec, fact: (p: string) => DataPathFact = dataPathFact) {
  return spec.paths.map((p) => dataPathNote(p, fact(p))).filter((n) => n !== undefined);
}

function realOr(p: string): string {
  try {
    return realpathSync(p);
  } catch {
    return p;
  }
}

export function dataPathsOf(d: Descriptor, spec: BackupSpec): string[] {
  return [...spec.paths, d.stateFile, join(d.varDir, 'history.jsonl')];
}

/** Free bytes (for unprivileged writers: root's reserve is not counted) where `dir` is or would be made. */
export function freeBytes(dir: string): { bytes: number; on: string } {
  let p = dir;
  while (!existsSync(p) && p !== '/') p = dirname(p);
  const s = statfsSync(p);
  return { bytes: Number(s.bavail) * Number(s.bsize), on: p };
}

/** Refuses (BACKUP_NO_SPACE) with how much is needed and where; returns the measured size. */
export function checkSpace(d: Descriptor, spec: BackupSpec): number {
  const bytes = measureBytes(dataPathsOf(d, spec));
  const free = freeBytes(spec.dir);
  const problem = spaceProblem(bytes, free.bytes, spec.dir);
  if (problem)
    throw new UpgradeHookError('BACKUP_NO_SPACE', `${d.name}: ${problem}`, {
      hint: `nothing was stopped or changed; free space, then rerun`,
    });
  return bytes;
}

export interface BackupContext {
  d: Descriptor;
  spec: BackupSpec;
  dataVersion: string;
  platform: string | undefined;
  upgradeTo: string | undefined;
  log: (line: string) => void;
  /** What the admin must see (a listed path that does not exist); the log when not given. */
  warn?: (line: string) => void;
  now?: () => Date;
  /** The upgrade taking the backup: its own records (run-start) are not part of the data backed up. */
  excludeRun?: string;
}

/** One backup being built: begin, then (dump), copy, finish. Anything thrown leaves only a partial. */
export class BackupBuilder {
  name: string;
  partial: string;
  final: string;
  private readonly startedAt: Date;
  private dumped = false;
  private manifestPaths: BackupManifest['paths'] = [];
  private stateCopied = false;
  private historyCopied = false;
  private copyMs = 0;
  private sizeBytes = 0;
  private seq = 1;

  constructor(private readonly c: BackupContext) {
    this.startedAt = (c.now ?? (() => new Date()))();
    this.name = backupName(c.dataVersion, this.startedAt);
    this.partial = join(c.spec.dir, `${PARTIAL_PREFIX}${this.name}`);
    this.final = join(c.spec.dir, this.name);
  }

  begin(): void {
    mkdirSync(this.c.spec.dir, { recursive: true, mode: 0o700 });
    // two backups in the same second (a manual one, then an upgrade) get distinct names
    const base = this.name;
    for (let n = 2; existsSync(this.final); n++) {
      this.name = `${base}.${n}`;
      this.partial = join(this.c.spec.dir, `${PARTIAL_PREFIX}${this.name}`);
      this.final = join(this.c.spec.dir, this.name);
    }
    for (const n of discardPartials(this.c.spec.dir))
      this.c.log(`discarded the incomplete backup ${n} (cut short earlier)`);
    mkdirSync(this.partial, { mode: 0o700 });
    this.seq = nextSeq(listBackups(this.c.spec.dir, this.c.d.name));
  }

  /** With the backends up and the apps down: the dump command writes $UPGRADE_HOOK_DUMP_FILE. */
  async dump(): Promise<void> {
    if (!this.c.spec.dump) return;
    const file = join(this.partial, DUMP_FILE);
    this.c.log(`backup: dump: ${this.c.spec.dump}`);
    const r = await runCommand(
      shell(this.c.spec.dump),
      commandEnv({ UPGRADE_HOOK_PRODUCT: this.c.d.name, UPGRADE_HOOK_DUMP_FILE: file }),
    );
    if (r.exitCode !== 0)
      throw backupError(`the dump command failed (${r.error ?? `exit ${r.exitCode}`}): ${lastLine(r.output)}`);
    if (!existsSync(file))
      throw backupError(`the dump command exited 0 but wrote no $UPGRADE_HOOK_DUMP_FILE (${file})`);
    this.dumped = true;
  }

  /** With every service down: the data paths, the state file and the history. */
  async copy(): Promise<void> {
    const t0 = Date.now();
    mkdirSync(join(this.partial, 'files'), { mode: 0o700 });
    const { d, spec } = this.c;
    this.sizeBytes = measureBytes(dataPathsOf(d, spec));
    const warn = this.c.warn ?? this.c.log;
    for (const [i, listed] of spec.paths.entries()) {
      const fact = dataPathFact(listed);
      const note = dataPathNote(listed, fact);
      if (note) (note.warning ? warn : this.c.log)(`backup: ${note.line}`);
      if (fact.kind === 'missing') {
        this.manifestPaths.push({ path: listed, copy: null });
        continue;
      }
      // a link (data moved to a bigger disk): the content it leads to is copied, and restored there
      const path = fact.kind === 'link' ? fact.to : listed;
      const into = join(this.partial, 'files', String(i));
      mkdirSync(into, { mode: 0o700 });
      await cp(path, into);
      this.manifestPaths.push({
        path,
        copy: `files/${i}/${basename(path)}`,
        ...(fact.kind === 'link' ? { link: listed } : {}),
      });
    }
    if (existsSync(d.stateFile)) {
      await cp(d.stateFile, join(this.partial, 'state'));
      this.stateCopied = true;
    }
    const history = join(d.varDir, 'history.jsonl');
    if (existsSync(history)) {
      const to = join(this.partial, 'history.jsonl');
      if (this.c.excludeRun)
        writeFileSync(to, historyWithout(readFileSync(history, 'utf8'), this.c.excludeRun), {
          mode: statSync(history).mode & 0o777,
        });
      else await cp(history, to);
      this.historyCopied = true;
    }
    this.copyMs = Date.now() - t0;
  }

  /** Manifest, sync to disk, rename complete, then the oldest beyond `keep` go. */
  async finish(trigger: 'upgrade' | 'manual'): Promise<BackupManifest> {
    const { d, spec } = this.c;
    const manifest: BackupManifest = {
      schema: 1,
      product: d.name,
      name: this.name,
      dataVersion: this.c.dataVersion,
      platform: this.c.platform ?? null,
      upgradeTo: this.c.upgradeTo ?? null,
      trigger,
      createdAt: this.startedAt.toISOString(),
      seq: this.seq,
      paths: this.manifestPaths,
      stateFile: d.stateFile,
      stateCopied: this.stateCopied,
      historyCopied: this.historyCopied,
      dump: this.dumped,
      sizeBytes: this.sizeBytes,
      copyMs: this.copyMs,
      syncMs: 0,
    };
    // syncfs(2) of the backup's filesystem: every copied block is on disk before the first script runs
    const t0 = Date.now();
    const s = await runCommand(['sync', '-f', this.partial], commandEnv(), 600);
    if (s.exitCode !== 0) throw backupError(`sync -f ${this.partial} failed: ${lastLine(s.output)}`);
    manifest.syncMs = Date.now() - t0;
    writeFileSync(join(this.partial, MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`, { mode: 0o600 });
    await runCommand(['sync', '-f', join(this.partial, MANIFEST)], commandEnv(), 60);
    renameSync(this.partial, this.final);
    fsyncDirectory(spec.dir);
    for (const old of backupsToPrune(listBackups(spec.dir, d.name), spec.keep, this.name)) {
      rmSync(old.path, { recursive: true, force: true });
      this.c.log(`backup: removed ${old.name} (keep = ${spec.keep})`);
    }
    this.c.log(
      `backup: ${this.final} (${formatBytes(this.sizeBytes)} of data, copied in ${(this.copyMs / 1000).toFixed(1)} s, synced in ${(manifest.syncMs / 1000).toFixed(1)} s)`,
    );
    return manifest;
  }

  /** After a failure: nothing half-made stays behind. */
  discard(): void {
    rmSync(this.partial, { recursive: true, force: true });
  }
}

async function cp(from: string, to: string): Promise<void> {
  const r = await runCommand([...CP, from, to], commandEnv());
  if (r.exitCode !== 0)
    throw backupError(`copying ${from} failed: ${lastLine(r.output) || r.error || `exit ${r.exitCode}`}`);
}

export const copyPreserving = cp;

function backupError(message: string): UpgradeHookError {
  return new UpgradeHookError('BACKUP_FAILED', `backup failed: ${message}`, {
    hint: 'nothing was changed; fix the cause, then rerun',
  });
}

/** The history as it was before the run `run` started: its records are dropped (complete lines only). */
export function historyWithout(text: string, run: string): string {
  const lines = text.split('\n');
  lines.pop();
  return lines
    .filter((l) => {
      try {
        return (JSON.parse(l) as { run?: string }).run !== run;
      } catch {
        return true;
      }
    })
    .map((l) => `${l}\n`)
    .join('');
}

const basename = (p: string) => p.slice(p.lastIndexOf('/') + 1);
const lastLine = (s: string) => s.trim().split('\n').slice(-3).join(' | ');

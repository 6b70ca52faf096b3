// An upgrade script as found on disk, and the rules for its file name.

export type ScriptKind = 'always' | 'once' | 'cleanup';
export const SCRIPT_KINDS: ScriptKind[] = ['always', 'once', 'cleanup'];

export interface ScriptFile {
  /** File name, e.g. 3010_migrate_pulp; unique per kind. */
  name: string;
  number: number;
  kind: ScriptKind;
  path: string;
  origin: 'package' | 'admin';
  /** From a `# upgrade-hook-timeout: SECONDS` line near the top; undefined = the descriptor's default. */
  timeoutSec: number | undefined;
  /** inode:size:mtime:ctime when discovered: while it matches the history's, the content is not hashed again. */
  fingerprint: string;
  /** The real path (no links) checked from / down at discovery: what is run. */
  runPath: string;
  /** dev:ino of the file checked at discovery; checked again right before it runs. */
  identity: string;
}

export interface IgnoredFile {
  path: string;
  why: string;
}

export interface MaskedScript {
  name: string;
  kind: ScriptKind;
  path: string;
}

const NAME = /^(\d{4})_[^/\s]+$/;
const LEFTOVER = [
  /~$/,
  /^\./,
  /\.rpm(new|save|orig)$/,
  /\.py[co]$/,
  /^__pycache__$/,
  /\.sw[po]$/,
  /\.dpkg-(old|new|dist)$/,
];

/** An editor or package leftover (`*~`, `.*`, `*.rpmnew`, ...): never run. */
export function isLeftover(entry: string): boolean {
  return LEFTOVER.some((re) => re.test(entry));
}

/** What a directory entry is: a script, a leftover to ignore, or a typo that must stop the upgrade. */
export function classifyName(
  entry: string,
): { kind: 'script'; number: number } | { kind: 'ignored'; why: string } | { kind: 'bad'; why: string } {
  if (LEFTOVER.some((re) => re.test(entry))) return { kind: 'ignored', why: 'editor or package leftover' };
  if (!/^\d/.test(entry)) return { kind: 'ignored', why: 'not a script name (does not start with a digit)' };
  const m = NAME.exec(entry);
  if (!m)
    return {
      kind: 'bad',
      why: 'starts with a digit but is not NNNN_name (4 digits, then _, then a name): rename it, or a step would be skipped',
    };
  const number = Number(m[1]);
  if (number === 0) return { kind: 'bad', why: 'script numbers start at 0001' };
  return { kind: 'script', number };
}

/** Scripts run by number, then name; always- before once-scripts of the same name. */
export function compareScripts(a: ScriptFile, b: ScriptFile): number {
  return (
    a.number - b.number ||
    (a.name < b.name ? -1 : a.name > b.name ? 1 : 0) ||
    SCRIPT_KINDS.indexOf(a.kind) - SCRIPT_KINDS.indexOf(b.kind)
  );
}

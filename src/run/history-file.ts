// Reading and appending the history file. Appends are durable (fdatasync) one record at a time, so the
// cost per script stays flat however long the history grows; the file is never rewritten.
import { closeSync, constants, fstatSync, ftruncateSync, openSync, readSync, readFileSync } from 'node:fs';
import { UpgradeHookError, describeSystemError } from '../errors.js';
import { openAppendLog } from '../state/atomic-file.js';
import type { HistoryRecord } from './history-record.js';

export function readHistory(path: string): HistoryRecord[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw new UpgradeHookError('IO', `cannot read history ${path}: ${describeSystemError(e)}`, { cause: e });
  }
  const lines = text.split('\n');
  // The last piece has no newline: a record torn by a power cut, or nothing. Either way it never counted.
  lines.pop();
  const records: HistoryRecord[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line === '') continue;
    try {
      records.push(JSON.parse(line) as HistoryRecord);
    } catch {
      throw new UpgradeHookError('HISTORY_CORRUPT', `history ${path} line ${i + 1} is not a JSON record`, {
        hint: `move the file aside (every once-script would run again) or delete that line, then rerun`,
      });
    }
  }
  return records;
}

export interface HistoryWriter {
  /** durable (the default): on disk, with every record before it, when this returns. */
  append(record: HistoryRecord, durable?: boolean): void;
  close(): void;
}

/** Opens the history for appending (never through a symlink), first cutting off a record torn by a crash. */
export function openHistory(path: string): HistoryWriter {
  dropTornTail(path);
  const log = openAppendLog(path, 0o600);
  return {
    append: (record, durable) => log.append(`${JSON.stringify(record)}\n`, durable),
    close: () => log.close(),
  };
}

function dropTornTail(path: string) {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDWR | constants.O_NOFOLLOW);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return;
    if (code === 'ELOOP') throw new UpgradeHookError('UNSAFE_PATH', `history ${path} is a symbolic link: refusing to write through it; remove the link`);
    throw new UpgradeHookError('IO', `cannot open history ${path}: ${describeSystemError(e)}`, { cause: e });
  }
  try {
    const size = fstatSync(fd).size;
    if (size === 0) return;
    const tailSize = Math.min(size, 65536);
    const tail = Buffer.alloc(tailSize);
    readSync(fd, tail, 0, tailSize, size - tailSize);
    if (tail[tailSize - 1] === 0x0a) return;
    const lastNewline = tail.lastIndexOf(0x0a);
    ftruncateSync(fd, lastNewline < 0 ? size - tailSize : size - tailSize + lastNewline + 1);
  } finally {
    closeSync(fd);
  }
}

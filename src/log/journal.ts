// The product's log file: JSON lines through pino, appended synchronously (nothing is lost when a short
// process exits or is killed), mode 0600, never through a symbolic link. Opened only when something
// worth logging happens. A log that cannot be written (full disk) never hides the real error: the tool
// says so once and goes on with the terminal only.
import { closeSync, constants, fstatSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import { describeSystemError } from '../errors.js';

export interface Journal {
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
  debug(msg: string, fields?: Record<string, unknown>): void;
  readonly path: string | undefined;
}

export const nullJournal: Journal = { info() {}, warn() {}, error() {}, debug() {}, path: undefined };

export async function openJournal(path: string, product: string, onError: (message: string) => void): Promise<Journal> {
  let fd: number;
  try {
    mkdirSync(dirname(path), { recursive: true, mode: 0o755 });
    fd = openSync(path, constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT | constants.O_NOFOLLOW | constants.O_NONBLOCK, 0o600);
    if (!fstatSync(fd).isFile()) {
      closeSync(fd);
      throw Object.assign(new Error('not a regular file'), { code: 'EINVAL' });
    }
  } catch (e) {
    const why = (e as NodeJS.ErrnoException).code === 'ELOOP' ? 'it is a symbolic link (refused)' : describeSystemError(e);
    onError(`cannot open log file ${path}: ${why}; logging to the terminal only`);
    return nullJournal;
  }
  const { default: pino } = await import('pino');
  const logger = pino({ base: { product, pid: process.pid }, level: 'debug', timestamp: pino.stdTimeFunctions.isoTime }, pino.destination({ fd, sync: true }));
  let broken = false;
  const guarded = (write: (msg: string, f: Record<string, unknown>) => void) => (msg: string, f?: Record<string, unknown>) => {
    if (broken) return;
    try {
      write(msg, f ?? {});
    } catch (e) {
      broken = true;
      onError(`cannot write log file ${path}: ${describeSystemError(e)}; logging to the terminal only`);
    }
  };
  return {
    info: guarded((m, f) => logger.info(f, m)),
    warn: guarded((m, f) => logger.warn(f, m)),
    error: guarded((m, f) => logger.error(f, m)),
    debug: guarded((m, f) => logger.debug(f, m)),
    path,
  };
}

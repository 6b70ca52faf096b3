// The product's log file: JSON lines through pino, appended synchronously (nothing is lost when a short
// process exits or is killed), mode 0600. Opened only when something worth logging happens.
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

export interface Journal {
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
  debug(msg: string, fields?: Record<string, unknown>): void;
  readonly path: string | undefined;
}

export const nullJournal: Journal = { info() {}, warn() {}, error() {}, debug() {}, path: undefined };

export async function openJournal(path: string, product: string, onError: (message: string) => void): Promise<Journal> {
  try {
    mkdirSync(dirname(path), { recursive: true, mode: 0o755 });
    const { default: pino } = await import('pino');
    const dest = pino.destination({ dest: path, sync: true, append: true, mode: 0o600 });
    const logger = pino({ base: { product, pid: process.pid }, level: 'debug', timestamp: pino.stdTimeFunctions.isoTime }, dest);
    return {
      info: (msg, f) => logger.info(f ?? {}, msg),
      warn: (msg, f) => logger.warn(f ?? {}, msg),
      error: (msg, f) => logger.error(f ?? {}, msg),
      debug: (msg, f) => logger.debug(f ?? {}, msg),
      path,
    };
  } catch (e) {
    onError(`cannot open log file ${path}: ${(e as Error).message}; logging to the terminal only`);
    return nullJournal;
  }
}

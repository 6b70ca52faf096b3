// Progress for every wait longer than two seconds: a live line on a terminal (every second), a plain
// timestamped line every ten seconds in a pipe (dnf's log), so nobody waits minutes without a word.
import type { Terminal } from './terminal.js';

const QUIET_MS = 2000;

export interface ProgressTicker {
  stop(): void;
}

export function startProgress(
  terminal: Pick<Terminal, 'progress' | 'progressDone' | 'live'>,
  describe: (elapsedSec: number) => string,
): ProgressTicker {
  const started = Date.now();
  const every = terminal.live ? 1000 : 10_000;
  let shown = false;
  const tick = () => {
    terminal.progress(describe(Math.round((Date.now() - started) / 1000)));
    shown = true;
  };
  let interval: NodeJS.Timeout | undefined;
  const first = setTimeout(() => {
    tick();
    interval = setInterval(tick, every);
  }, QUIET_MS);
  return {
    stop() {
      clearTimeout(first);
      if (interval) clearInterval(interval);
      if (shown) terminal.progressDone();
    },
  };
}

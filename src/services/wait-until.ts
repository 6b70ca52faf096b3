// Polls until a condition holds: 10 ms first, doubling to 500 ms. A service that is ready at once costs
// one short wait instead of half a second of downtime, and a slow one is not hammered.
const FIRST_MS = 10;
const MAX_MS = 500;

export async function waitUntil(
  holds: () => Promise<boolean>,
  o: { timeoutMs: number; sleep: (ms: number) => Promise<void>; now?: () => number },
): Promise<boolean> {
  const now = o.now ?? Date.now;
  const started = now();
  let delay = FIRST_MS;
  for (;;) {
    if (await holds()) return true;
    if (now() - started >= o.timeoutMs) return false;
    await o.sleep(Math.min(delay, Math.max(1, o.timeoutMs - (now() - started))));
    delay = Math.min(delay * 2, MAX_MS);
  }
}

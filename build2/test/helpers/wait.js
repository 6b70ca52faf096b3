// Waits for a file a background script creates when it has started (bounded: a test never hangs).
import { existsSync } from 'node:fs';
export async function waitForFile(path, ms = 20_000) {
    const end = Date.now() + ms;
    while (!existsSync(path)) {
        if (Date.now() > end)
            throw new Error(`${path} did not appear within ${ms} ms`);
        await new Promise((r) => setTimeout(r, 25));
    }
}

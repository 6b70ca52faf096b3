// Runs the bundled CLI the way a user or rpm would: a separate node process on dist/upgrade-hook.cjs.
import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
export const REPO = fileURLToPath(new URL('../../../', import.meta.url));
export const BUNDLE = `${REPO}dist/upgrade-hook.cjs`;
export function cli(args, env, input) {
    const r = spawnSync(process.execPath, [BUNDLE, ...args], {
        env,
        encoding: 'utf8',
        input: input ?? '',
        timeout: 120_000,
    });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
/** Starts the CLI in the background (its own process group, so a test can kill it like a power cut). */
export function cliBackground(args, env) {
    const child = spawn(process.execPath, [BUNDLE, ...args], { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const result = new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
    return Object.assign(child, { result });
}

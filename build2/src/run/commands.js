import { interruptedBy, whenInterrupted } from './interruption.js';
import { handOffOutput } from './leftover-output.js';
/** How long after the command's exit its output may still come before a holder of the pipes is cut loose. */
const GRACE_AFTER_EXIT_MS = 300;
/** The most of a command's output kept (its end): enough for any error message. */
export const OUTPUT_KEPT = 64 * 1024;
export async function runCommand(argv, env, timeoutSec = 0) {
    const { execa } = await import('execa');
    // an interrupted run starts nothing more (a service chain the run abandoned must not go on)
    const stopped = interruptedBy();
    if (stopped)
        return { exitCode: null, output: '', timedOut: false, error: `not run: interrupted by ${stopped}` };
    const child = execa(argv[0], argv.slice(1), {
        env,
        extendEnv: false,
        cwd: '/',
        stdin: 'ignore',
        stdout: 'pipe',
        stderr: 'pipe',
        buffer: false,
        reject: false,
        timeout: timeoutSec > 0 ? timeoutSec * 1000 : undefined,
        killSignal: 'SIGKILL',
    });
    const kept = new BoundedTail(OUTPUT_KEPT);
    const open = new Set();
    for (const stream of [child.stdout, child.stderr]) {
        if (!stream)
            continue;
        open.add(stream);
        stream.on('data', (chunk) => kept.add(chunk));
        stream.once('end', () => open.delete(stream));
        stream.once('close', () => open.delete(stream));
    }
    let grace;
    child.once('exit', () => {
        grace = setTimeout(() => {
            // a process the command started still holds the pipes: it gets a drain, we go on
            const held = [...open];
            open.clear();
            handOffOutput(held, undefined);
        }, GRACE_AFTER_EXIT_MS);
    });
    const forget = whenInterrupted(() => child.kill('SIGTERM'));
    const r = await child.finally(() => {
        forget();
        if (grace)
            clearTimeout(grace);
    });
    const failedToStart = r.exitCode === undefined && !r.timedOut;
    return {
        exitCode: r.exitCode ?? null,
        output: kept.text().trimEnd(),
        timedOut: r.timedOut,
        error: failedToStart ? r.shortMessage : undefined,
    };
}
export const shell = (command) => ['/bin/sh', '-c', command];
/** The last `max` bytes written to it (stdout and stderr in the order they came). */
class BoundedTail {
    max;
    chunks = [];
    size = 0;
    constructor(max) {
        this.max = max;
    }
    add(chunk) {
        this.chunks.push(chunk);
        this.size += chunk.length;
        while (this.size - this.chunks[0].length >= this.max)
            this.size -= this.chunks.shift().length;
    }
    text() {
        const all = Buffer.concat(this.chunks);
        return all.subarray(Math.max(0, all.length - this.max)).toString('utf8');
    }
}

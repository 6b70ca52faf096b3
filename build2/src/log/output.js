// Writing the tool's lines straight to stdout/stderr with write(2): creating process.stdout and
// process.stderr costs several milliseconds on every start, and the no-op path prints at most one line.
import { writeSync } from 'node:fs';
import { createRequire } from 'node:module';
export function writeFd(fd, text) {
    let buf = Buffer.from(text);
    while (buf.length > 0) {
        try {
            buf = buf.subarray(writeSync(fd, buf));
        }
        catch (e) {
            const code = e.code;
            // A non-blocking pipe that is full: wait for the reader. A closed one (EPIPE): nobody listens.
            if (code === 'EAGAIN')
                Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 5);
            else
                return;
        }
    }
}
// node:tty loads net and the stream machinery: ask only when a progress line is about to be drawn.
export const isTerminal = (fd) => require_tty().isatty(fd);
const require_tty = () => createRequire('/')('node:tty');
/** The terminal's width, asked only when a live progress line is drawn. */
export const terminalColumns = () => process.stderr.columns || 80;

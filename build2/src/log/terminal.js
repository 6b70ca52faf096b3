// Short human lines for whoever watches: an admin on a terminal, or dnf's log when stdout is a pipe.
import { isTerminal, terminalColumns, writeFd } from './output.js';
export function createTerminal(verbosity) {
    const out = { write: (text) => writeFd(1, text) };
    const err = { write: (text) => writeFd(2, text) };
    let liveKnown;
    const isLive = () => (liveKnown ??= verbosity !== 'quiet' && isTerminal(2));
    let liveShown = false;
    const clearLive = () => {
        if (liveShown) {
            err.write('\r\x1b[K');
            liveShown = false;
        }
    };
    return {
        get live() {
            return isLive();
        },
        say(line) {
            if (verbosity === 'quiet')
                return;
            clearLive();
            out.write(`${line}\n`);
        },
        detail(line) {
            if (verbosity !== 'debug')
                return;
            clearLive();
            out.write(`${line}\n`);
        },
        warn(line) {
            if (verbosity === 'quiet')
                return;
            clearLive();
            err.write(`warning: ${line}\n`);
        },
        error(line) {
            clearLive();
            err.write(`error: ${line}\n`);
        },
        progress(line) {
            if (verbosity === 'quiet')
                return;
            if (isLive()) {
                // A wrapped line cannot be cleared with \r: keep it to the terminal's width.
                const width = terminalColumns();
                err.write(`\r\x1b[K${line.length >= width ? `${line.slice(0, width - 2)}…` : line}`);
                liveShown = true;
            }
            else {
                out.write(`${new Date().toISOString().slice(11, 19)} ${line}\n`);
            }
        },
        progressDone() {
            clearLive();
        },
    };
}

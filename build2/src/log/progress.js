const QUIET_MS = 2000;
export function startProgress(terminal, describe) {
    const started = Date.now();
    const every = terminal.live ? 1000 : 10_000;
    let shown = false;
    const tick = () => {
        terminal.progress(describe(Math.round((Date.now() - started) / 1000)));
        shown = true;
    };
    let interval;
    const first = setTimeout(() => {
        tick();
        interval = setInterval(tick, every);
    }, QUIET_MS);
    return {
        stop() {
            clearTimeout(first);
            if (interval)
                clearInterval(interval);
            if (shown)
                terminal.progressDone();
        },
    };
}

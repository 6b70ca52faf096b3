// The effects a run has on the system, in one object: helper commands (systemctl among them), readiness
// probes, the scripts' files and processes, sleeping and the clock. realRunnerIO() is the system's, built
// once where a command starts a run (commands/upgrade-now.ts); tests pass a fake that records the calls.
// Output stays with the run's options (Terminal, ProductLog): they are interfaces passed in already.
import { checksumIfReadable } from '../plan/checksum.js';
import { systemctlWith } from '../systemd/systemctl.js';
import { runCommand } from './commands.js';
import { interruptibleSleep } from './interruption.js';
import { probeOnce } from './readiness.js';
import { spawnScript } from './spawn-script.js';
import { whyNotRunnableNow } from './verify-script.js';
export function realRunnerIO() {
    return {
        command: runCommand,
        systemctl: systemctlWith(),
        probe: probeOnce,
        whyNotRunnable: whyNotRunnableNow,
        checksum: checksumIfReadable,
        spawnScript,
        sleep: interruptibleSleep,
        now: Date.now,
    };
}

// The effects a run has on the system, in one object: helper commands (systemctl among them), readiness
// probes, the scripts' files and processes, sleeping and the clock. realRunnerIO() is the system's, built
// once where a command starts a run (commands/upgrade-now.ts); tests pass a fake that records the calls.
// Output stays with the run's options (Terminal, ProductLog): they are interfaces passed in already.
import { checksumIfReadable } from '../plan/checksum.js';
import type { ScriptFile } from '../script/script.js';
import type { ReadinessProbe, ServiceSpec } from '../product/descriptor.js';
import { holdBackendsDown, releaseBackends } from '../systemd/offline-hold.js';
import { systemctlWith, type Systemctl } from '../systemd/systemctl.js';
import { runCommand, type CommandResult } from '../proc/run-command.js';
import { interruptibleSleep } from '../proc/interruption.js';
import { probeOnce } from './readiness.js';
import { spawnScript, type ScriptOutcome, type SpawnScriptOptions } from '../script/spawn-script.js';
import { whyNotRunnableNow } from '../script/verify-script.js';

export interface RunnerIO {
  /** A short helper command (a service's start or stop command), with execa: proc/run-command.ts. */
  command(argv: string[], env: Record<string, string>, timeoutSec?: number): Promise<CommandResult>;
  /** systemctl with its fixed environment. */
  systemctl: Systemctl;
  /** One attempt of a readiness probe: does the service answer now? */
  probe(p: ReadinessProbe, s: ServiceSpec, env: Record<string, string>): Promise<boolean>;
  /** Why a script must not run now (it or its path changed since discovery: script/verify-script.ts), or undefined. */
  whyNotRunnable(script: ScriptFile, trustedUids: readonly number[]): string | undefined;
  /** A file's checksum now, undefined when it cannot be read. */
  checksum(path: string): string | undefined;
  /** Runs one upgrade script (script/spawn-script.ts, the hot path: called as is). */
  spawnScript(o: SpawnScriptOptions): Promise<ScriptOutcome>;
  /** While an offline script runs, a start of a backend that another unit pulls in is skipped
   * (systemd/offline-hold.ts); absent where there is no systemd to tell (the tests' world). */
  offlineHold?: {
    hold(product: string, backends: string[]): Promise<void>;
    release(product: string): void;
  };
  /** Sleeps, ending early (rejecting) when the run is interrupted. */
  sleep(ms: number): Promise<void>;
  now(): number;
}

export function realRunnerIO(euid = process.geteuid?.() ?? 0): RunnerIO {
  const systemctl = systemctlWith();
  return {
    command: runCommand,
    systemctl,
    offlineHold: {
      hold: (product, backends) => holdBackendsDown(systemctl, product, backends, euid),
      release: releaseBackends,
    },
    probe: probeOnce,
    whyNotRunnable: whyNotRunnableNow,
    checksum: checksumIfReadable,
    spawnScript,
    sleep: interruptibleSleep,
    now: Date.now,
  };
}

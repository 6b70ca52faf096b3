// The system's side of a run's frame (run-frame.ts): the lock's published phase, the scripts' work dir in
// the product's var dir, the stamp, the clock, the process's descriptors and signals.
import { mkdirSync, rmSync, symlinkSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { clearPhase, publishPhase } from '../lock/holder-phase.js';
import { assertStillHeld } from '../lock/product-lock.js';
import { writeStamp } from '../product/stored-state.js';
import { productPaths } from '../record/paths.js';
import { prepareForScripts } from './inherited-fds.js';
import { interruptedBy, listenForInterrupts } from '../proc/interruption.js';
import type { FrameEffects, UpgradeOptions } from './run-types.js';

export function realFrameEffects(o: UpgradeOptions): FrameEffects {
  const d = o.descriptor;
  const { varDir } = productPaths(d);
  // The scripts' TMPDIR lives in the product's var dir, under the lock: one left by a killed run is wiped
  // here instead of piling up in /tmp (the orphan check before the frame made sure none of its scripts runs).
  const tmp = join(varDir, 'tmp');
  return {
    lock: {
      publish: (phase) => publishPhase(o.lockDir, d.name, o.lockToken, phase),
      assertHeld: (next) => assertStillHeld(o.lockDir, d.name, o.lockToken, next),
      clearPhase: () => clearPhase(o.lockDir, d.name, o.lockToken),
    },
    workDir: {
      make: () => {
        rmSync(tmp, { recursive: true, force: true });
        mkdirSync(tmp, { mode: 0o700 });
        return { tmp, toolDir: linkRunningTool(tmp, o.toolPath) };
      },
      remove: () => rmSync(tmp, { recursive: true, force: true }),
    },
    restartFile: join(varDir, 'restart-request'),
    stamp: () => writeStamp(d, o.build.version, o.build.platform, { dir: o.lockDir, euid: o.euid }),
    at: () => new Date().toISOString(),
    pid: process.pid,
    guard: () => {
      prepareForScripts();
      return listenForInterrupts();
    },
    interruptedBy,
  };
}

// Scripts call `upgrade-hook state …`: make that the very tool running them, wherever it is installed.
function linkRunningTool(tmp: string, toolPath: string): string {
  const dir = join(tmp, 'bin');
  mkdirSync(dir, { mode: 0o755 });
  symlinkSync(resolve(toolPath), join(dir, 'upgrade-hook'));
  return dir;
}

// One bash scenario in a booted systemd container (the cached image, the tool's RPMs staged at /mnt/build,
// results written to /mnt/results), for an e2e file's `before`: boots it, fails with the scenario's story when
// it exits non-zero, and removes what it made in `after`. `read(NAME)` gives a result file's text ('' if none).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensureImage, newResultsDir, removeDir, repoRoot, stageArtifacts } from './container.js';

export interface BootedScenario {
  /** Boots the container and runs the scenario; call in `before`. */
  run(): void;
  /** Removes the staged artifacts and the results; call in `after`. */
  cleanup(): void;
  read(name: string): string;
}

export function bootedScenario(label: string, scenario: string, timeoutMs = 300_000): BootedScenario {
  let stage = '';
  let results = '';
  const read = (name: string) =>
    results && existsSync(join(results, name)) ? readFileSync(join(results, name), 'utf8') : '';
  return {
    read,
    run() {
      ensureImage();
      stage = stageArtifacts();
      results = newResultsDir(label);
      const r = spawnSync(
        'bash',
        [
          join(repoRoot, 'test/e2e/lib/container.sh'),
          'run',
          '--bind-ro',
          `${stage}:/mnt/build`,
          '--bind',
          `${results}:/mnt/results`,
          '--',
          'bash',
          '-c',
          scenario,
        ],
        { encoding: 'utf8', timeout: timeoutMs, killSignal: 'SIGTERM', maxBuffer: 64 << 20 },
      );
      assert.equal(r.status, 0, `${r.stderr}\n${read('story.txt')}`);
    },
    cleanup() {
      if (stage) removeDir(stage);
      if (results) removeDir(results);
    },
  };
}

// One bash scenario in a booted systemd container (the cached image, the tool's RPMs staged at /mnt/build,
// results written to /mnt/results), for an e2e file's `before`: boots it, fails with the scenario's story when
// it exits non-zero, and removes what it made in `after`. `read(NAME)` gives a result file's text ('' if none).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensureImage, newResultsDir, removeDir, repoRoot, stageArtifacts } from './container.js';

/** A scenario's first lines: its story to /mnt/results/story.txt, the tool's RPM installed (exit 10 if not). */
export const INSTALL_TOOL = `set -u
exec > /mnt/results/story.txt 2>&1
mkdir -p /etc/dnf/vars; echo 12 > /etc/dnf/vars/releasever
tool=$(find /mnt/build/rpm -name 'upgrade-hook-[0-9]*.noarch.rpm' | sort -V | tail -n1)
dnf -y -q install /mnt/build/acme/RPMS/noarch/debian-host-provides-12-1.noarch.rpm "$tool" || exit 10
`;

/**
 * \`tool_pid ARGS\`: the pid of the running tool (node) whose arguments begin with ARGS ("gate acme"), waiting up
 * to 10 s for it; empty if none. To SIGKILL the tool alone, not the unit's shell or a script below it.
 */
export const TOOL_PID = `tool_pid() {
  local found='' n=0 p
  while [ -z "$found" ] && [ $n -lt 100 ]; do
    for p in /proc/[0-9]*; do
      tr '\\0' ' ' < $p/cmdline 2>/dev/null | grep -q "^[^ ]*node [^ ]*upgrade-hook $1" && found=\${p#/proc/}
    done
    [ -n "$found" ] || sleep 0.1; n=$((n + 1))
  done
  echo "$found"
}
`;

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

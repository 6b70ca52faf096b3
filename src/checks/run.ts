// Runs a product's checks, all at once, each the way an upgrade script runs (spawnScript: stdin /dev/null,
// a clean environment, a session of its own, killed with its children at its timeout), and reads their
// verdicts. A product without checks does not get here: the commands call this only when `checks` is set.
import { UpgradeHookError } from '../errors.js';
import type { Descriptor } from '../product/descriptor.js';
import { commandEnv } from '../proc/command-env.js';
import { passThroughEnv } from '../script/script-env.js';
import { spawnScript } from '../script/spawn-script.js';
import { whyNotRunnableNow } from '../script/verify-script.js';
import { discoverChecks } from './discover.js';
import { combineChecks, interpretCheck, type ChecksVerdict } from './verdict.js';

const KEPT_LINES = 20;

export interface CheckRunInput {
  descriptor: Descriptor;
  dataVersion: string | undefined;
  buildVersion: string;
  env: NodeJS.ProcessEnv;
  euid: number;
}

export async function runChecks(i: CheckRunInput): Promise<ChecksVerdict> {
  const d = i.descriptor;
  const found = discoverChecks(d.checksDir!, [i.euid]);
  if (found.problems.length > 0) {
    throw new UpgradeHookError('SCRIPT_INVALID', found.problems.map((p) => `${p.path}: ${p.why}`).join('\n'), {
      hint: `no check was run; fix the checks, then: upgrade-hook lint --root / ${d.name}`,
    });
  }
  const results = await Promise.all(
    found.checks.map(async (c) => {
      const timeoutSec = c.timeoutSec ?? d.checkTimeoutSec;
      const kept = { stdout: [] as string[], stderr: [] as string[] };
      // checked again right before exec, as a script is: the tree may have changed since discovery
      const unsafe = whyNotRunnableNow(c, [i.euid]);
      if (unsafe) return interpretCheck(c.name, c.path, { ...notRun(unsafe), timeoutSec, ...kept });
      const end = await spawnScript({
        path: c.runPath,
        cwd: '/',
        timeoutSec,
        env: commandEnv({
          LC_ALL: 'C.UTF-8',
          HOME: '/root',
          // not the caller's TMPDIR (sudo -E): a directory of its own would be where root's check writes
          TMPDIR: '/tmp',
          PYTHONDONTWRITEBYTECODE: '1',
          UPGRADE_HOOK_PRODUCT: d.name,
          UPGRADE_HOOK_CHECK: c.name,
          UPGRADE_HOOK_STATE_FILE: d.stateFile,
          UPGRADE_HOOK_DATA_VERSION: i.dataVersion ?? '',
          UPGRADE_HOOK_BUILD_VERSION: i.buildVersion,
          ...passThroughEnv(i.env),
        }),
        output: (stream) => ({
          piece: () => {},
          line: (shown) => {
            if (kept[stream].length < KEPT_LINES) kept[stream].push(shown);
          },
        }),
      });
      return interpretCheck(c.name, c.path, { ...end, timeoutSec, ...kept });
    }),
  );
  return combineChecks(results);
}

function notRun(why: string) {
  return { exitCode: null, signal: null, timedOut: false, spawnError: `it is no longer safe to run: ${why}` };
}

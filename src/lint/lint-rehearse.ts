// lint's [rehearse] rules (issue 24): a matrix with nothing to compare (no digest hook and no [backup]
// paths: every case would fail "nothing to compare"), a rehearsal that starts a copy of production with
// nothing to silence it (no neutralize hook), and a hook whose program the build root lacks (a typo, a
// file not shipped: found only when a rehearsal runs, at the admin's, before the window).
import { lstatSync } from 'node:fs';
import type { Descriptor, RehearseHooks } from '../product/descriptor.js';
import { type Findings, underRoot } from './finding.js';

export function lintRehearse(d: Descriptor, descriptorFile: string, root: string, out: Findings): void {
  const h = d.rehearse;
  if (!h) return;
  if (!h.digest && (d.backup?.paths.length ?? 0) === 0)
    out.error(
      descriptorFile,
      '[rehearse] has no digest and there are no [backup] paths: matrix has nothing to compare after an upgrade; set digest = a command that prints a digest of the data (e.g. a schema dump and row counts), or list the data in [backup] paths',
    );
  if (!h.neutralize)
    out.warn(
      descriptorFile,
      "[rehearse] has no neutralize: a rehearsal starts the product on a copy of production's data and configuration (its network is loopback only, but mail queues, cron jobs and scheduled tasks run); set neutralize = a command that turns them off, or neutralize = true to say there is nothing to turn off",
    );
  for (const key of ['install', 'seed', 'digest', 'neutralize'] as const satisfies ReadonlyArray<keyof RehearseHooks>) {
    const program = firstWord(h[key]);
    if (program?.startsWith('/') && !existsIn(underRoot(root, program)))
      out.warn(
        descriptorFile,
        `[rehearse] ${key} runs ${program}, which is not in the build root: ship it (it runs inside the rehearsal's container, from the installed packages), or fix the path`,
      );
  }
}

// the program of a /bin/sh command line: its first word, when it is a plain word (no quotes, no variable)
function firstWord(command: string | undefined): string | undefined {
  const w = command?.trim().split(/\s+/)[0];
  return w && /^[\w./+-]+$/.test(w) ? w : undefined;
}

function existsIn(path: string): boolean {
  try {
    lstatSync(path);
    return true;
  } catch {
    return false;
  }
}

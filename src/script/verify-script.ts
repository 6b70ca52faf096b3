// Right before a script (or a product's check, checks/run.ts) runs: is it still the file discovery checked, in a path only root can change?
// Discovery (script/discover.ts) checks each script's real path from / down; an earlier script, or an
// account given an ancestor since, may have changed that. Checked again here, the path cannot change
// between this check and the exec except by root: every directory on it is root's and not writable by others.
import { lstatSync, type Stats } from 'node:fs';
import { dirname } from 'node:path';
import type { ScriptFile } from './script.js';
import { unsafeAncestor } from '../fs/secure-path.js';

/** Why the script must not run now, or undefined. */
export function whyNotRunnableNow(
  script: Pick<ScriptFile, 'runPath' | 'identity'>,
  trustedUids: readonly number[],
): string | undefined {
  const ancestor = unsafeAncestor(dirname(script.runPath), trustedUids);
  if (ancestor) return `${ancestor.path} ${ancestor.why}`;
  let st: Stats;
  try {
    st = lstatSync(script.runPath);
  } catch (e) {
    return `${script.runPath} is gone (${(e as NodeJS.ErrnoException).code})`;
  }
  if (!st.isFile()) return `${script.runPath} is no longer a regular file`;
  if (`${st.dev}:${st.ino}` !== script.identity)
    return `${script.runPath} was replaced after it was checked; check it with upgrade-hook plan, then rerun`;
  if (st.uid !== 0 && !trustedUids.includes(st.uid)) return `${script.runPath} is owned by uid ${st.uid} now, not root`;
  if (st.mode & 0o022) return `${script.runPath} is writable by ${st.mode & 0o002 ? 'anyone' : 'its group'} now`;
  return undefined;
}

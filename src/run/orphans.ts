// Finds processes left from an upgrade run that was killed (an admin's kill -9 of the tool alone leaves its
// script running). A process counts when its environment holds, as entries of their own,
// UPGRADE_HOOK_RUN=<run id> and UPGRADE_HOOK_SCRIPT=<kind/name> of the script the run was killed in (one
// without UPGRADE_HOOK_SCRIPT was started by an older tool and counts on the run id alone). A daemon that
// an earlier, finished script of the run left behind inherited the variables legitimately but names its
// own script: it is not the interrupted script and does not block the rerun.
// Scripts run as session leaders (script/spawn-script.ts). When a process's session leader is alive it must carry
// the run's entry and be ours: a process planted with the variables in someone's login session, or by
// another user in a session of its own, does not count. When the leader is gone, only our user's count.
import { hasExited, readProcStat } from '../proc/proc-stat.js';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { UpgradeHookError } from '../errors.js';

interface ProcInfo {
  pid: number;
  sid: number;
  uid: number;
  env: string[];
}

function inspect(pid: number): ProcInfo | undefined {
  try {
    const env = readFileSync(`/proc/${pid}/environ`, 'latin1').split('\0');
    const stat = readProcStat(pid);
    if (!stat || hasExited(stat)) return undefined;
    return { pid, sid: stat.session, uid: statSync(`/proc/${pid}`).uid, env };
  } catch {
    return undefined; // gone, or not ours to read
  }
}

export function processesOfRun(runId: string, script: string): number[] {
  const run = `UPGRADE_HOOK_RUN=${runId}`;
  const ofScript = (env: string[]) => {
    const named = env.find((e) => e.startsWith('UPGRADE_HOOK_SCRIPT='));
    return named === undefined || named === `UPGRADE_HOOK_SCRIPT=${script}`;
  };
  const euid = process.geteuid?.() ?? 0;
  const found: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name) || Number(name) === process.pid) continue;
    const p = inspect(Number(name));
    if (!p?.env.includes(run) || !ofScript(p.env)) continue;
    const leader = p.sid === p.pid ? p : inspect(p.sid);
    if (leader ? leader.env.includes(run) && leader.uid === euid : p.uid === euid) found.push(p.pid);
  }
  return found;
}

/** Under the lock, before a rerun: the script a killed run was in must not still be running. */
export function refuseIfOrphansRemain(
  lastRun: string | undefined,
  interrupted: { script: string; kind: string } | undefined,
): void {
  if (!lastRun || !interrupted) return;
  const script = interrupted.script;
  const pids = processesOfRun(lastRun, `${interrupted.kind}/${script}`);
  if (pids.length > 0) {
    throw new UpgradeHookError(
      'STALE_SCRIPT_RUNNING',
      `${script} of the interrupted upgrade is still running (pid ${pids.join(', ')})`,
      { hint: `wait for it to end or kill it (kill ${pids.join(' ')}), then rerun` },
    );
  }
}

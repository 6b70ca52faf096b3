// Who is behind a command, for the history: the admin's login name (through sudo, su or a login shell),
// and whether `run` was started by upgrade-hook-finish@NAME.service rather than by hand.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { userInfo } from 'node:os';

/** SUDO_USER, else the login name of the session (logname), else the user name and uid. */
export function invokingUser(env: NodeJS.ProcessEnv, euid: number): string {
  if (env.SUDO_USER && /^[\w.@-]{1,64}$/.test(env.SUDO_USER)) return env.SUDO_USER;
  try {
    const r = spawnSync('logname', [], { encoding: 'utf8', timeout: 2000, env: { PATH: '/usr/bin:/bin' }, stdio: ['ignore', 'pipe', 'ignore'] });
    const name = r.status === 0 ? r.stdout.trim() : '';
    if (/^[\w.@-]{1,64}$/.test(name)) return name;
  } catch {
    /* no logname: fall through */
  }
  let name = '';
  try {
    name = userInfo().username;
  } catch {
    /* no passwd entry */
  }
  return name || `uid ${euid}`;
}

/** True when this process runs in upgrade-hook-finish@NAME.service (its cgroup is named after the unit). */
export function inFinishUnit(cgroupFile = '/proc/self/cgroup'): boolean {
  try {
    return /\/upgrade-hook-finish@[^/\n]*\.service(\/|$)/m.test(readFileSync(cgroupFile, 'utf8'));
  } catch {
    return false;
  }
}

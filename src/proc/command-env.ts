// The one builder of the environment of every command the tool runs: services' start/stop commands and
// readiness probes, systemctl, rpm, cp, sync, the backup's dump and restore, the checks, the output drain
// (and the base of the scripts' own, script/script-env.ts). A fixed PATH and LANG and only the variables the
// tool means to pass: nothing of the caller's (su without -, sudo -E, a PATH with the user's own bin first),
// since root runs these. Imports nothing, so every folder may use it.

/** The PATH every command gets, whatever the caller's. */
export const COMMAND_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

/** A fixed PATH and LANG, plus exactly the variables given (which win). */
export function commandEnv(extra: Record<string, string> = {}): Record<string, string> {
  return { PATH: COMMAND_PATH, LANG: 'C.UTF-8', ...extra };
}

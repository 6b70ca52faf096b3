// The one way the tool talks to systemd: systemctl with a fixed environment, and `show` parsed.
import { commandEnv } from '../proc/command-env.js';
import { runCommand, type CommandResult } from '../proc/run-command.js';
import { parseShow, SHOWN_PROPERTIES, type UnitInfo } from './unit-properties.js';

export const SYSTEMCTL_ENV: Record<string, string> = commandEnv({ SYSTEMD_PAGER: '', SYSTEMD_COLORS: '0' });

export type Systemctl = (args: string[], timeoutSec?: number) => Promise<CommandResult>;

export function systemctlWith(env: Record<string, string> = SYSTEMCTL_ENV): Systemctl {
  return (args, timeoutSec = 0) => runCommand(['systemctl', ...args], env, timeoutSec);
}

/** The properties of the given units (one systemctl call); units systemd does not know come back not-found. */
export async function showUnits(systemctl: Systemctl, units: string[]): Promise<Map<string, UnitInfo>> {
  if (units.length === 0) return new Map();
  const r = await systemctl(['show', `--property=${SHOWN_PROPERTIES.join(',')}`, '--', ...units], 60);
  const byName = new Map<string, UnitInfo>();
  parseShow(r.output).forEach((u, i) => {
    byName.set(u.id, u);
    // an alias asked for (postgresql.service -> postgresql@15-main.service) answers under its real Id
    if (units[i] !== undefined) byName.set(units[i]!, u);
  });
  return byName;
}

// The one way the tool talks to systemd: systemctl with a fixed environment, and `show` parsed.
import { commandEnv } from '../proc/command-env.js';
import { runCommand } from '../run/commands.js';
import { parseShow, SHOWN_PROPERTIES } from './unit-properties.js';
export const SYSTEMCTL_ENV = commandEnv({ SYSTEMD_PAGER: '', SYSTEMD_COLORS: '0' });
export function systemctlWith(env = SYSTEMCTL_ENV) {
    return (args, timeoutSec = 0) => runCommand(['systemctl', ...args], env, timeoutSec);
}
/** The properties of the given units (one systemctl call); units systemd does not know come back not-found. */
export async function showUnits(systemctl, units) {
    if (units.length === 0)
        return new Map();
    const r = await systemctl(['show', `--property=${SHOWN_PROPERTIES.join(',')}`, '--', ...units], 60);
    const byName = new Map();
    parseShow(r.output).forEach((u, i) => {
        byName.set(u.id, u);
        // an alias asked for (postgresql.service -> postgresql@15-main.service) answers under its real Id
        if (units[i] !== undefined)
            byName.set(units[i], u);
    });
    return byName;
}

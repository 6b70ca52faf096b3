// Commands that change the system refuse a caller that is not root, before touching anything: such a
// caller would create /run/lock/upgrade-hook (in the world-writable /run/lock) as its own, and every
// root upgrade and gate after it would refuse that directory. A caller that sets UPGRADE_HOOK_LOCK_DIR
// uses a lock directory of its own (the tests, the tutorial, a scratch root) and cannot lock root out
// that way, so it may go on as itself; one that sets it to the system's directory (however spelt) is refused.
import { UpgradeHookError } from '../errors.js';
import { DEFAULT_LOCK_DIR, namesDefaultLockDir } from '../lock/lock-dir.js';

/** Whether the command line changes the system: run, posttrans, gate, stamp, bridge, resolve, state set/unset. */
export function needsRoot(command: string, args: readonly string[]): boolean {
  if (command === 'state') return args[0] === 'set' || args[0] === 'unset';
  if (command === 'backup') return args[0] !== 'list';
  if (command === 'rollback') return true;
  return ['run', 'posttrans', 'gate', 'stamp', 'bridge', 'resolve', 'rehearse'].includes(command);
}

export function refuseNonRoot(command: string, args: readonly string[], euid: number, env: NodeJS.ProcessEnv): void {
  const ownLockDir = env.UPGRADE_HOOK_LOCK_DIR && !namesDefaultLockDir(env.UPGRADE_HOOK_LOCK_DIR);
  if (euid === 0 || ownLockDir || !needsRoot(command, args)) return;
  const what = command === 'state' ? `state ${args[0]}` : command;
  throw new UpgradeHookError(
    'NOT_ROOT',
    `upgrade-hook ${what} must be run as root (uid ${euid} would take the lock in ${DEFAULT_LOCK_DIR}); nothing was done`,
    {
      hint: `run it as root: sudo upgrade-hook ${[command, ...args].join(' ')}`,
    },
  );
}

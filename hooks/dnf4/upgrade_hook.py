# upgrade-hook bridge for dnf4.
#
# Inside the rpm transaction a product's %posttrans cannot always run its upgrade well: the rpm lock is held
# and services started from a scriptlet race with systemd's own restarts. With this plugin loaded, %posttrans
# sees UPGRADE_HOOK_BRIDGE=dnf4, only records that an upgrade is pending, and transaction() runs every pending
# upgrade right after the transaction, when the rpm lock is released.
#
# The plugin must never break dnf: every failure is logged as a warning and dnf goes on.

import logging
import os
import subprocess

import dnf

UPGRADE_HOOK = '/usr/bin/upgrade-hook'
BRIDGE_VARIABLE = 'UPGRADE_HOOK_BRIDGE'
# this dnf process: %posttrans records it, and a gate started during the transaction waits for its bridge
BRIDGE_PID_VARIABLE = 'UPGRADE_HOOK_BRIDGE_PID'

logger = logging.getLogger('dnf.plugin')


class UpgradeHook(dnf.Plugin):
    name = 'upgrade_hook'

    def __init__(self, base, cli):
        super(UpgradeHook, self).__init__(base, cli)
        self._bridging = False

    def _on_this_host(self):
        # With --installroot the scriptlets run chrooted (and defer for that reason); the host's
        # upgrade-hook must not run the host's products instead.
        return os.path.realpath(self.base.conf.installroot or '/') == '/'

    def pre_transaction(self):
        try:
            if self._on_this_host() and os.access(UPGRADE_HOOK, os.X_OK):
                os.environ[BRIDGE_VARIABLE] = 'dnf4'
                os.environ[BRIDGE_PID_VARIABLE] = str(os.getpid())
                self._bridging = True
        except Exception as e:  # never break dnf
            logger.warning('upgrade-hook: cannot set up the bridge: %s', e)

    def transaction(self):
        if not self._bridging:
            return
        self._bridging = False
        os.environ.pop(BRIDGE_VARIABLE, None)
        os.environ.pop(BRIDGE_PID_VARIABLE, None)
        try:
            if not os.access(UPGRADE_HOOK, os.X_OK):
                return  # removed by this very transaction
            status = subprocess.call([UPGRADE_HOOK, 'bridge', 'end'], stdin=subprocess.DEVNULL)
            if status != 0:
                logger.warning('upgrade-hook: "%s bridge end" exited with %d; run "upgrade-hook status NAME"',
                               UPGRADE_HOOK, status)
        except Exception as e:  # never break dnf
            logger.warning('upgrade-hook: cannot run "%s bridge end": %s', UPGRADE_HOOK, e)

# upgrade-hook bridge for dnf4.
#
# Inside the rpm transaction a product's %posttrans cannot always run its upgrade well: the rpm lock is held
# and services started from a scriptlet race with systemd's own restarts. With this plugin loaded, %posttrans
# sees UPGRADE_HOOK_BRIDGE=dnf4, only records that an upgrade is pending, and transaction() runs every pending
# upgrade right after the transaction, when the rpm lock is released.
#
# Preflight (issue 23): before rpm changes anything, pre_transaction (after the download and rpm's test
# transaction, before dnf records the transaction in its history) runs `upgrade-hook preflight NAME --package
# RPM` for each package being installed that ships the descriptor of a product on this host: the new build's
# own checks against today's data. An inhibitor raises dnf.exceptions.Error, which aborts the transaction
# with dnf's usual "Error: ..." and exit status 1: nothing installed, nothing in `dnf history`.
#
# Apart from that veto the plugin must never break dnf: every failure of its own is logged as a warning and
# dnf goes on.

import logging
import os
import subprocess

import dnf
import dnf.exceptions
import dnf.transaction

UPGRADE_HOOK = '/usr/bin/upgrade-hook'
BRIDGE_VARIABLE = 'UPGRADE_HOOK_BRIDGE'
PRODUCTS_DIR = '/usr/lib/upgrade-hook/products.d'
# preflight's "inhibited"
EXIT_INHIBITED = 3

# this dnf process: %posttrans records it, and a gate started during the transaction waits for its bridge
BRIDGE_PID_VARIABLE = 'UPGRADE_HOOK_BRIDGE_PID'

logger = logging.getLogger('dnf.plugin')


class UpgradeHook(dnf.Plugin):
    name = 'upgrade_hook'

    def __init__(self, base, cli):
        super(UpgradeHook, self).__init__(base, cli)
        self._bridging = False
        self._incoming = []

    def _on_this_host(self):
        # With --installroot the scriptlets run chrooted (and defer for that reason); the host's
        # upgrade-hook must not run the host's products instead.
        return os.path.realpath(self.base.conf.installroot or '/') == '/'

    def pre_transaction(self):
        if self._on_this_host() and os.access(UPGRADE_HOOK, os.X_OK):
            self._incoming = []
            vetoes = self._preflight()
            if vetoes:
                raise dnf.exceptions.Error(
                    'upgrade-hook: the transaction would install a build whose upgrade cannot work here; '
                    'nothing was changed\n' + '\n'.join(vetoes))
            self._fence()
        try:
            if self._on_this_host() and os.access(UPGRADE_HOOK, os.X_OK):
                os.environ[BRIDGE_VARIABLE] = 'dnf4'
                os.environ[BRIDGE_PID_VARIABLE] = str(os.getpid())
                self._bridging = True
        except Exception as e:  # never break dnf
            logger.warning('upgrade-hook: cannot set up the bridge: %s', e)

    def _preflight(self):
        """The findings of every inhibited product package of this transaction (an empty list: go on)."""
        try:
            installed = set(n[:-5] for n in os.listdir(PRODUCTS_DIR) if n.endswith('.conf'))
        except OSError:
            return []  # no product on this host: a transaction without one pays nothing more
        if not installed:
            return []
        vetoes = []
        for tsi in self.base.transaction or []:
            if tsi.action not in (dnf.transaction.PKG_UPGRADE, dnf.transaction.PKG_INSTALL,
                                  dnf.transaction.PKG_REINSTALL, dnf.transaction.PKG_DOWNGRADE):
                continue
            try:
                vetoes.extend(self._preflight_package(tsi.pkg, installed))
            except Exception as e:  # our own failure never breaks dnf
                logger.warning('upgrade-hook: preflight of %s could not run: %s', tsi.pkg, e)
        return vetoes

    def _fence(self):
        """Before rpm replaces a file: a start of these products waits for their %posttrans instead of
        starting the new code on the old data (upgrade-hook bridge fence)."""
        for name in self._incoming:
            try:
                subprocess.call([UPGRADE_HOOK, 'bridge', 'fence', name, str(os.getpid())], stdin=subprocess.DEVNULL)
            except Exception as e:  # never break dnf
                logger.warning('upgrade-hook: cannot fence %s: %s', name, e)

    def _preflight_package(self, pkg, installed):
        vetoes = []
        for name in [n for n in _descriptors_in(pkg.localPkg()) if n in installed]:
            self._incoming.append(name)
            # the tool unpacks the package into a root-only directory and judges it there
            r = subprocess.run([UPGRADE_HOOK, 'preflight', name, '--package', pkg.localPkg()],
                               stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                               universal_newlines=True)
            if r.returncode == EXIT_INHIBITED:
                vetoes.append('%s (%s):\n%s' % (name, pkg, r.stdout.rstrip()))
            elif r.returncode != 0:
                logger.warning('upgrade-hook: preflight of %s exited with %d: %s', name, r.returncode, r.stdout.strip())
            else:
                for line in r.stdout.splitlines()[1:]:
                    logger.info('upgrade-hook: %s', line.strip())
        return vetoes

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


def _descriptors_in(path):
    """The product names whose vendor descriptor the RPM at `path` ships (read from its header only)."""
    import rpm
    ts = rpm.TransactionSet()
    ts.setVSFlags(rpm._RPMVSF_NOSIGNATURES | rpm._RPMVSF_NODIGESTS)
    with open(path, 'rb') as f:
        header = ts.hdrFromFdno(f.fileno())
    names = []
    for file in header[rpm.RPMTAG_FILENAMES] or []:
        file = file.decode() if isinstance(file, bytes) else file
        if os.path.dirname(file) == PRODUCTS_DIR and file.endswith('.conf'):
            names.append(os.path.basename(file)[:-5])
    return names

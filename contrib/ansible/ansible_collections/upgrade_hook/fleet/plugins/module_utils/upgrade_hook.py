# -*- coding: utf-8 -*-
# MIT License (see LICENSE in the upgrade-hook project)
"""Shared by the upgrade_hook_* modules: run `upgrade-hook status NAME --json` and read it.

The modules depend only on what upgrade-hook documents as stable: `status --json` (schema 1,
docs/status-json.md) and the exit codes (docs/DESIGN.md: 0 ok, 1 upgrade failed, 2 usage, 3 refused,
5 deferred, 75 lock busy, 78 descriptor or script error).
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
import os

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2
EXIT_REFUSED = 3
EXIT_DEFERRED = 5
EXIT_LOCK_BUSY = 75
EXIT_DESCRIPTOR = 78


class UpgradeHookError(Exception):
    """A failure to report as the task's msg; `facts` carries what is known (may be empty)."""

    def __init__(self, msg, **facts):
        super(UpgradeHookError, self).__init__(msg)
        self.msg = msg
        self.facts = facts


def find_tool(module, path=None):
    """The upgrade-hook executable, or an UpgradeHookError that says the host lacks it."""
    if path:
        if not os.access(path, os.X_OK):
            raise UpgradeHookError('upgrade-hook is not installed on this host (no executable %s): install the '
                                   'upgrade-hook package, or fix executable' % path)
        return path
    tool = module.get_bin_path('upgrade-hook', required=False, opt_dirs=['/usr/bin', '/usr/local/bin'])
    if not tool:
        raise UpgradeHookError('upgrade-hook is not installed on this host (no upgrade-hook in PATH): '
                               'install the upgrade-hook package, or set executable')
    return tool


def read_status(module, tool, name):
    """`upgrade-hook status NAME --json` as a dict; UpgradeHookError when the product is unknown or broken."""
    rc, out, err = module.run_command([tool, 'status', name, '--json'], environ_update={'LANG': 'C.UTF-8'})
    if rc == EXIT_DESCRIPTOR:
        raise UpgradeHookError('product %s: %s (is the product installed on this host?)'
                               % (name, (err.strip() or 'descriptor missing or broken').splitlines()[-1]),
                               rc=rc, stderr=err)
    if rc != EXIT_OK:
        raise UpgradeHookError('upgrade-hook status %s --json exited %d: %s' % (name, rc, err.strip()),
                               rc=rc, stderr=err)
    try:
        status = json.loads(out)
    except ValueError as e:
        raise UpgradeHookError('upgrade-hook status %s --json printed no JSON (%s): is upgrade-hook too old?'
                               % (name, e), stdout=out)
    if status.get('schema') != 1:
        raise UpgradeHookError('upgrade-hook status --json schema %r is not 1: this module knows schema 1'
                               % status.get('schema'))
    return status


def summarize(status):
    """The facts a playbook tests, flat, from a status --json object."""
    marker = status.get('marker') or None
    last_run = status.get('lastRun') or None
    failed_step = None
    if marker and marker.get('state') == 'failed':
        failed_step = marker.get('script') or (last_run or {}).get('failedScript')
    return {
        'product': status.get('product'),
        'state': status.get('state'),
        'verdict': status.get('state'),
        'message': status.get('message'),
        'up_to_date': status.get('state') == 'up-to-date',
        'data_version': (status.get('data') or {}).get('version'),
        'build_version': (status.get('build') or {}).get('version'),
        'marker': marker,
        'marker_reason': marker.get('reason') if marker else None,
        'failed_step': failed_step,
        'last_output': (marker or {}).get('lastOutput') or [],
        'last_run': last_run,
        'next': status.get('next'),
        'log_file': status.get('logFile'),
        'lock': status.get('lock'),
        'units': status.get('units'),
    }

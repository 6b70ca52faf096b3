# -*- coding: utf-8 -*-
# The fleet test's stopwatch: one JSON line per task result (host, task, start, end, status, changed) in the
# file named by FLEET_TIMING_FILE, so the test can report the time per host and the dnf step's share.
from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = '''
name: fleet_timing
type: aggregate
short_description: write each task result's timing as JSON lines (upgrade-hook's fleet test)
description:
  - Writes one JSON line per task result to the file named by the FLEET_TIMING_FILE environment variable.
requirements:
  - enable in ansible.cfg (callbacks_enabled)
'''

import json
import os
import time

from ansible.plugins.callback import CallbackBase


class CallbackModule(CallbackBase):
    CALLBACK_VERSION = 2.0
    CALLBACK_TYPE = 'aggregate'
    CALLBACK_NAME = 'fleet_timing'
    CALLBACK_NEEDS_ENABLED = True

    def __init__(self):
        super(CallbackModule, self).__init__()
        self._path = os.environ.get('FLEET_TIMING_FILE')
        self._starts = {}

    def v2_runner_on_start(self, host, task):
        self._starts[(host.get_name(), task._uuid)] = time.time()

    def _record(self, result, status):
        if not self._path:
            return
        host = result._host.get_name()
        task = result._task
        end = time.time()
        start = self._starts.pop((host, task._uuid), end)
        line = {'host': host, 'task': task.get_name(), 'action': task.action, 'start': start, 'end': end,
                'status': status, 'changed': bool(result._result.get('changed'))}
        with open(self._path, 'a') as f:
            f.write(json.dumps(line) + '\n')

    def v2_runner_on_ok(self, result):
        self._record(result, 'ok')

    def v2_runner_on_failed(self, result, ignore_errors=False):
        self._record(result, 'failed')

    def v2_runner_on_skipped(self, result):
        self._record(result, 'skipped')

    def v2_runner_on_unreachable(self, result):
        self._record(result, 'unreachable')

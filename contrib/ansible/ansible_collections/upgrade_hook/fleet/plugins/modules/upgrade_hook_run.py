#!/usr/bin/python
# -*- coding: utf-8 -*-
# MIT License (see LICENSE in the upgrade-hook project)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
---
module: upgrade_hook_run
short_description: Run a product's pending upgrade with upgrade-hook
version_added: "1.0.0"
description:
  - Runs C(upgrade-hook run NAME) on the host when the product's data needs an upgrade (upgrade-needed, deferred
    by the package transaction, or failed earlier and now being resumed).
  - Idempotent. When C(upgrade-hook status NAME --json) says up-to-date (or not-configured) it runs nothing and
    reports ok, unchanged; I(changed) is true only when an upgrade ran.
  - On failure it fails with the step (script) that failed, the last lines of its output, the log file and the
    command to run once the cause is fixed.
  - In check mode it runs nothing and reports whether it would run.
  - Depends only on C(status --json) and the exit codes of upgrade-hook (1 failed, 3 refused, 75 lock busy,
    78 descriptor or script error).
options:
  name:
    description: The product, as upgrade-hook knows it, e.g. C(acme).
    type: str
    required: true
  force:
    description:
      - Run even when the data is up to date, as C(upgrade-hook run --force) does; the always-scripts run again.
    type: bool
    default: false
  executable:
    description: Path of the upgrade-hook tool; found in PATH when not given.
    type: path
attributes:
  check_mode:
    support: full
  diff_mode:
    support: none
author:
  - upgrade-hook developers
seealso:
  - module: upgrade_hook.fleet.upgrade_hook_status
'''

EXAMPLES = r'''
- name: Run acme's deferred or pending upgrade (no-op when up to date)
  upgrade_hook.fleet.upgrade_hook_run:
    name: acme

- name: Rerun the always-scripts even when up to date
  upgrade_hook.fleet.upgrade_hook_run:
    name: acme
    force: true
'''

RETURN = r'''
ran:
  description: True when C(upgrade-hook run) was called (false when nothing was due, and in check mode).
  returned: always
  type: bool
rc:
  description: The exit status of C(upgrade-hook run); absent when it did not run.
  returned: when it ran
  type: int
  sample: 0
stdout_lines:
  description: What C(upgrade-hook run) printed, the last 40 lines.
  returned: when it ran
  type: list
  elements: str
state:
  description: The state after the task, as in M(upgrade_hook.fleet.upgrade_hook_status).
  returned: success
  type: str
  sample: up-to-date
failed_step:
  description: The script that failed.
  returned: failure
  type: str
  sample: 3500_site_policy
last_output:
  description: The last lines the failed script printed.
  returned: failure
  type: list
  elements: str
log_file:
  description: The product's upgrade log.
  returned: always
  type: str
  sample: /var/log/acme/upgrade.log
next:
  description: The command to run once the cause is fixed, or null.
  returned: always
  type: str
  sample: upgrade-hook run acme
data_version:
  description: The data version after the task.
  returned: success
  type: str
  sample: 1.2-1
build_version:
  description: The installed build's version.
  returned: success
  type: str
  sample: 1.2-1
'''

from ansible.module_utils.basic import AnsibleModule
from ansible_collections.upgrade_hook.fleet.plugins.module_utils.upgrade_hook import (
    EXIT_DESCRIPTOR, EXIT_LOCK_BUSY, EXIT_OK, EXIT_REFUSED, UpgradeHookError, find_tool, read_status, summarize)

NOTHING_DUE = ('up-to-date', 'not-configured')


def failure_message(name, host_facts, rc, output):
    """One paragraph an admin can act on: what failed, where, the log, what to run next."""
    step = host_facts.get('failed_step')
    log = host_facts.get('log_file')
    nxt = host_facts.get('next') or ('upgrade-hook run %s' % name)
    if rc == EXIT_LOCK_BUSY:
        head = 'another upgrade of %s holds its lock' % name
    elif rc == EXIT_REFUSED or host_facts.get('state') == 'refused':
        head = 'upgrade of %s refused: %s' % (name, (host_facts.get('marker') or {}).get('detail')
                                              or host_facts.get('message'))
    elif rc == EXIT_DESCRIPTOR:
        head = 'upgrade of %s stopped: descriptor or script error' % name
    elif step:
        head = 'upgrade of %s failed at step %s' % (name, step)
    else:
        head = 'upgrade of %s failed (exit %d)' % (name, rc)
    lines = host_facts.get('last_output') or output[-5:]
    tail = (' Last output: ' + ' | '.join(lines[-5:])) if lines else ''
    return '%s.%s Log: %s. Next: fix the cause, then `%s` (or rerun the playbook).' % (head, tail, log, nxt)


def main():
    module = AnsibleModule(
        argument_spec=dict(
            name=dict(type='str', required=True),
            force=dict(type='bool', default=False),
            executable=dict(type='path'),
        ),
        supports_check_mode=True,
    )
    name = module.params['name']
    try:
        tool = find_tool(module, module.params['executable'])
        before = summarize(read_status(module, tool, name))
    except UpgradeHookError as e:
        module.fail_json(msg=e.msg, ran=False, **e.facts)

    due = before['state'] not in NOTHING_DUE or module.params['force']
    if before['state'] == 'refused' and not module.params['force']:
        module.fail_json(msg=failure_message(name, before, EXIT_REFUSED, []), ran=False, **before)
    if not due or module.check_mode:
        module.exit_json(changed=due, ran=False, **before)

    cmd = [tool, 'run', name] + (['--force'] if module.params['force'] else [])
    rc, out, err = module.run_command(cmd, environ_update={'LANG': 'C.UTF-8'})
    output = (out + err).splitlines()
    try:
        after = summarize(read_status(module, tool, name))
    except UpgradeHookError as e:
        module.fail_json(msg='%s (after `%s` exited %d)' % (e.msg, ' '.join(cmd[1:]), rc), ran=True, rc=rc,
                         stdout_lines=output[-40:])
    if rc != EXIT_OK or after['state'] not in NOTHING_DUE:
        module.fail_json(msg=failure_message(name, after, rc, output), ran=True, rc=rc, stdout_lines=output[-40:],
                         changed=True, **after)
    ran_something = (after.get('last_run') or {}).get('id') != (before.get('last_run') or {}).get('id')
    module.exit_json(changed=ran_something or before['state'] != after['state'], ran=True, rc=rc,
                     stdout_lines=output[-40:], **after)


if __name__ == '__main__':
    main()

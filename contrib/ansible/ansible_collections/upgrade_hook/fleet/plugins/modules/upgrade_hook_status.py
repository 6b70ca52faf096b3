#!/usr/bin/python
# -*- coding: utf-8 -*-
# MIT License (see LICENSE in the upgrade-hook project)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
---
module: upgrade_hook_status
short_description: Read a product's upgrade state from upgrade-hook
version_added: "1.0.0"
description:
  - Runs C(upgrade-hook status NAME --json) on the host and returns what it says, as facts and as return values.
  - Reads only; never changes the host. Supports check mode (it runs the same read-only command).
  - Fails with a clear message when the host has no C(upgrade-hook), or the product is not installed there
    (its descriptor is missing or broken).
  - Depends only on the documented C(status --json) layout (schema 1) of upgrade-hook.
options:
  name:
    description: The product, as upgrade-hook knows it (its descriptor's name), e.g. C(acme).
    type: str
    required: true
  executable:
    description: Path of the upgrade-hook tool; found in PATH when not given.
    type: path
attributes:
  check_mode:
    support: full
  diff_mode:
    support: none
  facts:
    support: full
author:
  - upgrade-hook developers
notes:
  - The facts are set as C(ansible_facts.upgrade_hook[name]), so later tasks can test
    C(ansible_facts.upgrade_hook.acme.up_to_date).
seealso:
  - module: upgrade_hook.fleet.upgrade_hook_run
'''

EXAMPLES = r'''
- name: Read acme's upgrade state
  upgrade_hook.fleet.upgrade_hook_status:
    name: acme
  register: acme

- name: Stop when the last upgrade failed
  ansible.builtin.fail:
    msg: "step {{ acme.failed_step }} failed; next: {{ acme.next }}"
  when: acme.state == 'failed'

- name: Wait until the upgrade is done
  upgrade_hook.fleet.upgrade_hook_status:
    name: acme
  register: acme
  until: acme.up_to_date
  retries: 60
  delay: 5
'''

RETURN = r'''
state:
  description: >-
    One word: up-to-date, upgrade-needed, deferred, failed, refused, not-configured or running
    (the first line of the human C(status)).
  returned: success
  type: str
  sample: up-to-date
verdict:
  description: The same as I(state).
  returned: success
  type: str
  sample: failed
message:
  description: The decision in words.
  returned: success
  type: str
  sample: "upgrade needed: data version 1.0-1 is older than build 1.1-1"
up_to_date:
  description: True when the data version equals the build version and no marker is pending.
  returned: success
  type: bool
data_version:
  description: What the data on disk was last upgraded to; null when the product is not configured.
  returned: success
  type: str
  sample: 1.1-1
build_version:
  description: The installed build's version.
  returned: success
  type: str
  sample: 1.2-1
marker:
  description: The pending marker (state, reason, detail, since, script, lastOutput, ...), or null.
  returned: success
  type: dict
marker_reason:
  description: The marker's reason (e.g. script-failed, bridge, downgrade), or null.
  returned: success
  type: str
  sample: script-failed
failed_step:
  description: The script that failed, when the marker says failed.
  returned: success
  type: str
  sample: 3500_site_policy
last_output:
  description: The last lines the failed script printed (at most 10).
  returned: success
  type: list
  elements: str
last_run:
  description: The last upgrade run from the history (id, from, to, startedAt, endedAt, result, failedScript, reason).
  returned: success
  type: dict
next:
  description: The command an admin should run next (e.g. C(upgrade-hook run acme)), a sentence when refused, or null.
  returned: success
  type: str
  sample: upgrade-hook run acme
log_file:
  description: The product's upgrade log.
  returned: success
  type: str
  sample: /var/log/acme/upgrade.log
status:
  description: The whole C(status --json) object, as upgrade-hook printed it.
  returned: success
  type: dict
ansible_facts:
  description: C(upgrade_hook.NAME) holds every value above except I(status).
  returned: success
  type: dict
'''

from ansible.module_utils.basic import AnsibleModule
from ansible_collections.upgrade_hook.fleet.plugins.module_utils.upgrade_hook import (
    UpgradeHookError, find_tool, read_status, summarize)


def main():
    module = AnsibleModule(
        argument_spec=dict(name=dict(type='str', required=True), executable=dict(type='path')),
        supports_check_mode=True,
    )
    name = module.params['name']
    try:
        tool = find_tool(module, module.params['executable'])
        status = read_status(module, tool, name)
    except UpgradeHookError as e:
        module.fail_json(msg=e.msg, **e.facts)
    facts = summarize(status)
    module.exit_json(changed=False, status=status, ansible_facts={'upgrade_hook': {name: facts}}, **facts)


if __name__ == '__main__':
    main()

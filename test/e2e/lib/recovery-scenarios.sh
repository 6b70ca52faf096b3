#!/bin/bash
# Inside the booted container: issue 12's recovery commands from the installed RPM, as an admin types them at
# 3 a.m. One boot for all three: a dnf upgrade fails at a step the admin added, `history` shows it, `run
# --only` reruns that step by hand, `resolve` marks it done and the next start of the service finishes.
# Sourced after container-scenarios.sh (its helpers: prepare_machine, install_acme, record, show, ...).
set -uo pipefail

# until `upgrade-hook check acme` says up to date (the gate hands the online phase to the finish unit)
wait_up_to_date() {
  local i
  for i in $(seq 240); do upgrade-hook check acme >/dev/null 2>&1 && return 0; sleep 0.5; done
  return 0
}

scenario_recovery() {
  prepare_machine
  say "* install acme-server 1.0 and run its installer"
  install_acme 1.0; show before
  say "* the admin adds a check of their own (offline phase) that fails until the site data is fixed by hand"
  mkdir -p /etc/acme/upgrade.d/once
  cat >/etc/acme/upgrade.d/once/0600_site_check <<'SCRIPT'
#!/bin/sh
echo "checking site data"
[ -e /root/site-fixed ] || { echo "site table has 2 orphan rows: remove them by hand" >&2; exit 1; }
echo "site data ok"
SCRIPT
  chmod 755 /etc/acme/upgrade.d/once/0600_site_check
  say "* dnf upgrade to 1.1: the bridge runs the upgrade, which fails at 0600_site_check"
  use_repo 1.1; STORY_LINES=20 record dnf-1.1 dnf -y upgrade acme-server
  show after-failure

  say "* item 4: what happened (like dnf history / dnf history info)"
  STORY_LINES=20 record history-list upgrade-hook history acme
  STORY_LINES=20 record history-last upgrade-hook history acme last
  record history-json upgrade-hook history acme --json
  STORY_LINES=20 record status-failed upgrade-hook status acme

  say "* item 1: the step by hand, before and after the fix"
  STORY_LINES=20 record only-fails upgrade-hook run acme --only 0600_site_check
  record only-unknown upgrade-hook run acme --only 0600_site_chek
  touch /root/site-fixed
  STORY_LINES=20 record only-ok upgrade-hook run acme --only 0600_site_check
  record only-last upgrade-hook history acme last --json
  show after-only

  say "* item 3: the gate still refuses the start; resolve lets the next start continue the upgrade"
  record start-refused systemctl start acme-web.service
  record resolve-other upgrade-hook resolve acme 1000_backup_config --reason "not this one"
  STORY_LINES=20 record resolve upgrade-hook resolve acme 0600_site_check --reason "orphan rows removed by hand, ticket 4711"
  record status-resolved upgrade-hook status acme --json
  record start systemctl start acme-web.service
  wait_up_to_date; wait_app
  show after-resolve
  STORY_LINES=20 record history-final upgrade-hook history acme
  record history-final-json upgrade-hook history acme --json
  cp /var/lib/upgrade-hook/acme/history.jsonl "$R/history.jsonl" 2>/dev/null || true
  cp /var/log/acme/upgrade.log "$R/upgrade.log" 2>/dev/null || true
}

#!/bin/bash
# Inside the booted container (issue 13): acme 1.1 -> 1.2 with a failing step, rollback, the printed
# dnf downgrade, acme 1.1 on its 1.1 data again, then the fixed 1.2 upgrades cleanly (the same build: the admin
# waives preflight's rolled-back finding once the cause is fixed). One boot.
# Sourced after container-scenarios.sh (its helpers: prepare_machine, install_acme, use_repo, record, show).

scenario_backup_rollback() {
  prepare_machine
  say "* install acme-server 1.1 and run its installer"
  install_acme 1.1; show before
  say "* the admin turns backups on: /etc/upgrade-hook/products.d/acme.conf adds [backup] to the package's descriptor"
  mkdir -p /etc/upgrade-hook/products.d
  cat >/etc/upgrade-hook/products.d/acme.conf <<'CONF'
[backup]
paths = /var/lib/postgresql/15/main /var/lib/acme /etc/acme
CONF
  record plan-1.1 upgrade-hook plan acme
  say "* a step of the 1.2 upgrade changes data, then fails (an admin once-script standing for a broken 1.2 step)"
  install -m 0755 /dev/stdin /etc/acme/upgrade.d/once/3300_broken_step <<'SH'
#!/bin/bash
/usr/share/acme/libexec/acme-psql -c "DELETE FROM notes WHERE id = (SELECT min(id) FROM notes)"
echo "3300_broken_step: deleted a row, then failed" >&2
exit 1
SH
  use_repo 1.2; STORY_LINES=25 record dnf-1.2 dnf -y upgrade acme-server
  show after-failure
  upgrade-hook backup list acme --json >"$R/backups-after-failure.json" 2>&1
  say "* rollback"
  STORY_LINES=20 record rollback upgrade-hook rollback acme
  show after-rollback
  record check-after-rollback upgrade-hook check acme
  record start-refused systemctl start acme-web.service
  journal -u upgrade-hook@acme.service >"$R/gate-journal-refused.txt"
  local cmd
  cmd=$(grep -o 'now downgrade the packages: .*' "$R/rollback.out" | sed 's/^now downgrade the packages: //')
  say "* the command rollback printed: $cmd"
  use_repo 1.1; STORY_LINES=12 record downgrade $cmd -y
  record start-web systemctl start postgresql@15-main.service acme-web.service
  wait_app; show after-downgrade
  say "* the fixed 1.2 (the broken step removed); the same build was rolled back here, so the admin waives that (preflight)"
  rm -f /etc/acme/upgrade.d/once/3300_broken_step
  use_repo 1.2; STORY_LINES=8 record dnf-1.2-vetoed dnf -y upgrade acme-server
  mkdir -p /etc/upgrade-hook/waivers.d
  printf '[waiver rolled-back]\nreason = the broken step was an admin script, now removed\n' >/etc/upgrade-hook/waivers.d/acme.conf
  use_repo 1.2; STORY_LINES=25 record dnf-1.2-fixed dnf -y upgrade acme-server
  wait_app; show after-fixed
  upgrade-hook backup list acme --json >"$R/backups-final.json" 2>&1
  cp /var/log/acme/upgrade.log "$R/upgrade.log" 2>/dev/null || true
  journalctl --no-pager -o short-unix -u acme-web.service >"$R/web-journal.txt" 2>/dev/null || true
  ls -d /var/lib/postgresql/15/main.before-rollback-* /var/lib/acme.before-rollback-* >"$R/set-aside-left.txt" 2>/dev/null || true
  du -sb /var/lib/postgresql/15/main /var/lib/acme /etc/acme >"$R/data-size.txt" 2>/dev/null || true
}

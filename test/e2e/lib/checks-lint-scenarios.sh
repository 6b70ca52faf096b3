#!/bin/bash
# Inside the booted container: issue 12's checks (item 2) and lint (item 5), from the installed RPMs, as an
# admin and a packager type them. Sourced by test/e2e/checks-lint.test.ts through container.sh run.
# Mounts: /mnt/build (the staged RPMs and acme's sources in acme-src/), /mnt/lib (this folder), /mnt/results.
. /mnt/lib/container-scenarios.sh

# One boot: acme 1.2 installed and configured; an admin adds checks; then acme's spec is built with the
# installed macros (%check runs %upgrade_hook_check with the installed tool).
scenario_checks_lint() {
  prepare_machine
  say "* install acme-server 1.2 and run its installer"
  install_acme 1.2; show installed

  say "* the admin adds checks (an override of the descriptor) and an always-script that rebuilds the index"
  mkdir -p /etc/upgrade-hook/products.d /etc/acme/checks.d
  printf '[product]\nchecks = /etc/acme/checks.d\ncheck_timeout = 20\n' >/etc/upgrade-hook/products.d/acme.conf
  install -m 0755 /dev/stdin /etc/acme/checks.d/search-index <<'SH'
#!/bin/sh
[ -e /var/lib/acme/index-v2 ] && { echo "search index format 2"; exit 0; }
echo "search index has format 1; the upgrade rebuilds it"
exit 4
SH
  install -m 0755 /dev/stdin /etc/acme/checks.d/certs <<'SH'
#!/bin/sh
if [ -e /etc/acme/ca-expired ]; then
  echo "CA certificate /etc/acme/ca.pem expired: renew it with acme-ca renew"
  exit 3
fi
echo "CA certificate valid"
SH
  install -m 0755 /dev/stdin /etc/acme/upgrade.d/always/3950_reindex <<'SH'
#!/bin/sh
echo "rebuilding the search index"
touch /var/lib/acme/index-v2
SH
  record check-needs upgrade-hook check acme
  record status-needs upgrade-hook status acme
  say "* a start of acme-web: the gate runs the upgrade the check asked for"
  STORY_LINES=20 record start-needs systemctl restart upgrade-hook@acme.service acme-web.service
  wait_app; show after-needs
  record check-after upgrade-hook check acme
  [ -e /var/lib/acme/index-v2 ] && echo yes >"$R/index-rebuilt" || echo no >"$R/index-rebuilt"

  say "* the CA expires: the next start is refused with the check's message"
  touch /etc/acme/ca-expired
  systemctl stop acme-web.service
  record start-expired systemctl restart upgrade-hook@acme.service acme-web.service
  sleep 1; show after-expired
  journal -u upgrade-hook@acme.service >"$R/gate-journal-expired.txt"
  grep -E 'not starting|next:' "$R/gate-journal-expired.txt" | tail -n 2 | sed -E 's/^\[ *[0-9.]+\] [^ ]+ /    | journal: /'
  record check-expired upgrade-hook check acme
  record status-expired upgrade-hook status acme --json
  say "* the admin renews the CA: the start goes through"
  rm -f /etc/acme/ca-expired
  record start-fixed systemctl restart upgrade-hook@acme.service acme-web.service
  wait_app; show after-fixed
  cp /var/lib/upgrade-hook/acme/history.jsonl "$R/history.jsonl" 2>/dev/null || true

  say "* the packager: lint the installed system, then build acme's spec with %upgrade_hook_check"
  rm -f /etc/upgrade-hook/products.d/acme.conf
  record lint-installed upgrade-hook lint --root / acme postgresql@15-main.service
  local src=/root/acme-src top=/root/rpmbuild
  rm -rf "$src" "$top"; cp -a /mnt/build/acme-src "$src"
  rpmbuild_acme() { rpmbuild --define "_topdir $top" --define "_sourcedir $src" --define 'acme_version 1.2' -bb "$src/acme-server.spec"; }
  STORY_LINES=3 record rpmbuild-clean rpmbuild_acme
  grep -E 'upgrade-hook lint|lint of' "$R/rpmbuild-clean.out" | sed 's/^/    | %check: /'
  ls "$top/RPMS/noarch" >"$R/rpms-clean.txt" 2>/dev/null || true
  rm -rf "$top"
  say "* a planted mistake: a script shipped without its executable bit"
  chmod 0644 "$src/versions/1.2/upgrade.d/once/3200_index_contact"
  STORY_LINES=4 record rpmbuild-planted rpmbuild_acme
  grep -E '^error:' "$R/rpmbuild-planted.out" | sed 's/^/    | %check: /'
  ls "$top/RPMS/noarch" >"$R/rpms-planted.txt" 2>/dev/null || : >"$R/rpms-planted.txt"
}

#!/bin/bash
# Inside the booted (or chrooted) container: the steps of issue 5's systemd scenarios, as an admin types them.
# Sourced by `container.sh run -- bash -c '. /mnt/lib/container-scenarios.sh; scenario_NAME'`.
# Mounts: /mnt/build (the project's build/, read-only), /mnt/lib (this folder, read-only), /mnt/results (rw).
# Each scenario leaves snapshots (/mnt/results/NAME.json, see container-snapshot.cjs), command outputs and
# journal excerpts in /mnt/results, and prints a readable story on stdout.
set -uo pipefail
R=/mnt/results
ACME=/mnt/build/acme

say() { printf '%s\n' "$*"; }
# run CMD, keep its output and exit code in $R/NAME.{out,rc}, echo them indented into the story
record() {
  local name=$1; shift
  local rc=0
  "$@" >"$R/$name.out" 2>&1 </dev/null || rc=$?
  echo "$rc" >"$R/$name.rc"
  say "  \$ $*    (exit $rc)"
  # the story leaves out dnf's tables and progress (the whole output is in $R/NAME.out)
  grep -v -E '^ *$|^ *(Verifying|Preparing|Running (transaction|scriptlet)|Transaction|Dependencies resolved|Last metadata|Downloading|Package |Total|Install |Upgrade |Downgrade |Is this ok|Cleanup|Installed:|Upgraded:|Downgraded:|Complete!|Nothing to do|acme [0-9.]+ .*B/s)|^=+$|^-+$|^ *(Installing|Upgrading|Downgrading) *:|^ *[a-z0-9-]+ +noarch +|Installed size|^ *[a-z0-9-]+-[0-9][^ ]*\.noarch *$' "$R/$name.out" |
    sed 's/^/    | /' | tail -n "${STORY_LINES:-12}"
  return 0
}
snapshot() { node /mnt/lib/container-snapshot.cjs >"$R/$1.json" 2>"$R/$1.err" || true; }
journal() { journalctl --no-pager -o short-monotonic "$@" 2>/dev/null; }

use_repo() {
  cat >/etc/yum.repos.d/acme.repo <<REPO
[acme]
name=acme $1
baseurl=file://$ACME/repo-$1
gpgcheck=0
REPO
}

# The machine as an admin would set it up: dnf knows the release and the acme repository.
prepare_machine() {
  mkdir -p /etc/dnf/vars /etc/yum.repos.d
  echo 12 >/etc/dnf/vars/releasever
  local tool plugin
  tool=$(find /mnt/build/rpm -name 'upgrade-hook-[0-9]*.noarch.rpm' 2>/dev/null | sort -V | tail -n1)
  plugin=$(find /mnt/build/rpm -name 'python3-dnf-plugin-upgrade-hook-[0-9]*.noarch.rpm' 2>/dev/null | sort -V | tail -n1)
  [[ -n $tool && -n $plugin ]] || { say "no upgrade-hook RPMs under build/rpm (run: npm run rpm)"; exit 1; }
  say "* install upgrade-hook $(rpm -qp --qf '%{VERSION}-%{RELEASE}' "$tool" 2>/dev/null) and its dnf plugin"
  record install-tool dnf -y install "$ACME/RPMS/noarch/debian-host-provides-12-1.noarch.rpm" "$tool" "$plugin"
}

install_acme() { # VERSION
  use_repo "$1"
  record install-acme dnf -y install acme-server
  STORY_LINES=4 record setup acme-setup --admin-email ops@acme.example
  wait_app
}

# acme-web is a plain (Type=simple) unit: its start returns before node listens, which takes a second or
# more on a busy machine. Snapshots that say "the app answers" wait for it (at most 30 s).
wait_app() {
  local i
  for i in $(seq 300); do /usr/share/acme/libexec/acme-http-get http://127.0.0.1:8417/health >/dev/null 2>&1 && return 0; sleep 0.1; done
  return 0
}

show() { # LABEL: a one-line summary of a snapshot
  snapshot "$1"
  node -e '
    const s = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
    const st = (s.state || "").match(/data_version = (.*)/);
    const app = s.app.body ? `app ${s.app.body.version} answers (${s.app.body.notes.length} notes, columns ${s.app.body.columns})` : "app does not answer";
    console.log(`  [${process.argv[2]}] package ${s.package}, data ${st ? st[1] : "-"}, marker ${s.marker ? s.marker.state + " (" + s.marker.reason + ")" : "none"}, ` +
      `table notes(${s.columns ?? "?"}) ${s.rows ?? "?"} rows, ${app}, acme-web ${s.units["acme-web.service"]}`);
  ' "$R/$1.json" "$1" || true
}

upgrade_log() { # the script lines of upgrade-hook's log file, readable
  [[ -f /var/log/acme/upgrade.log ]] || return 0
  node -e '
    for (const l of require("fs").readFileSync("/var/log/acme/upgrade.log", "utf8").split("\n")) {
      try { const j = JSON.parse(l); if (j.msg) console.log("    " + j.msg); } catch {}
    }' | tail -n "${1:-30}"
}

# 1. dnf with the dnf4 plugin: %posttrans defers to the bridge; the plugin runs the upgrade after the transaction.
scenario_dnf_bridge() {
  prepare_machine
  say "* install acme-server 1.0 and run its installer"
  install_acme 1.0; show before
  say "* dnf upgrade to 1.1 (the upgrade-hook dnf plugin is on)"
  use_repo 1.1; STORY_LINES=20 record dnf-1.1 dnf -y upgrade acme-server
  cp /var/log/dnf.rpm.log "$R/dnf.rpm.log" 2>/dev/null || true
  show after-1.1
  say "* dnf upgrade to 1.2 (always-scripts, a restart request, a cleanup script)"
  use_repo 1.2; STORY_LINES=20 record dnf-1.2 dnf -y upgrade acme-server
  show after-1.2
  record history-plan upgrade-hook plan acme
  upgrade_log 40 >"$R/upgrade-log.txt"; cp /var/log/acme/upgrade.log "$R/upgrade.log" 2>/dev/null || true
}

# 2. plain rpm -U: no bridge, the upgrade runs inside %posttrans (systemd is PID 1).
scenario_rpm_posttrans() {
  prepare_machine
  say "* install acme-server 1.0 and run its installer"
  install_acme 1.0; show before
  say "* rpm -U acme-server-1.1 (no dnf, no bridge: %posttrans runs the upgrade itself)"
  STORY_LINES=20 record rpm-1.1 rpm -U --force-debian "$ACME/RPMS/noarch/acme-server-1.1-1.noarch.rpm"
  show after-1.1
  cp /var/log/acme/upgrade.log "$R/upgrade.log" 2>/dev/null || true
}

# 3a. (booted) install 1.0 and configure it: the "base image".
scenario_image_base() {
  prepare_machine
  say "* base image: acme-server 1.0 installed and configured"
  install_acme 1.0; show base
}
# 3b. (chroot, no systemd) the image build upgrades the package: the data upgrade must be deferred.
scenario_image_build() {
  mkdir -p /etc/dnf/vars; echo 12 >/etc/dnf/vars/releasever
  say "* image build: dnf upgrade to 1.1 inside a chroot (no systemd, nothing may run)"
  use_repo 1.1; STORY_LINES=20 record build-dnf dnf -y upgrade acme-server
  cat /var/lib/upgrade-hook/acme/marker >"$R/build-marker.json" 2>/dev/null || echo null >"$R/build-marker.json"
  cp /var/lib/acme/sysupgrade/sysupgrade.state "$R/build-state.txt" 2>/dev/null || true
  cp /var/lib/upgrade-hook/acme/history.jsonl "$R/build-history.jsonl" 2>/dev/null || : >"$R/build-history.jsonl"
  ls /var/lib/acme/backup >"$R/build-backups.txt" 2>/dev/null || true
  say "  marker: $(node -e 'const m = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")); console.log(m ? `${m.state} (${m.reason}): ${m.detail}` : "none")' "$R/build-marker.json")"
}
# 3c. (booted from the built tree) the gate runs the upgrade before acme-web starts.
scenario_image_boot() {
  say "* first boot of the built image: upgrade-hook@acme.service runs the deferred upgrade"
  systemctl is-active --quiet acme-web.service || sleep 2
  show first-boot
  journal -u upgrade-hook@acme.service >"$R/gate-journal.txt"
  journal -u acme-web.service >"$R/web-journal.txt"
  say "  this boot's journal of the gate and acme-web:"
  journalctl --no-pager -b -o short-monotonic -u upgrade-hook@acme.service -u acme-web.service >"$R/boot-journal.txt" 2>/dev/null
  grep -v -e pam_unix -e '^-- ' "$R/boot-journal.txt" | sed -E 's/^\[ *([0-9.]+)\] [^ ]+ /[\1] /; s/^/    | /' | tail -n 25
}

# 3d. (chroot, no systemd, after 3b) a host without systemd as PID 1: the admin override gives start/stop
# commands (pg_ctlcluster, acme-web-ctl) and `upgrade-hook run acme` does the deferred upgrade.
scenario_nosystemd_run() {
  say "* no systemd: the admin installs the start/stop override and runs the deferred upgrade by hand"
  cp /usr/share/acme/examples/acme-nosystemd.conf /etc/upgrade-hook/products.d/acme.conf
  STORY_LINES=20 record nosystemd-run upgrade-hook run acme
  show nosystemd
  /usr/share/acme/libexec/acme-web-ctl stop; pg_ctlcluster 15 main stop >/dev/null 2>&1 || true
}

# 4. a failing once-script: dnf exits 0, the marker says failed, acme-web refuses old data; fix, rerun, resume.
scenario_failure() {
  prepare_machine
  install_acme 1.0; show before
  say "* the admin's own once-script fails (site policy not met)"
  install -m 0755 /dev/stdin /etc/acme/upgrade.d/once/3500_site_policy <<'SH'
#!/bin/bash
# site policy: upgrades need an approval file
[[ -f /etc/acme/upgrade-approved ]] || { echo "site policy: /etc/acme/upgrade-approved is missing" >&2; exit 3; }
echo "site policy: approved"
SH
  use_repo 1.1; STORY_LINES=20 record dnf-1.1 dnf -y upgrade acme-server
  show after-failure
  say "* an admin (or a reboot) starts acme-web"
  record start-web systemctl restart acme-web.service
  sleep 1; show after-start
  journal -u upgrade-hook@acme.service >"$R/gate-journal.txt"
  journal -u acme-web.service >"$R/web-journal.txt"
  record status upgrade-hook status acme
  say "* fix: approve, then rerun"
  touch /etc/acme/upgrade-approved
  STORY_LINES=20 record rerun upgrade-hook run acme
  show after-rerun
  record start-web-again systemctl start acme-web.service
  show final
  cp /var/lib/upgrade-hook/acme/history.jsonl "$R/history.jsonl" 2>/dev/null || true
}

# 5. downgrade and platform change are refused at start, with their reason.
scenario_refusals() {
  prepare_machine
  say "* fresh install of 1.1 (schema delta applied by the installer)"
  install_acme 1.1; show fresh
  say "* dnf downgrade to 1.0: vetoed by preflight before anything is installed (issue 23)"
  use_repo 1.0; record downgrade-dnf dnf -y downgrade acme-server
  show after-dnf-downgrade
  say "* rpm -U --oldpackage (no dnf, no preflight): installed, then refused at start"
  record downgrade rpm -U --oldpackage "$ACME/repo-1.0/acme-server-1.0-1.noarch.rpm"
  show after-downgrade
  record check-downgrade upgrade-hook check acme
  record restart-downgrade systemctl restart acme-web.service
  show downgrade-start
  record gate-downgrade systemctl restart upgrade-hook@acme.service
  journal -u upgrade-hook@acme.service >"$R/gate-journal-downgrade.txt"
  say "* back to 1.1, then the data is said to come from another platform"
  use_repo 1.1; record reupgrade dnf -y upgrade acme-server
  sed -i 's/^platform = .*/platform = el9/' /var/lib/acme/sysupgrade/sysupgrade.state
  record check-platform upgrade-hook check acme
  record restart-platform systemctl restart upgrade-hook@acme.service acme-web.service
  show platform-start
  journal -u upgrade-hook@acme.service >"$R/gate-journal-platform.txt"
}

#!/bin/bash
# Inside the booted container: the flows of the shapes test (test/e2e/shapes.test.ts) on the shp test product
# (test/e2e/shapes/), as an admin and a package manager run them. Sourced by
# `container.sh run --upper DIR -- bash -c '. /mnt/lib/shapes-scenarios.sh; shapes_boot1'`; the same upper
# dir then boots again for shapes_boot2 (a real reboot in between).
# Mounts: /mnt/build (rpm/: upgrade-hook's RPMs, acme/: host provides, shp/: this product), /mnt/lib, /mnt/results.
# Left in /mnt/results: NAME.out and NAME.rc of every command, snap-LABEL.json, the product's logs; the story
# goes to stdout. Every command that may wait is bounded.
set -uo pipefail
R=/mnt/results
SHP=/mnt/build/shp
UNITS=(shp-db.service shp-app.socket shp-app.service shp-tasks@1.service shp-import.path shp-import.service
  shp-report.timer upgrade-hook@shp.service upgrade-hook-finish@shp.service)

say() { printf '%s\n' "$*"; }

# cmd [--timeout SEC] NAME -- CMD...: runs CMD bounded, keeps its output in NAME.out and its status in NAME.rc
cmd() {
  local timeout=60
  [[ $1 == --timeout ]] && { timeout=$2; shift 2; }
  local name=$1; shift; [[ $1 == -- ]] && shift
  local rc=0 t0=$SECONDS
  timeout --kill-after=5 "$timeout" "$@" >"$R/$name.out" 2>&1 </dev/null || rc=$?
  echo "$rc" >"$R/$name.rc"
  say "  \$ $*    (exit $rc, $((SECONDS - t0)) s)"
  grep -v -E '^ *$|^(Verifying|Preparing|Running|Transaction|Dependencies|Last metadata|Package|Total|Install|Upgrade|Is this|Complete|=+$|-+$)' \
    "$R/$name.out" | cut -c1-200 | sed 's/^/    | /' | tail -n "${STORY_LINES:-8}"
  return 0
}

# snap LABEL: the product's state now, as JSON in snap-LABEL.json
snap() {
  python3 - "$1" "${UNITS[@]}" >"$R/snap-$1.json" <<'PY'
import json, subprocess, sys
label, units = sys.argv[1], sys.argv[2:]
def read(p):
    try:
        return open(p).read().strip()
    except OSError:
        return None
def show(u):
    out = subprocess.run(['systemctl', 'show', '-p', 'ActiveState,SubState,Result', u], capture_output=True, text=True).stdout
    return dict(l.split('=', 1) for l in out.split('\n') if '=' in l)
state = read('/var/lib/shp/sysupgrade.state') or ''
marker = read('/var/lib/upgrade-hook/shp/marker')
print(json.dumps({
    'label': label,
    'package': subprocess.run(['rpm', '-q', '--qf', '%{VERSION}-%{RELEASE}', 'shp'], capture_output=True, text=True).stdout,
    'dataVersion': next((l.split('=', 1)[1].strip() for l in state.split('\n') if l.startswith('data_version')), None),
    'format': read('/var/lib/shp/format'),
    'marker': json.loads(marker) if marker else None,
    'stoppedUnits': read('/var/lib/upgrade-hook/shp/stopped-units'),
    'units': {u: show(u) for u in units},
    'failed': [l.split()[0] for l in subprocess.run(['systemctl', 'list-units', '--failed', '--plain', '--no-legend', '--no-pager'], capture_output=True, text=True).stdout.split('\n') if l.strip()],
    'inbox': sorted(__import__('os').listdir('/var/lib/shp/inbox')) if __import__('os').path.isdir('/var/lib/shp/inbox') else None,
}, indent=1))
PY
  say "  [$1] $(python3 -c 'import json,sys; s=json.load(open(sys.argv[1])); print("data", s["dataVersion"], "marker", (s["marker"] or {}).get("state"), "| down:", " ".join(u for u, v in s["units"].items() if v.get("ActiveState") != "active" and not u.startswith("upgrade-hook")) or "-")' "$R/snap-$1.json")"
}

# wait (at most SEC seconds) until systemd has no job queued
settle() { local end=$((SECONDS + ${1:-20})); while ((SECONDS < end)) && [[ -n $(systemctl list-jobs --no-legend --no-pager) ]]; do sleep 0.2; done; }
# wait_active UNIT SEC [STATE]: until UNIT is active (or STATE: a oneshot runs as "activating")
wait_active() { local end=$((SECONDS + $2)); until [[ $(systemctl is-active "$1") == "${3:-active}" ]] || ((SECONDS >= end)); do sleep 0.1; done; }
use_repo() {
  mkdir -p /etc/yum.repos.d
  printf '[shp]\nname=shp %s\nbaseurl=file://%s/repo-%s\ngpgcheck=0\n' "$1" "$SHP" "$1" >/etc/yum.repos.d/shp.repo
}
dropin() { # UNIT NAME TEXT: an admin's drop-in, then daemon-reload
  mkdir -p "/etc/systemd/system/$1.d"; printf '%s\n' "$3" >"/etc/systemd/system/$1.d/$2.conf"; systemctl daemon-reload
}
undrop() { rm -f "/etc/systemd/system/$1.d/$2.conf"; systemctl daemon-reload; }
# the admin puts the product back up before the next flow (not judged)
repair() {
  systemctl reset-failed
  upgrade-hook check shp >/dev/null 2>&1 || cmd --timeout 90 "repair-$1" -- upgrade-hook run shp
  # what an admin had to do before issue 21 when a rerun kept failing: forget the units to restore
  if ! upgrade-hook check shp >/dev/null 2>&1; then
    rm -f /var/lib/upgrade-hook/shp/stopped-units
    cmd --timeout 90 "repair-$1-again" -- upgrade-hook run shp
  fi
  systemctl start shp.target shp-db.service shp-app.socket shp-app.service shp-tasks@1.service shp-import.path shp-report.timer
  settle 20
}

save_files() {
  cp /var/lib/shp/starts.log /var/lib/shp/steps.log /var/lib/shp/imports.log "$R/" 2>/dev/null
  cp /var/log/shp/upgrade.log "$R/upgrade.log" 2>/dev/null
  journalctl -b --no-pager -o short-monotonic -u 'shp*' -u 'upgrade-hook*' >"$R/journal-$1.txt" 2>/dev/null
}

shapes_boot1() {
  say "== install upgrade-hook and shp 1.0; setup; start the units"
  mkdir -p /etc/dnf/vars; echo 12 >/etc/dnf/vars/releasever
  local tool
  tool=$(find /mnt/build/rpm -name 'upgrade-hook-[0-9]*.noarch.rpm' | sort -V | tail -n1)
  cmd --timeout 120 install-tools -- dnf -y install /mnt/build/acme/RPMS/noarch/debian-host-provides-12-1.noarch.rpm "$tool"
  use_repo 1.0
  cmd --timeout 120 install-1.0 -- dnf -y install shp
  cmd setup -- shp-setup
  cmd start -- systemctl start shp.target shp-db.service shp-app.socket shp-app.service shp-tasks@1.service shp-import.path shp-report.timer
  settle 20; snap installed

  say ""; say "== item 3: a file lands in the inbox, the path unit starts the import job; rpm -U 1.1 while it runs"
  touch /var/lib/shp/inbox/batch-1
  wait_active shp-import.service 10 activating
  say "  (shp-import.service is $(systemctl is-active shp-import.service))"
  snap before-3
  STORY_LINES=12 cmd --timeout 120 rpm-1.1 -- rpm -U --force-debian "$SHP/RPMS/noarch/shp-1.1-1.noarch.rpm"
  settle 20
  # the import the path unit starts again takes 5 s: let it run to its end
  local end=$((SECONDS + 15)); while ((SECONDS < end)) && [[ -n $(ls /var/lib/shp/inbox) ]]; do sleep 0.2; done
  snap after-3
  cmd status-3 -- upgrade-hook status shp
  repair 3

  say ""; say "== item 6: a task worker with RefuseManualStop=yes (an admin's drop-in); shp.target only Wants= its units"
  dropin shp-tasks@.service refuse '[Unit]
RefuseManualStop=yes'
  STORY_LINES=30 cmd plan-6 -- upgrade-hook plan shp
  cmd status-6 -- upgrade-hook status shp
  snap before-6
  STORY_LINES=12 cmd --timeout 120 rpm-1.2 -- rpm -U --force-debian "$SHP/RPMS/noarch/shp-1.2-1.noarch.rpm"
  settle 20; snap after-6
  say "  * the admin restarts the app: the gate refuses, naming the worker"
  cmd gate-6 -- systemctl restart shp-app.service
  journalctl -b --no-pager -o cat -u upgrade-hook@shp.service | tail -n 20 >"$R/gate-6.journal"
  say "  * the admin removes the drop-in and reruns"
  undrop shp-tasks@.service refuse
  cmd --timeout 120 rerun-6 -- upgrade-hook run shp
  settle 20; snap fixed-6
  repair 6

  say ""; say "== item 8: the database behind the gate (a packager's drop-in)"
  dropin shp-db.service gate '[Unit]
Requires=upgrade-hook@shp.service
After=upgrade-hook@shp.service'
  STORY_LINES=30 cmd plan-8 -- upgrade-hook plan shp
  snap before-8
  STORY_LINES=12 cmd --timeout 120 rpm-1.3 -- rpm -U --force-debian "$SHP/RPMS/noarch/shp-1.3-1.noarch.rpm"
  settle 30; snap after-8
  cmd status-8 -- upgrade-hook status shp
  say "  * the admin restarts the database: the gate refuses, naming it"
  cmd gate-8 -- systemctl restart shp-db.service
  journalctl -b --no-pager -o cat -u upgrade-hook@shp.service | tail -n 20 >"$R/gate-8.journal"
  undrop shp-db.service gate
  systemctl cancel 2>/dev/null
  repair 8
  snap fixed-8

  say ""; say "== item 7: SYSTEMD_OFFLINE=1 dnf upgrade to 1.4 (an image build), then a real reboot"
  use_repo 1.4
  STORY_LINES=12 cmd --timeout 120 dnf-1.4-offline -- env SYSTEMD_OFFLINE=1 dnf -y upgrade shp
  snap deferred-7
  say "  (powering off; the same tree boots again)"
  save_files boot1
}

shapes_boot2() {
  say "== item 7 (continued): booted again; the gate runs the deferred upgrade, the finish unit the rest"
  wait_active shp-app.service 60
  settle 60
  # the finish unit may still be running its online scripts
  local end=$((SECONDS + 30))
  while ((SECONDS < end)) && [[ $(systemctl is-active upgrade-hook-finish@shp.service) == activating ]]; do sleep 0.2; done
  settle 20
  snap after-7
  cmd status-7 -- upgrade-hook status shp
  cmd --timeout 30 poke-7 -- python3 -c 'import socket; s=socket.create_connection(("127.0.0.1", 17442), 5); print(s.recv(100).decode().strip().split("\n")[-1])'
  save_files boot2
}

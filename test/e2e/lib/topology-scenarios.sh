#!/bin/bash
# Inside the booted container: the flows of the topology test (test/e2e/topology.test.ts), as an admin and
# a package manager run them, on the topo test product (test/e2e/topology/: storage, a notify database,
# an app bound to it, a socket-activated api, workers, a sidekick, Fedora's systemd triggers).
# Sourced by `container.sh run --upper DIR -- bash -c '. /mnt/lib/topology-scenarios.sh; topo_boot1'`, then
# the same upper dir is booted again for topo_boot2 (a real reboot in between).
# Mounts: /mnt/build (the stage: rpm/ upgrade-hook's RPMs, acme/ host provides, topo/ this product),
# /mnt/lib (this folder, read-only), /mnt/results (rw).
# Left in /mnt/results: commands.jsonl (every command: flow, name, exit code, time, kind), NAME.out,
# snap-LABEL.json (tools/topo-snapshot), the product's evidence.jsonl / starts.jsonl / pokes.jsonl,
# upgrade-hook's history and log, journals; the story goes to stdout. Every command that may wait is bounded.
set -uo pipefail
R=/mnt/results
TOPO=/mnt/build/topo
SNAP=$TOPO/tools/topo-snapshot
UNITS=(topo-storage.service topo-db.service topo-app.service topo-api.socket topo-api.service
  topo-worker@1.service topo-worker@2.service topo-sidekick@1.service)
FLOW=0

say() { printf '%s\n' "$*"; }
now_ms() { local t=${EPOCHREALTIME/[.,]/}; echo $((t / 1000)); }
secs() { printf '%d.%d' $(($1 / 1000)) $(($1 % 1000 / 100)); } # MS -> seconds, one decimal

# cmd [--may-fail|--repair|--info] [--timeout SEC] NAME -- CMD...
#   runs CMD (stdin /dev/null, bounded), keeps its output in $R/NAME.out, appends a record to commands.jsonl.
#   Kinds: admin (default: must exit 0), may-fail (expected to fail), repair (the harness puts the machine
#   back in shape between flows), info (a query whose exit status is not the point).
cmd() {
  local kind=admin timeout=60
  while [[ $1 == --* ]]; do
    case $1 in
      --may-fail) kind=may-fail ;; --repair) kind=repair ;; --info) kind=info ;;
      --timeout) timeout=$2; shift ;;
    esac
    shift
  done
  local name=$1; shift; [[ $1 == -- ]] && shift
  local rc=0 t0 ms
  t0=$(now_ms)
  timeout --kill-after=5 "$timeout" "$@" >"$R/$name.out" 2>&1 </dev/null || rc=$?
  ms=$(($(now_ms) - t0))
  python3 -c 'import json, sys
flow, name, kind, rc, ms, t0, *c = sys.argv[1:]
with open("/mnt/results/commands.jsonl", "a") as f:
    f.write(json.dumps({"flow": int(flow), "name": name, "kind": kind, "rc": int(rc), "ms": int(ms), "t": int(t0) / 1000, "cmd": " ".join(c)}) + "\n")' \
    "$FLOW" "$name" "$kind" "$rc" "$ms" "$t0" "$@"
  local note=""; [[ $kind != admin ]] && note=", $kind"
  say "  \$ $*    (exit $rc, $(secs "$ms") s$note)"
  # the story leaves out dnf's tables and progress (the whole output is in $R/NAME.out)
  grep -v -E '^ *$|^ *(Verifying|Preparing|Running (transaction|scriptlet)|Transaction|Dependencies resolved|Last metadata|Downloading|Package |Total|Install |Upgrade |Is this ok|Cleanup|Installed:|Upgraded:|Complete!|Nothing to do|topo [0-9.]+ .*B/s)|^=+$|^-+$|^ *(Installing|Upgrading) *:|^ *[a-z0-9-]+ +noarch +|Installed size|^ *[a-z0-9-]+-[0-9][^ ]*\.noarch *$' "$R/$name.out" |
    cut -c1-220 | sed 's/^/    | /' | tail -n "${STORY_LINES:-10}"
  return 0
}

# snap LABEL: the snapshot in $R/snap-LABEL.json, and its summary in the story
snap() {
  timeout 60 "$SNAP" "$1" "$R/snap-$1.json" 2>"$R/snap-$1.err" || say "  [$1] (no snapshot: $(head -c 300 "$R/snap-$1.err"))"
  [[ -s $R/snap-$1.err ]] || rm -f "$R/snap-$1.err"
}

all_active() { local u; for u in "${UNITS[@]}"; do [[ $(systemctl is-active "$u") == active ]] || return 1; done; }
inactive_units() { local u; for u in "${UNITS[@]}"; do [[ $(systemctl is-active "$u") == active ]] || echo "$u"; done; }
no_jobs() { [[ -z $(systemctl list-jobs --no-legend --no-pager 2>/dev/null) ]]; }
# nothing will change by itself: no job queued, no unit of topo starting, stopping or waiting to restart
quiet() { no_jobs && ! systemctl is-active "${UNITS[@]}" | grep -qE 'activating|deactivating|reloading'; }
# settle LABEL: wait (at most 15 s) until every topo unit is active, or until systemd has been quiet for
# half a second (then nothing more comes up by itself); a client request activates topo-api.service if
# the data is up to date and only the socket listens; then snap
settle() {
  local t0 end quiet_since=0
  t0=$(now_ms); end=$((t0 + 15000))
  while (($(now_ms) < end)) && ! { no_jobs && all_active; }; do
    if quiet; then
      ((quiet_since)) || quiet_since=$(now_ms)
      (($(now_ms) - quiet_since >= 500)) && break
    else
      quiet_since=0
    fi
    sleep 0.1
  done
  # topo-api.service is socket-activated: with the data up to date, a client's first request starts it
  if [[ $(systemctl is-active topo-api.service) != active && $(systemctl is-active topo-api.socket) == active ]] &&
    upgrade-hook check topo >/dev/null 2>&1; then
    /usr/share/topo/libexec/topo-poke 3 "settle-$1" --until-answer || true
  fi
  say "  (settled in $(secs $(($(now_ms) - t0))) s: jobs: $(systemctl list-jobs --no-legend --no-pager | wc -l), active: $(systemctl is-active "${UNITS[@]}" | grep -cx active)/${#UNITS[@]})"
  snap "$1"
}

# A client poking topo-api's socket every 100 ms while an upgrade runs (bounded: it stops itself).
# TOPO_NO_CLIENT=1 (UPGRADE_HOOK_TOPOLOGY_NO_CLIENT=1 for the test) leaves it out, to tell its effects apart.
POKER=
poke_start() {
  [[ ${TOPO_NO_CLIENT:-} == 1 ]] && { say "  (no client on the api socket: TOPO_NO_CLIENT=1)"; return 0; }
  /usr/share/topo/libexec/topo-poke 120 "$1" & POKER=$!
}
poke_stop() { [[ -n $POKER ]] && { kill "$POKER" 2>/dev/null; wait "$POKER" 2>/dev/null; }; POKER=; }

use_repo() {
  mkdir -p /etc/yum.repos.d
  printf '[topo]\nname=topo %s\nbaseurl=file://%s/repo-%s\ngpgcheck=0\n' "$1" "$TOPO" "$1" >/etc/yum.repos.d/topo.repo
}

# Between flows: the machine as the admin keeps it (every topo unit up, the api activated once, no failed
# unit, no pending upgrade), so that each flow starts from the same place whatever the previous one left.
# The repairs are what an admin would do; they are recorded (kind repair), not judged. Then "before".
before_flow() { # FLOW TITLE
  FLOW=$1
  say ""; say "== flow $1: $2"
  local end=$(($(now_ms) + 10000))
  until no_jobs; do (($(now_ms) < end)) || break; sleep 0.1; done
  no_jobs || cmd --repair "repair-$1-cancel" -- systemctl cancel
  [[ -z $(systemctl list-units --failed --plain --no-legend --no-pager) ]] || cmd --repair "repair-$1-reset" -- systemctl reset-failed
  local check=0
  upgrade-hook check topo >/dev/null 2>&1 || check=$?
  if ((check != 0 && check != 6)); then
    [[ $(systemctl is-active topo-api.socket) == active ]] || cmd --repair "repair-$1-socket" -- systemctl start topo-api.socket
    cmd --repair --timeout 120 "repair-$1-run" -- upgrade-hook run topo
  fi
  if ! all_active || [[ -n $(systemctl list-units --failed --plain --no-legend --no-pager) ]]; then
    cmd --repair "repair-$1-reset-again" -- systemctl reset-failed
    # shellcheck disable=SC2046 # unit names
    cmd --repair "repair-$1-start" -- systemctl start topo.target $(inactive_units)
  fi
  # socket activation: topo-api.service is up too
  /usr/share/topo/libexec/topo-poke 5 "before-$1" --until-answer || say "  (topo-api does not answer)"
  settle "before-$1"
}

save_files() {
  cp /var/lib/topo/evidence.jsonl /var/lib/topo/starts.jsonl /var/lib/topo/pokes.jsonl "$R/" 2>/dev/null
  cp /var/lib/upgrade-hook/topo/history.jsonl "$R/history.jsonl" 2>/dev/null
  cp /var/log/topo/upgrade.log "$R/upgrade.log" 2>/dev/null
  cp /var/log/dnf.rpm.log "$R/dnf.rpm.log" 2>/dev/null
  journalctl -b --no-pager -o short-monotonic -u 'topo*' -u 'upgrade-hook@*' >"$R/journal-$1.txt" 2>/dev/null
  journalctl -b --no-pager -o short-monotonic >"$R/journal-all-$1.txt" 2>/dev/null
}

# Boot 1: flows 1-4, and the image-like deferral of flow 5 (then container.sh powers the container off).
topo_boot1() {
  FLOW=1; say "== flow 1: install upgrade-hook, Fedora's systemd triggers and topo 1.0; setup; start topo.target"
  mkdir -p /etc/dnf/vars; echo 12 >/etc/dnf/vars/releasever
  local tool plugin
  tool=$(find /mnt/build/rpm -name 'upgrade-hook-[0-9]*.noarch.rpm' | sort -V | tail -n1)
  plugin=$(find /mnt/build/rpm -name 'python3-dnf-plugin-upgrade-hook-[0-9]*.noarch.rpm' | sort -V | tail -n1)
  cmd install-tools -- dnf -y install /mnt/build/acme/RPMS/noarch/debian-host-provides-12-1.noarch.rpm "$tool" "$plugin" \
    "$TOPO/RPMS/noarch/systemd-rpm-triggers-252-1.noarch.rpm"
  use_repo 1.0
  cmd install-1.0 -- dnf -y install topo
  cmd setup -- topo-setup
  cmd start-target -- systemctl start topo.target
  /usr/share/topo/libexec/topo-poke 5 after-1 --until-answer || say "  (topo-api does not answer)"
  settle after-1

  before_flow 2 "dnf upgrade to 1.1 (dnf4 plugin on; 1.0's %postun marks the units for restart)"
  poke_start flow2; use_repo 1.1
  STORY_LINES=16 cmd --timeout 120 dnf-1.1 -- dnf -y upgrade topo
  poke_stop; settle after-2

  before_flow 3 "rpm -U to 1.2 (no dnf: %posttrans runs the upgrade; 1.1's %postun marks the units)"
  poke_start flow3
  STORY_LINES=16 cmd --timeout 120 rpm-1.2 -- rpm -U --force-debian "$TOPO/RPMS/noarch/topo-1.2-1.noarch.rpm"
  poke_stop; settle after-3

  before_flow 4 "SYSTEMD_OFFLINE=1 rpm -U to 1.3 (deferred), then systemctl restart topo.target"
  STORY_LINES=16 cmd --timeout 120 rpm-1.3-offline -- env SYSTEMD_OFFLINE=1 rpm -U --force-debian "$TOPO/RPMS/noarch/topo-1.3-1.noarch.rpm"
  snap deferred-4
  STORY_LINES=30 cmd --info plan-4 -- upgrade-hook plan topo
  poke_start flow4
  STORY_LINES=16 cmd restart-target-4 -- systemctl restart topo.target
  poke_stop; settle after-4

  before_flow 5 "image-like deferral: SYSTEMD_OFFLINE=1 dnf upgrade to 1.4, then a real reboot"
  use_repo 1.4
  STORY_LINES=16 cmd --timeout 120 dnf-1.4-offline -- env SYSTEMD_OFFLINE=1 dnf -y upgrade topo
  snap deferred-5
  say "  (powering off; the same tree boots again)"
  save_files boot1
}

# Boot 2 (same tree): the gate ran the deferred upgrade at boot; then flows 6-8.
topo_boot2() {
  FLOW=5; say ""; say "== flow 5 (continued): booted again; the gate runs the deferred upgrade"
  settle after-5
  journalctl -b --no-pager -o short-monotonic -u upgrade-hook@topo.service -u topo-storage.service -u topo-db.service -u topo-app.service 2>/dev/null |
    grep -v -e '^-- ' | sed -E 's/^\[ *([0-9.]+)\] [^ ]+ /[\1] /' | cut -c1-200 >"$R/boot2-journal.txt"
  say "  this boot's journal (gate, storage, db, app):"; tail -n 24 "$R/boot2-journal.txt" | sed 's/^/    | /'

  before_flow 6 "a failing once-script in 1.5: dnf upgrade, restarts and pokes while failed, fix, rerun"
  # (no client during this transaction: the flow is about the failure; flows 2, 3, 4 and 8 have one)
  use_repo 1.5
  STORY_LINES=24 cmd --timeout 120 dnf-1.5 -- dnf -y upgrade topo
  snap failed-6
  local i
  for i in 1 2 3; do cmd --may-fail "restart-app-failed-$i" -- systemctl restart topo-app.service; done
  if [[ ${TOPO_NO_CLIENT:-} != 1 ]]; then
    say "  (a client pokes topo-api's socket for 3 s)"
    /usr/share/topo/libexec/topo-poke 3 flow6-failed
  fi
  STORY_LINES=16 cmd status-failed-6 -- upgrade-hook status topo
  snap failed-6b
  say "  * the admin fixes the cause and runs the command the message gave"
  touch /etc/topo/fixed
  STORY_LINES=16 cmd --timeout 120 rerun-6 -- upgrade-hook run topo
  settle after-6

  before_flow 7 "burst: 25 single systemctl start/restart of gated units, then systemctl restart topo.target"
  local burst=(
    "start topo-app.service" "start topo-api.service" "start topo-worker@1.service" "start topo-worker@2.service" "start topo-sidekick@1.service"
    "restart topo-sidekick@1.service" "restart topo-worker@1.service" "restart topo-api.service" "start topo-app.service" "restart topo-worker@2.service"
    "start topo-api.service" "start topo-sidekick@1.service" "restart topo-sidekick@1.service" "start topo-worker@1.service" "start topo-worker@2.service"
    "restart topo-api.service" "start topo-app.service" "start topo-sidekick@1.service" "restart topo-worker@1.service" "start topo-api.service"
    "start topo-worker@2.service" "start topo-sidekick@1.service" "restart topo-sidekick@1.service" "start topo-app.service" "restart topo-app.service")
  local t0 n=0 c
  t0=$(now_ms)
  for c in "${burst[@]}"; do
    n=$((n + 1))
    # shellcheck disable=SC2086 # the verb and the unit
    STORY_LINES=2 cmd --timeout 30 "burst-$(printf %02d $n)" -- systemctl $c
  done
  say "  (${#burst[@]} commands in $(secs $(($(now_ms) - t0))) s)"
  cmd restart-target-7 -- systemctl restart topo.target
  settle after-7

  before_flow 8 "dnf upgrade to 1.6 (1.5 was built with plain %systemd_postun: no restart marks)"
  poke_start flow8; use_repo 1.6
  STORY_LINES=16 cmd --timeout 120 dnf-1.6 -- dnf -y upgrade topo
  poke_stop; settle after-8
  save_files boot2
}

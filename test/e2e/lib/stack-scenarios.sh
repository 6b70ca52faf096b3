#!/bin/bash
# Inside the booted container: the flows of the stack test (test/e2e/stack.test.ts): two products, depot
# and portal (test/e2e/stack/stack-product), on one shared database unit, stack-db.service.
# Sourced by `container.sh run --upper DIR -- bash -c '. /mnt/lib/stack-scenarios.sh; stack_flows'`, which
# ends in a power cut (flow 7: the test kills the container when $R/power-cut appears), then the same upper
# dir boots again for stack_after_cut.
# Mounts: /mnt/build (the stage: rpm/ upgrade-hook's RPMs, acme/ host provides, stack/ the fixture),
# /mnt/lib (this folder), /mnt/results (rw). Left in /mnt/results: commands.jsonl, NAME.out, snap-LABEL.json,
# evidence.jsonl and done.jsonl, each product's history and log, the journals. Every command that may wait
# is bounded.
set -uo pipefail
R=/mnt/results
PRODUCT=/mnt/build/stack/stack-product
UNITS=(stack-db.service depot-app.service depot-worker.service depot-job.timer portal-app.service portal-worker.service portal-job.timer)
FLOW=0

say() { printf '%s\n' "$*"; }
now_ms() { local t=${EPOCHREALTIME/[.,]/}; echo $((t / 1000)); }

# cmd [--may-fail|--repair|--info] [--timeout SEC] NAME -- CMD...   (as in topology-scenarios.sh)
cmd() {
  local kind=admin timeout=60
  while [[ $1 == --* ]]; do
    case $1 in --may-fail) kind=may-fail ;; --repair) kind=repair ;; --info) kind=info ;; --timeout) timeout=$2; shift ;; esac
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
  say "  \$ $*    (exit $rc, ${ms} ms)"
  tail -n "${STORY_LINES:-6}" "$R/$name.out" | cut -c1-220 | sed 's/^/    | /'
  return 0
}

data_version() { sed -n 's/^data_version = //p' "/var/lib/$1/sysupgrade.state" 2>/dev/null; }

# snap LABEL: unit states, data versions and markers of both products in $R/snap-LABEL.json
snap() {
  local u units="" p products=""
  for u in "${UNITS[@]}"; do units+="\"$u\":\"$(systemctl is-active "$u")\","; done
  for p in depot portal; do
    local m=/var/lib/upgrade-hook/$p/marker
    products+="\"$p\":{\"data\":\"$(data_version $p)\",\"marker\":$(if [[ -s $m ]]; then cat "$m"; else echo null; fi)},"
  done
  printf '{"label":"%s","t":%s,"units":{%s},"products":{%s},"jobs":%s}\n' "$1" "${EPOCHREALTIME/,/.}" "${units%,}" "${products%,}" \
    "$(systemctl list-jobs --no-legend --no-pager | wc -l)" >"$R/snap-$1.json"
  say "  [$1] $(for u in "${UNITS[@]}"; do printf '%s=%s ' "${u%.service}" "$(systemctl is-active "$u")"; done)depot=$(data_version depot) portal=$(data_version portal)"
}

# settle LABEL [SEC]: wait until no job is queued and no upgrade-hook unit runs (at most SEC, default 90), then snap
settle() {
  local end=$(($(now_ms) + ${2:-90} * 1000))
  while (($(now_ms) < end)); do
    if [[ -z $(systemctl list-jobs --no-legend --no-pager) ]] &&
      ! systemctl is-active 'upgrade-hook@*' 'upgrade-hook-finish@*' 2>/dev/null | grep -qE '^(active|activating|deactivating)'; then
      sleep 0.5
      [[ -z $(systemctl list-jobs --no-legend --no-pager) ]] && break
    fi
    sleep 0.2
  done
  snap "$1"
}

save_files() { # JOURNAL (this boot's journal goes to $R/JOURNAL.txt)
  local p
  for p in depot portal; do
    cp "/var/lib/upgrade-hook/$p/history.jsonl" "$R/history-$p.jsonl" 2>/dev/null
    cp "/var/log/$p/upgrade.log" "$R/upgrade-$p.log" 2>/dev/null
  done
  cp /var/lib/stack/evidence.jsonl /var/lib/stack/done.jsonl "$R/" 2>/dev/null
  journalctl -b --no-pager -o short-monotonic >"$R/$1.txt" 2>/dev/null
}

# outage LABEL: how long each app was down in the last stop/start (systemd's monotonic timestamps), in
# $R/outage-LABEL.json and the story
outage() {
  local u line="" json=""
  for u in depot-app.service portal-app.service; do
    local down up ms
    down=$(systemctl show -P InactiveEnterTimestampMonotonic "$u")
    up=$(systemctl show -P ActiveEnterTimestampMonotonic "$u")
    ms=$(((up - down) / 1000))
    line+="$u ${ms} ms  "; json+="\"$u\":$ms,"
  done
  printf '{%s}\n' "${json%,}" >"$R/outage-$1.json"
  say "  outage ($1): $line"
}

stack_flows() {
  FLOW=0; say "== setup: upgrade-hook from its RPM; depot and portal 1.0 on one database"
  mkdir -p /etc/dnf/vars; echo 12 >/etc/dnf/vars/releasever
  local tool
  tool=$(find /mnt/build/rpm -name 'upgrade-hook-[0-9]*.noarch.rpm' | sort -V | tail -n1)
  cmd --timeout 120 install-tool -- dnf -y install /mnt/build/acme/RPMS/noarch/debian-host-provides-12-1.noarch.rpm "$tool"
  cmd install-depot -- "$PRODUCT" install depot
  cmd install-portal -- "$PRODUCT" install portal
  cmd enable -- systemctl enable stack-db.service depot.target portal.target
  cmd start -- systemctl start stack-db.service depot.target portal.target
  settle start 20

  FLOW=1; say ""; say "== flow 1: first boot after an image build: both products deferred, both gates at once"
  cmd stop-1 -- systemctl stop depot.target portal.target stack-db.service
  echo 2 >/etc/stack/depot-sleep; echo 2 >/etc/stack/portal-sleep
  "$PRODUCT" version depot 2; "$PRODUCT" version portal 2
  snap before-1
  cmd --timeout 150 boot-1 -- systemctl start stack-db.service depot.target portal.target
  settle after-1 120

  FLOW=2; say ""; say "== flow 2: an admin restarts portal.target during depot's (last) offline script"
  echo 5 >/etc/stack/depot-sleep; rm -f /etc/stack/portal-sleep
  snap before-2
  "$PRODUCT" version depot 3
  local t0 rc=0
  t0=$(now_ms)
  timeout 120 upgrade-hook run depot >"$R/run-2.out" 2>&1 </dev/null &
  local run=$!
  until grep -q '"1300_offline_v3"' /var/lib/stack/evidence.jsonl 2>/dev/null || (($(now_ms) - t0 > 60000)); do sleep 0.1; done
  cmd restart-portal-2 -- systemctl restart portal.target
  wait "$run" || rc=$?
  echo "$rc" >"$R/run-2.rc"
  say "  \$ upgrade-hook run depot    (exit $rc)"; tail -n 4 "$R/run-2.out" | sed 's/^/    | /'
  settle after-2 30
  rm -f /etc/stack/depot-sleep
  cmd --repair --timeout 120 rerun-2 -- upgrade-hook run depot
  settle after-2b 30

  FLOW=3; say ""; say "== flow 3: depot's upgrade fails; portal must stay (or come back) up"
  # (snapshot first: depot's timer starts its gate, which may run the upgrade as soon as the build moves)
  snap before-3
  touch /etc/stack/depot-fail
  "$PRODUCT" version depot 4
  cmd --may-fail --timeout 120 run-3 -- upgrade-hook run depot
  settle after-3 30
  rm -f /etc/stack/depot-fail
  cmd --repair --timeout 120 rerun-3 -- upgrade-hook run depot
  settle after-3b 30

  FLOW=4; say ""; say "== flow 4: a backup of depot by hand, then a rollback of depot; portal must come back"
  "$PRODUCT" backup depot
  cmd --timeout 120 backup-4 -- upgrade-hook backup depot
  settle after-4a 30
  # named: data no failed upgrade left has no default backup (rollback goes back only to a failed attempt's)
  b4=$(sed -n 's/^depot: backup \(\S*\) in .*/\1/p' "$R/backup-4.out")
  cmd --timeout 120 rollback-4 -- upgrade-hook rollback depot "$b4"
  settle after-4 30

  FLOW=5; say ""; say "== flow 5: one dnf transaction installs depot and portal 5.0 (dnf4 plugin); timers fire during it"
  # the rollback's marker refuses depot's old build: the downgrade it asks for is "no package change" here
  # (the same build), so the admin starts depot again (the gate removes the marker)
  cmd --repair --timeout 60 start-5 -- systemctl start depot.target
  local plugin
  plugin=$(find /mnt/build/rpm -name 'python3-dnf-plugin-upgrade-hook-[0-9]*.noarch.rpm' | sort -V | tail -n1)
  cmd --timeout 120 install-plugin -- dnf -y install "$plugin"
  mkdir -p /etc/yum.repos.d
  printf '[stack]\nname=stack\nbaseurl=file:///mnt/build/stack/repo\ngpgcheck=0\n' >/etc/yum.repos.d/stack.repo
  echo 2 >/etc/stack/depot-sleep; echo 2 >/etc/stack/portal-sleep
  settle before-5 30
  STORY_LINES=14 cmd --timeout 240 dnf-5 -- dnf -y install depot portal stack-slow
  settle after-5 120

  FLOW=6; say ""; say "== flow 6: outage of both apps: upgrade-hook run depot vs the same by hand"
  rm -f /etc/stack/depot-sleep /etc/stack/portal-sleep
  snap before-6
  "$PRODUCT" version depot 6
  cmd --timeout 120 run-6 -- upgrade-hook run depot
  settle after-6 30
  outage tool
  # by hand, as an admin would: stop both products and the database, run the scripts, start again
  local dir=/usr/share/depot/upgrade.d/once
  # (plain commands, no bookkeeping between them: the fair comparison)
  cmd --timeout 120 by-hand -- bash -ec "systemctl stop depot.target portal.target stack-db.service
    $PRODUCT version depot 7
    $dir/1700_offline_v7
    systemctl start stack-db.service
    $dir/4700_backend_v7
    upgrade-hook stamp depot
    systemctl start depot.target portal.target
    $dir/7700_online_v7"
  settle after-6b 30
  outage hand

  FLOW=7; say ""; say "== flow 7: a power cut while depot's second offline script of 8.0 runs; the same tree boots again"
  snap before-7
  # 1850_offline_v8_b waits while /run/stack/depot-hold names it; the power cut comes then (/run is a tmpfs:
  # after the boot it runs through)
  mkdir -p /run/stack; echo 1850_offline_v8_b >/run/stack/depot-hold
  "$PRODUCT" version depot 8 --two-offline
  # (depot's timer may start its gate first, which then runs the upgrade: either way the script runs)
  timeout 120 upgrade-hook run depot >"$R/run-7.out" 2>&1 </dev/null &
  t0=$(now_ms)
  until grep -q '"1850_offline_v8_b"' /var/lib/stack/evidence.jsonl 2>/dev/null || (($(now_ms) - t0 > 60000)); do sleep 0.1; done
  snap cut-7
  upgrade-hook status depot --json >"$R/status-cut-7.json" 2>&1 </dev/null
  save_files journal-boot1
  if ! grep -q '"1850_offline_v8_b"' /var/lib/stack/evidence.jsonl; then
    say "  1850_offline_v8_b did not start within 60 s: no power cut"; rm -f /run/stack/depot-hold; return 1
  fi
  say "  (1850_offline_v8_b runs: power cut requested)"
  touch "$R/power-cut"
  sleep 60
  say "  no power cut came within 60 s"; rm -f /run/stack/depot-hold; return 1
}

# The boot after flow 7's power cut (the same tree): depot's gate resumes the upgrade during the boot.
stack_after_cut() {
  FLOW=7; say "== flow 7 (continued): booted again after the power cut"
  settle after-7 60
  cmd --info status-7 -- upgrade-hook status depot --json
  systemctl list-units --failed --plain --no-legend --no-pager >"$R/failed-7.txt" 2>&1
  say "  failed units: $(wc -l <"$R/failed-7.txt")"; sed 's/^/    | /' "$R/failed-7.txt"
  save_files journal-boot2
}

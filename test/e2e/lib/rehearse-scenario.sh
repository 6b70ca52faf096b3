#!/bin/bash
# Inside the booted container (issue 24), the "production" host: acme 1.1 serving, a client probing it every
# 0.1 s, then `upgrade-hook rehearse acme --packages 1.2` (a nested systemd-nspawn: the image's rehearse layer),
# what production looked like before and after, a rehearsal of a failing 1.2 step, and the real upgrade
# (REAL_RUNS times, rolled back between two).
# Sourced after container-scenarios.sh (prepare_machine, install_acme, record, say).

# Production's data as a digest: the database's rows (logical, so PostgreSQL's own checkpoints do not count),
# the state file, the records (history, marker, stopped units) and /etc/acme; not VAR_DIR/rehearse (the report).
production_digest() {
  {
    /usr/share/acme/libexec/acme-psql -At -c "SELECT * FROM notes ORDER BY id" 2>&1
    /usr/share/acme/libexec/acme-psql -At -c "SELECT column_name FROM information_schema.columns WHERE table_name='notes' ORDER BY 1" 2>&1
    cat /var/lib/acme/sysupgrade/sysupgrade.state
    find /var/lib/upgrade-hook/acme -path /var/lib/upgrade-hook/acme/rehearse -prune -o -type f -print0 | LC_ALL=C sort -z | xargs -0r sha256sum
    find /etc/acme -type f -print0 | LC_ALL=C sort -z | xargs -0r sha256sum
  } | sha256sum | cut -d' ' -f1
}
unit_pids() { systemctl show -p MainPID --value postgresql@15-main.service acme-web.service | tr '\n' ' '; }

# a client: one GET every 0.1 s, "MS ok|fail" per line
probe_start() {
  ( while :; do
      if timeout 1 /usr/share/acme/libexec/acme-http-get http://127.0.0.1:8417/health >/dev/null 2>&1; then r=ok; else r=fail; fi
      echo "$(date +%s%3N) $r"; sleep 0.1
    done ) >"$R/$1" 2>/dev/null &
  PROBE=$!
}
probe_stop() { kill "$PROBE" 2>/dev/null; wait "$PROBE" 2>/dev/null || true; }

scenario_rehearse() {
  prepare_machine
  install_acme 1.1
  /usr/share/acme/libexec/acme-psql -c "INSERT INTO notes (body) SELECT 'note ' || g FROM generate_series(1, 2000) g" >/dev/null 2>&1 || true
  say "* the admin lists the data and the packager's neutralize hook (here in the admin's override)"
  mkdir -p /etc/upgrade-hook/products.d
  cat >/etc/upgrade-hook/products.d/acme.conf <<'CONF'
[backup]
paths = /var/lib/postgresql/15/main /var/lib/acme /etc/acme

[rehearse]
neutralize = rm -f /var/lib/postgresql/15/main/postmaster.pid; systemctl mask --runtime --now cron.service 2>/dev/null; touch /run/acme-neutralized
CONF
  echo "$(unit_pids)" >"$R/pids-before"; production_digest >"$R/digest-before"
  probe_start probes.txt
  sleep 1
  upgrade-hook rehearse acme --packages "$ACME/repo-1.2" --json >"$R/rehearse.json" 2>"$R/rehearse.err"; echo $? >"$R/rehearse.rc"
  sleep 1
  probe_stop
  echo "$(unit_pids)" >"$R/pids-after"; production_digest >"$R/digest-after"
  say "  rehearse: exit $(cat "$R/rehearse.rc")"; sed 's/^/    | /' "$R/rehearse.err" | tail -n 8
  record plan upgrade-hook plan acme
  ls -A /var/lib/upgrade-hook/acme/rehearse >"$R/rehearse-dir.txt" 2>&1

  say "* a failing 1.2 step (the demo's broken admin once-script): the rehearsal fails, production untouched"
  install -m 0755 /dev/stdin /etc/acme/upgrade.d/once/3300_broken_step <<'SH'
#!/bin/bash
/usr/share/acme/libexec/acme-psql -c "DELETE FROM notes WHERE id = (SELECT min(id) FROM notes)"
echo "3300_broken_step: deleted a row, then failed" >&2
exit 1
SH
  production_digest >"$R/digest-before-fail"
  upgrade-hook rehearse acme --packages "$ACME/repo-1.2" --json >"$R/rehearse-fail.json" 2>"$R/rehearse-fail.err"; echo $? >"$R/rehearse-fail.rc"
  production_digest >"$R/digest-after-fail"; echo "$(unit_pids)" >"$R/pids-after-fail"
  rm -f /etc/acme/upgrade.d/once/3300_broken_step
  say "  rehearse (failing step): exit $(cat "$R/rehearse-fail.rc")"

  say "* four more rehearsals (five in all: the median predicts), then the real upgrade while the client probes"
  local i
  for i in 2 3 4 5; do
    upgrade-hook rehearse acme --packages "$ACME/repo-1.2" --json >"$R/rehearse-$i.json" 2>/dev/null; echo $? >"$R/rehearse-$i.rc"
  done
  record plan-2 upgrade-hook plan acme
  # REAL_RUNS real upgrades (the median is compared): between two, a rollback to the backup the last one took
  # of 1.1 (the keep policy prunes older ones) and the downgrade it asks for; the same build upgraded again
  # after a rollback needs the admin's waiver
  local runs=${REAL_RUNS:-1} b
  if (( runs > 1 )); then
    mkdir -p /etc/upgrade-hook/waivers.d
    printf '[waiver rolled-back]\nreason = the rehearsal test measures the same upgrade again\n' >/etc/upgrade-hook/waivers.d/acme.conf
  fi
  for (( i = 1; i <= runs; i++ )); do
    if (( i > 1 )); then
      b=$(ls /var/lib/upgrade-hook/acme/backups | grep '^1\.1-1-' | sort | tail -n1)
      record "rollback-$i" upgrade-hook rollback acme "$b"
      use_repo 1.1; record "downgrade-$i" dnf -y downgrade acme-server
      record "start-$i" systemctl start postgresql@15-main.service acme-web.service
      wait_app
    fi
    use_repo 1.2
    probe_start "probes-real-$i.txt"
    STORY_LINES=6 record "dnf-1.2-$i" dnf -y upgrade acme-server
    wait_app; sleep 0.5
    probe_stop
    # a rollback rewrites the history: each real run's records are kept as they stood after it
    cp /var/lib/upgrade-hook/acme/history.jsonl "$R/history-$i.jsonl"
  done
  echo "$runs" >"$R/real-runs"
  record check-1.2 upgrade-hook check acme
}

# A rehearsal killed mid-way (SIGKILL after the container booted, or SIGTERM): production untouched, the
# next rehearsal removes the leftovers and passes.
scenario_rehearse_kill() {
  prepare_machine
  install_acme 1.1
  mkdir -p /etc/upgrade-hook/products.d
  printf '[backup]\npaths = /var/lib/postgresql/15/main /var/lib/acme /etc/acme\n[rehearse]\nneutralize = rm -f /var/lib/postgresql/15/main/postmaster.pid\n' >/etc/upgrade-hook/products.d/acme.conf
  echo "$(unit_pids)" >"$R/pids-before"; production_digest >"$R/digest-before"
  local sig pid i
  for sig in KILL TERM; do
    upgrade-hook rehearse acme --packages "$ACME/repo-1.2" >"$R/kill-$sig.out" 2>&1 &
    pid=$!
    for i in $(seq 600); do ls /var/tmp/upgrade-hook-sandbox."$pid".*/results/steps/001.name >/dev/null 2>&1 && break; sleep 0.1; done
    kill -"$sig" "$pid"; wait "$pid"; echo $? >"$R/kill-$sig.rc"
    sleep 2
    ls -A /var/lib/upgrade-hook/acme/rehearse >"$R/left-$sig.txt" 2>&1
    ls -d /var/tmp/upgrade-hook-sandbox.* >"$R/left-sandbox-$sig.txt" 2>/dev/null
    ps -eo args | grep -c '[s]ystemd-nspawn' >"$R/nspawn-$sig.txt"
    systemctl is-active acme-web.service postgresql@15-main.service >"$R/active-$sig.txt" 2>&1
  done
  # SIGKILL inside the frozen moment (128 MiB more data makes it last): the dead-man switch thaws production
  mkdir -p /var/lib/acme/blobs; head -c 128M /dev/urandom >/var/lib/acme/blobs/b1; sync
  upgrade-hook rehearse acme --packages "$ACME/repo-1.2" >"$R/kill-frozen.out" 2>&1 &
  pid=$!
  # frozen: systemd's freezer where it has one, else each process SIGSTOPped (state T); both are seen here
  local web
  web=$(systemctl show -p MainPID --value acme-web.service)
  : >"$R/frozen-seen.txt"
  for i in $(seq 3000); do
    if [[ $(systemctl show -p FreezerState --value acme-web.service) == frozen || $(cut -d' ' -f3 "/proc/$web/stat" 2>/dev/null) == T ]]; then
      kill -KILL "$pid"; echo "frozen, killed" >"$R/frozen-seen.txt"; break
    fi
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.01
  done
  wait "$pid"; echo $? >"$R/kill-frozen.rc"
  sleep 2
  # per unit: systemd's freezer state, then how many of its processes are stopped (state T) out of how many
  local u cg procs p
  for u in acme-web.service postgresql@15-main.service; do
    cg=$(systemctl show -p ControlGroup --value "$u")
    procs=$(cat "/sys/fs/cgroup$cg/cgroup.procs" "/sys/fs/cgroup/systemd$cg/cgroup.procs" 2>/dev/null)
    echo "$u $(systemctl show -p FreezerState --value "$u") stopped $(for p in $procs; do cut -d' ' -f3 "/proc/$p/stat"; done 2>/dev/null | grep -c '^T$') of $(echo $procs | wc -w)"
  done >"$R/freezer-after-kill.txt"
  /usr/share/acme/libexec/acme-http-get http://127.0.0.1:8417/health >/dev/null 2>&1; echo $? >"$R/serves-after-frozen-kill.txt"
  rm -rf /var/lib/acme/blobs
  upgrade-hook rehearse acme --packages "$ACME/repo-1.2" >"$R/after-kill.out" 2>&1; echo $? >"$R/after-kill.rc"
  ls -A /var/lib/upgrade-hook/acme/rehearse >"$R/left-final.txt" 2>&1
  ls -d /var/tmp/upgrade-hook-sandbox.* >"$R/left-sandbox-final.txt" 2>/dev/null
  echo "$(unit_pids)" >"$R/pids-after"; production_digest >"$R/digest-after"
}

# GIB GiB of data in acme's data dir, then one rehearsal (a measurement, not in CI: UPGRADE_HOOK_REHEARSE_GIB):
# its report, and the most disk it took while it ran (df of the filesystem that holds /var/tmp, every 0.2 s).
scenario_rehearse_big() {
  prepare_machine
  install_acme 1.1
  mkdir -p /etc/upgrade-hook/products.d
  printf '[backup]\npaths = /var/lib/postgresql/15/main /var/lib/acme /etc/acme\n[rehearse]\nneutralize = rm -f /var/lib/postgresql/15/main/postmaster.pid\n' >/etc/upgrade-hook/products.d/acme.conf
  mkdir -p /var/lib/acme/blobs
  local i
  for i in $(seq $(( GIB * 16 ))); do head -c 64M /dev/urandom >/var/lib/acme/blobs/b$i; done
  sync
  df -B1 --output=used /var/tmp | tail -n1 >"$R/df-before"
  ( while :; do df -B1 --output=used /var/tmp | tail -n1; sleep 0.2; done ) >"$R/df-during" &
  local sampler=$!
  upgrade-hook rehearse acme --packages "$ACME/repo-1.2" --json >"$R/rehearse-big.json" 2>"$R/rehearse-big.err"; echo $? >"$R/rehearse-big.rc"
  kill "$sampler"; wait "$sampler" 2>/dev/null || true
  df -B1 --output=used /var/tmp | tail -n1 >"$R/df-after"
  rm -rf /var/lib/acme/blobs
}

# The data on btrfs (container.sh --btrfs /srv/btrfs): PostgreSQL's, acme's and upgrade-hook's directories are
# each a subvolume bound at its place; the rehearsal's copy is then three snapshots taken while production is
# frozen, cloned out after the thaw and deleted.
scenario_rehearse_btrfs() {
  prepare_machine
  install_acme 1.1
  /usr/share/acme/libexec/acme-psql -c "INSERT INTO notes (body) SELECT 'note ' || g FROM generate_series(1, 2000) g" >/dev/null 2>&1 || true
  systemctl stop acme-web.service postgresql@15-main.service
  local d v
  for d in /var/lib/postgresql /var/lib/acme /var/lib/upgrade-hook; do
    v=/srv/btrfs/${d##*/}
    btrfs -q subvolume create "$v"
    cp -a "$d/." "$v/"
    mount --bind "$v" "$d"
  done
  # GIB=N: N GiB of blobs in acme's data (the measurement of docs/rehearse.md)
  if (( ${GIB:-0} > 0 )); then
    mkdir -p /var/lib/acme/blobs
    for i in $(seq $(( GIB * 16 ))); do head -c 64M /dev/urandom >/var/lib/acme/blobs/b$i; done
    sync
  fi
  systemctl start postgresql@15-main.service acme-web.service
  wait_app
  mkdir -p /etc/upgrade-hook/products.d
  printf '[backup]\npaths = /var/lib/postgresql/15/main /var/lib/acme\n[rehearse]\nneutralize = rm -f /var/lib/postgresql/15/main/postmaster.pid\n' >/etc/upgrade-hook/products.d/acme.conf
  echo "$(unit_pids)" >"$R/pids-before"; production_digest >"$R/digest-before"
  probe_start probes.txt
  sleep 1
  sync; df -B1 --output=used /srv/btrfs | tail -n1 >"$R/df-before"
  ( while :; do df -B1 --output=used /srv/btrfs | tail -n1; sleep 0.2; done ) >"$R/df-during" &
  local sampler=$!
  upgrade-hook rehearse acme --packages "$ACME/repo-1.2" --json >"$R/rehearse.json" 2>"$R/rehearse.err"; echo $? >"$R/rehearse.rc"
  kill "$sampler"; wait "$sampler" 2>/dev/null || true
  sync; df -B1 --output=used /srv/btrfs | tail -n1 >"$R/df-after"
  sleep 1
  probe_stop
  echo "$(unit_pids)" >"$R/pids-after"; production_digest >"$R/digest-after"
  btrfs subvolume list /srv/btrfs | sed 's/^.* path //' >"$R/subvolumes.txt"
  ls -A /var/lib/upgrade-hook/acme/rehearse >"$R/rehearse-dir.txt" 2>&1
}

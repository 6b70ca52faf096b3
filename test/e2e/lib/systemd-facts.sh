#!/bin/bash
# Inside the booted container: what systemd 252's job engine really does with product-shaped units
# (a oneshot gate, backend, storage, app, workers, a socket). Each experiment sets up small throwaway
# units in /run/systemd/system (sleep / bash / systemd-notify, no product code), runs the commands an
# admin or upgrade-hook would run, and writes one line per fact to /mnt/results/facts.tsv:
#   FACT_ID<TAB>observed value
# test/e2e/systemd-facts.test.ts asserts them; docs/systemd-facts.md explains them.
# Sourced by `container.sh run -- bash -c '. /mnt/lib/systemd-facts.sh; facts_all'`.
# Mounts: /mnt/lib (this folder, read-only), /mnt/results (rw). Every systemctl that may wait is bounded.
set -uo pipefail

SF_R=/mnt/results
SF=/run/facts                 # scratch: gate switches, logs, background commands' outputs
SF_U=/run/systemd/system
SF_FACTS=$SF_R/facts.tsv
SF_LOG=$SF_R/facts.log

# ---------------------------------------------------------------- helpers
sf_ms() { local t=${EPOCHREALTIME/[.,]/}; echo $((t / 1000)); }
SF_T0=$(sf_ms)
sf_log() { printf '%6d %s\n' $(($(sf_ms) - SF_T0)) "$*" >>"$SF_LOG"; }
sf_one() { local v=$*; v=${v//$'\t'/ }; v=${v//$'\n'/ | }; printf '%s' "${v%"${v##*[![:space:]]}"}"; } # one line, no trailing blanks
sf_fact() { # ID VALUE...
  local id=$1; shift
  local v; v=$(sf_one "$*")
  printf '%s\t%s\n' "$id" "$v" >>"$SF_FACTS"
  sf_log "FACT $id = $v"
}
sf_sc() { timeout 10 systemctl "$@"; } # systemctl that may wait, bounded
# run, log and keep the output and exit code in SF_OUT / SF_RC
sf_run() {
  SF_OUT=$("$@" 2>&1 </dev/null); SF_RC=$?
  sf_log "\$ $* -> $SF_RC $(sf_one "$SF_OUT")"
}
sf_prop() { systemctl show -p "$2" --value "$1"; }   # UNIT PROPERTY
sf_state() { sf_prop "$1" ActiveState; }
sf_pid() { sf_prop "$1" MainPID; }
sf_job() { sf_prop "$1" Job; }
sf_has_job() { [[ -n $(sf_job "$1") ]]; }
sf_no_job() { [[ -z $(sf_job "$1") ]]; }
sf_is() { [[ $(sf_state "$1") == "$2" ]]; }
sf_mono() { sf_prop "$1" "$2"; } # a *TimestampMonotonic property, microseconds
# until SECONDS CMD...: poll CMD every 50 ms
sf_until() {
  local end=$(($(sf_ms) + $1 * 1000)); shift
  until "$@"; do (($(sf_ms) < end)) || return 1; sleep 0.05; done
}
sf_states() { # UNIT...: "unit=state ..." (one systemctl call: values come separated by blank lines)
  local states out=() i=0 u
  mapfile -t states < <(systemctl show -p ActiveState --value "$@" | grep -v '^$')
  for u in "$@"; do out+=("$u=${states[i]:-?}"); i=$((i + 1)); done
  echo "${out[*]}"
}
# The gates: gate@NAME.service runs until $SF/open-NAME exists, then exits with the code written in it.
sf_open() { echo "${2:-0}" >"$SF/open-$1"; sf_log "gate $1 opens (exit ${2:-0})"; }
sf_close() { rm -f "$SF/open-$1"; }
# Background commands: sf_bg NAME CMD... ; sf_bg_wait NAME [SECONDS] prints the exit code ("running" on timeout)
sf_bg() {
  local name=$1; shift
  rm -f "$SF/bg-$name".{out,rc,end}
  sf_log "bg $name: $*"
  ( "$@" >"$SF/bg-$name.out" 2>&1 </dev/null; rc=$?; sf_ms >"$SF/bg-$name.end"; echo "$rc" >"$SF/bg-$name.rc" ) &
}
sf_bg_done() { [[ -e $SF/bg-$1.rc ]]; }
sf_bg_wait() {
  if sf_until "${2:-15}" sf_bg_done "$1"; then
    sf_log "bg $1 -> $(cat "$SF/bg-$1.rc") $(sf_one "$(cat "$SF/bg-$1.out")")"; cat "$SF/bg-$1.rc"
  else echo running; fi
}
sf_bg_out() { sf_one "$(cat "$SF/bg-$1.out" 2>/dev/null)"; }
sf_bg_end() { cat "$SF/bg-$1.end" 2>/dev/null || echo 0; }
sf_unit() { mkdir -p "$(dirname "$SF_U/$1")"; cat >"$SF_U/$1"; } # NAME <<<text

# A long-running service (every experiment unit but F1's default gate opts out of the start limit, so
# repeating an experiment never trips it). sf_svc NAME [EXTRA [Unit] LINES...]
sf_svc() {
  local name=$1; shift
  { echo '[Unit]'; echo 'StartLimitIntervalSec=0'; printf '%s\n' "$@"
    echo '[Service]'; echo 'ExecStart=/bin/sleep infinity'; } | sf_unit "$name"
}

sf_setup() {
  rm -rf "$SF"; mkdir -p "$SF"; : >"$SF_FACTS"; : >"$SF_LOG"
  cat >"$SF/gate-wait" <<'EOF'
#!/bin/bash
# the product's gate: waits for the upgrade (here: for its switch file), exits with the code in it
echo "$(date +%s.%N) $1 start" >>/run/facts/gate.log
until [[ -e /run/facts/open-$1 ]]; do sleep 0.05; done
exit "$(cat "/run/facts/open-$1")"
EOF
  cat >"$SF/stoplog" <<'EOF'
#!/bin/bash
# ExecStop= of F3's units: a slow stop; logs when it began and ended (realtime ms)
echo "$(date +%s%3N) start $1" >>"/run/facts/$2"
sleep 0.3
echo "$(date +%s%3N) end $1" >>"/run/facts/$2"
EOF
  cat >"$SF/exitwith" <<'EOF'
#!/bin/bash
exit "$(cat "$1")"
EOF
  cat >"$SF/inner-start" <<'EOF'
#!/bin/bash
# F10: the ExecStart of oneshot A: starts C (ordered After=A) from inside A. MODE block|noblock
mode=$1 unit=$2
t0=${EPOCHREALTIME/[.,]/}
if [[ $mode == noblock ]]; then timeout 3 systemctl start --no-block "$unit"; else timeout 3 systemctl start "$unit"; fi
rc=$?
t1=${EPOCHREALTIME/[.,]/}
echo "rc=$rc ms=$(((t1 - t0) / 1000)) c_state=$(systemctl show -p ActiveState --value "$unit") c_job=$(systemctl show -p Job --value "$unit")" >"/run/facts/inner-$unit"
EOF
  chmod +x "$SF"/gate-wait "$SF"/stoplog "$SF"/exitwith "$SF"/inner-start

  sf_unit gate@.service <<'EOF'
[Unit]
Description=oneshot gate %i
StartLimitIntervalSec=0
[Service]
Type=oneshot
RemainAfterExit=no
TimeoutStartSec=infinity
ExecStart=/run/facts/gate-wait %i
EOF
  # F1: the same gate with the default start limit, and with StartLimitIntervalSec=0
  local g
  for g in f1 f1z; do
    { echo '[Unit]'; [[ $g == f1z ]] && echo 'StartLimitIntervalSec=0'
      echo '[Service]'; echo 'Type=oneshot'; echo 'RemainAfterExit=no'
      echo "ExecStart=/bin/sh -c 'echo run >>/run/facts/$g-gate.runs'"; } | sf_unit $g-gate.service
    sf_svc $g-u@.service "Requires=$g-gate.service" "After=$g-gate.service"
  done
  # F2: app requires gate, and Requires= / BindsTo= / Wants= backend
  local k
  for k in Requires BindsTo Wants; do
    sf_svc f2-$k-backend.service
    sf_svc f2-$k-app.service "Requires=gate@f2$k.service" "After=gate@f2$k.service" \
      "$k=f2-$k-backend.service" "After=f2-$k-backend.service"
  done
  # F3: ordering of one multi-unit stop; propagation of a stop to active dependents
  sf_svc f3-backend.service; echo 'ExecStop=/run/facts/stoplog %n f3.stops' >>"$SF_U/f3-backend.service"
  sf_svc f3-app.service Requires=f3-backend.service After=f3-backend.service
  echo 'ExecStop=/run/facts/stoplog %n f3.stops' >>"$SF_U/f3-app.service"
  sf_svc f3-worker@.service PartOf=f3-app.service After=f3-app.service
  echo 'ExecStop=/run/facts/stoplog %n f3.stops' >>"$SF_U/f3-worker@.service"
  sf_svc f3p-backend.service
  sf_svc f3p-requires.service Requires=f3p-backend.service After=f3p-backend.service
  sf_svc f3p-bindsto.service BindsTo=f3p-backend.service After=f3p-backend.service
  sf_svc f3p-partof.service PartOf=f3p-backend.service After=f3p-backend.service
  # F4: merging into a pending start job
  sf_svc f4-app.service Requires=gate@f4.service After=gate@f4.service
  { echo '[Unit]'; echo 'StartLimitIntervalSec=0'; echo '[Service]'
    echo 'ExecStartPre=/bin/sleep 2'; echo 'ExecStart=/bin/sleep infinity'; } | sf_unit f4-storage.service
  sf_svc f4-backend.service Requires=f4-storage.service After=f4-storage.service
  # F5: a socket-activated app behind the gate, Requires= one backend and Wants= another
  sf_unit f5-app.socket <<'EOF'
[Unit]
StartLimitIntervalSec=0
[Socket]
ListenStream=127.0.0.1:17651
EOF
  sf_svc f5-app.service Requires=gate@f5.service After=gate@f5.service \
    Requires=f5-req.service After=f5-req.service Wants=f5-want.service After=f5-want.service
  sf_svc f5-req.service
  sf_svc f5-want.service
  # F6: workers PartOf= / Requires= / nothing
  sf_svc f6-app.service
  sf_svc f6-worker@.service
  mkdir -p "$SF_U/f6-worker@1.service.d" "$SF_U/f6-worker@2.service.d"
  printf '[Unit]\nPartOf=f6-app.service\nAfter=f6-app.service\n' >"$SF_U/f6-worker@1.service.d/dep.conf"
  printf '[Unit]\nRequires=f6-app.service\nAfter=f6-app.service\n' >"$SF_U/f6-worker@2.service.d/dep.conf"
  # F7: restart propagation
  for k in BindsTo Requires; do
    sf_svc f7-$k-backend.service
    sf_svc f7-$k-app.service "$k=f7-$k-backend.service" "After=f7-$k-backend.service"
  done
  # F8: markers; a Type=notify app (systemd-notify --ready) to see that restarts really happen
  { echo '[Unit]'; echo 'StartLimitIntervalSec=0'; echo '[Service]'; echo 'Type=notify'; echo 'NotifyAccess=all'
    echo "ExecStart=/bin/bash -c 'systemd-notify --ready; exec sleep infinity'"; } | sf_unit f8-app.service
  sf_svc f8-off.service
  sf_svc f8-gated.service Requires=gate@f8.service After=gate@f8.service
  # F9: a oneshot that fails, then succeeds
  printf '[Unit]\nStartLimitIntervalSec=0\n[Service]\nType=oneshot\nExecStart=/run/facts/exitwith /run/facts/f9.code\n' |
    sf_unit f9-once.service
  # F10: the deadlock trap
  local m
  for m in block noblock; do
    printf '[Unit]\nStartLimitIntervalSec=0\n[Service]\nType=oneshot\nExecStart=/run/facts/inner-start %s f10-%s-c.service\n' \
      "$m" "$m" | sf_unit f10-$m-a.service
    sf_svc f10-$m-c.service After=f10-$m-a.service
  done
  # F11: what systemctl show / list-dependencies print
  sf_svc f11-backend.service
  sf_svc f11-requires.service Requires=f11-backend.service After=f11-backend.service
  sf_svc f11-bindsto.service BindsTo=f11-backend.service After=f11-backend.service
  sf_svc f11-partof.service PartOf=f11-backend.service After=f11-backend.service
  sf_svc f11-wants.service Wants=f11-backend.service After=f11-backend.service
  sf_svc f11-ga.service Requires=gate@f11.service After=gate@f11.service
  sf_svc f11-gw.service Wants=gate@f11.service After=gate@f11.service
  # F12: dependents of a gate that exits 0, then 1
  sf_svc f12-a.service Requires=gate@f12.service After=gate@f12.service
  sf_svc f12-b.service Requires=gate@f12.service After=gate@f12.service
  sf_run sf_sc daemon-reload
}

# ---------------------------------------------------------------- F1 start limit
facts_f1() {
  local g i rcs out6='' t0 fails=0
  for g in f1 f1z; do
    rcs=()
    for i in 1 2 3 4 5 6 7 8; do
      sf_run sf_sc start "$g-u@$i.service"; rcs+=("$SF_RC")
      [[ $i == 6 ]] && out6=$SF_OUT
    done
    sf_fact "F1.$g.rcs" "${rcs[*]}"
    sf_fact "F1.$g.gate_runs" "$(wc -l <"$SF/$g-gate.runs")"
    sf_fact "F1.$g.gate_result" "$(sf_prop $g-gate.service Result)/$(sf_state $g-gate.service)"
    [[ $g == f1 ]] && sf_fact F1.f1.sixth_msg "$out6"
    [[ $g == f1 ]] && sf_fact F1.f1.timeout_default "$(sf_prop f1-gate.service TimeoutStartUSec)"
  done
  # reset-failed clears the start limit counter
  sf_run sf_sc reset-failed f1-gate.service
  sf_run sf_sc start f1-u@6.service
  sf_fact F1.f1.after_reset_failed "$SF_RC"
  # 25 restarts of dependents (each runs the gate again) within 10 s, StartLimitIntervalSec=0
  : >"$SF/f1z-gate.runs"; t0=$(sf_ms)
  for i in $(seq 25); do
    sf_sc restart "f1z-u@$(((i - 1) % 8 + 1)).service" >/dev/null 2>&1 || fails=$((fails + 1))
  done
  sf_fact F1.f1z.burst25 "failures=$fails gate_runs=$(wc -l <"$SF/f1z-gate.runs") ms=$(($(sf_ms) - t0))"
  sf_sc stop 'f1-u@*' 'f1z-u@*' >/dev/null 2>&1; systemctl reset-failed f1-gate.service 2>/dev/null
}

# ---------------------------------------------------------------- F2 stop of backend while app's restart waits
facts_f2() {
  local k m app be g mode pre post rc stop_rc stop_out id
  for k in Requires BindsTo Wants; do
    for m in replace ignore-requirements ignore-dependencies; do
      app=f2-$k-app.service be=f2-$k-backend.service g=f2$k id=F2.$k.$m
      sf_open $g; sf_run sf_sc start "$be" "$app"
      sf_close $g
      sf_bg r timeout 30 systemctl restart "$app"
      sf_until 5 sf_has_job "$app"
      pre=$(sf_job "$app")
      mode=(); [[ $m != replace ]] && mode=(--job-mode=$m)
      sf_run sf_sc stop "${mode[@]}" "$be"; stop_rc=$SF_RC stop_out=$SF_OUT
      sleep 0.2
      post=$(sf_job "$app")
      sf_fact "$id.stop" "rc=$stop_rc $stop_out"
      if [[ -n $post && $post == "$pre" ]]; then sf_fact "$id.app_job" kept
      elif [[ -n $post ]]; then sf_fact "$id.app_job" "replaced($pre->$post)"
      else sf_fact "$id.app_job" cancelled; fi
      sf_fact "$id.after_stop" "$(sf_states "$app" "$be")"
      if sf_bg_done r; then sf_fact "$id.restart_at_stop" "exit=$(cat "$SF/bg-r.rc") $(sf_bg_out r)"
      else sf_fact "$id.restart_at_stop" waiting; fi
      sf_run sf_sc start "$be"
      sf_fact "$id.start_backend" "rc=$SF_RC"
      sf_open $g
      rc=$(sf_bg_wait r 10)
      sf_fact "$id.restart" "exit=$rc $(sf_bg_out r)"
      sf_fact "$id.final" "$(sf_states "$app" "$be")"
      sf_sc stop "$app" "$be" >/dev/null 2>&1; systemctl reset-failed "$app" "$be" 2>/dev/null
    done
    # the same stop with ignore-requirements, but the gate opens while backend is still stopped
    id=F2.$k.gate_first
    sf_open $g; sf_run sf_sc start "$be" "$app"; sf_close $g
    sf_bg r timeout 30 systemctl restart "$app"
    sf_until 5 sf_has_job "$app"
    sf_run sf_sc stop --job-mode=ignore-requirements "$be"
    sf_open $g
    rc=$(sf_bg_wait r 10); sleep 0.3
    sf_fact "$id.restart" "exit=$rc $(sf_bg_out r)"
    sf_fact "$id.final" "$(sf_states "$app" "$be") app_result=$(sf_prop "$app" Result)"
    sf_sc stop "$app" "$be" >/dev/null 2>&1; systemctl reset-failed "$app" "$be" 2>/dev/null
  done
}

# ---------------------------------------------------------------- F3 ordering / propagation of stops
facts_f3() {
  local m mode states units overlaps=0
  # app first, as an admin would type it, three times: whether worker@1 waits for app is a race (below)
  for m in replace ignore-requirements.1 ignore-requirements.2 ignore-requirements.3 ignore-dependencies \
    ignore-requirements.dependents-first; do
    mode=(--job-mode=${m%%.*}); [[ $m == replace ]] && mode=()
    units=(f3-app.service f3-worker@1.service f3-backend.service)
    [[ $m == *dependents-first ]] && units=(f3-worker@1.service f3-app.service f3-backend.service)
    sf_run sf_sc start f3-backend.service f3-app.service f3-worker@1.service
    : >"$SF/f3.stops"
    sf_run sf_sc stop "${mode[@]}" "${units[@]}"
    # each unit's ExecStop as START-END in ms after the first one began, in the order they began
    sf_fact "F3.stops.$m" "$(awk 'NR == 1 { t0 = $1 } $2 == "start" { s[$3] = $1 - t0; o[++n] = $3 } $2 == "end" { e[$3] = $1 - t0 }
      END { for (i = 1; i <= n; i++) printf "%s%s:%d-%d", (i > 1 ? " " : ""), o[i], s[o[i]], e[o[i]] }' "$SF/f3.stops" | sed 's/f3-//g; s/\.service//g')"
    # did app's stop begin before worker@1's had ended (app did not wait for the unit ordered after it)?
    [[ $m == ignore-requirements.[0-9] ]] && awk '$2 == "start" && $3 ~ /f3-app/ { a = $1 } $2 == "end" && $3 ~ /worker/ { w = $1 }
      END { exit !(a < w) }' "$SF/f3.stops" && overlaps=$((overlaps + 1))
  done
  sf_fact F3.ignore-requirements.app_first_overlaps "$overlaps/3"
  for m in replace ignore-requirements ignore-dependencies; do
    mode=(); [[ $m != replace ]] && mode=(--job-mode=$m)
    sf_run sf_sc start f3p-backend.service f3p-requires.service f3p-bindsto.service f3p-partof.service
    sf_run sf_sc stop "${mode[@]}" f3p-backend.service
    sleep 0.3
    states=$(sf_states f3p-requires.service f3p-bindsto.service f3p-partof.service)
    sf_fact "F3.propagate.$m" "${states//f3p-/}"
  done
  sf_sc stop 'f3*' >/dev/null 2>&1
}

# ---------------------------------------------------------------- F4 merging into pending jobs
facts_f4() {
  local j1 j2 t_open ra rb t_start ms
  sf_close f4
  sf_bg a timeout 30 systemctl start f4-app.service
  sf_until 5 sf_has_job f4-app.service; j1=$(sf_job f4-app.service)
  sf_bg b timeout 30 systemctl start f4-app.service
  sleep 0.5
  j2=$(sf_job f4-app.service)
  sf_fact F4.merge.job "first=$j1 second=$j2 jobs_for_app=$(systemctl list-jobs --no-legend | grep -c ' f4-app.service ')"
  sf_fact F4.merge.second_before_gate "$(sf_bg_done b && echo "returned exit=$(cat "$SF/bg-b.rc")" || echo waiting)"
  t_open=$(sf_ms); sf_open f4
  ra=$(sf_bg_wait a 10); rb=$(sf_bg_wait b 10)
  sf_fact F4.merge.result "first=$ra second=$rb second_returned_after_gate=$( (($(sf_bg_end b) >= t_open)) && echo yes || echo no) app=$(sf_state f4-app.service)"
  sf_sc stop f4-app.service >/dev/null 2>&1

  # backend has a start job waiting for slow storage (ExecStartPre=sleep 2)
  local m st be
  for m in ignore-dependencies plain; do
    sf_sc stop f4-backend.service f4-storage.service >/dev/null 2>&1
    sf_bg p timeout 30 systemctl start f4-backend.service
    sf_until 5 sf_has_job f4-backend.service; j1=$(sf_job f4-backend.service)
    t_start=$(sf_ms)
    if [[ $m == plain ]]; then sf_run sf_sc start f4-backend.service
    else sf_run sf_sc start --job-mode=ignore-dependencies f4-backend.service; fi
    ms=$(($(sf_ms) - t_start))
    st=$(sf_states f4-backend.service f4-storage.service)
    j2=$(sf_job f4-backend.service)
    local rp; rp=$(sf_bg_wait p 10)
    sf_fact "F4.storage.$m.first_caller" "exit=$rp storage_active_when_it_returned=$(sf_is f4-storage.service active && echo yes || echo no)"
    sf_until 5 sf_is f4-storage.service active
    be=$(sf_mono f4-backend.service ActiveEnterTimestampMonotonic)
    local sto; sto=$(sf_mono f4-storage.service ActiveEnterTimestampMonotonic)
    sf_fact "F4.storage.$m" "rc=$SF_RC returned_ms=$ms at_return: ${st//f4-/} backend_active_before_storage=$( ((be < sto)) && echo yes || echo no)"
    sf_fact "F4.storage.$m.job" "pending=$j1 after=${j2:-none}"
  done
  sf_sc stop f4-backend.service f4-storage.service >/dev/null 2>&1
}

# ---------------------------------------------------------------- F5 socket activation
facts_f5() {
  local svc=f5-app.service sock=f5-app.socket
  sf_fact F5.deps.service "$(systemctl show -p Requires,Wants,BindsTo,After,TriggeredBy $svc | tr '\n' ' ')"
  sf_fact F5.deps.socket "$(systemctl show -p Triggers,Before,RequiredBy,WantedBy $sock | tr '\n' ' ')"
  sf_close f5
  sf_run sf_sc start $sock
  sf_fact F5.deps.service_socket_loaded "$(systemctl show -p Requires,Wants,BindsTo,After,TriggeredBy $svc | tr '\n' ' ')"
  # a client connects while the gate is closed
  sf_run timeout 3 bash -c 'exec 3<>/dev/tcp/127.0.0.1/17651'
  sf_fact F5.client.connect "rc=$SF_RC"
  sf_until 3 sf_has_job $svc
  sf_until 3 sf_is f5-req.service active; sf_until 3 sf_is f5-want.service active
  sf_fact F5.client.app "state=$(sf_state $svc) job=$(sf_has_job $svc && echo pending || echo none) gate_job=$(sf_has_job gate@f5.service && echo running || echo none)"
  sf_fact F5.client.backends "$(sf_states f5-req.service f5-want.service | sed 's/f5-//g') (gate still closed)"
  # stop the socket (plain) while app's start job waits for the gate
  sf_run sf_sc stop $sock
  sleep 0.3
  sf_fact F5.stop_socket.pending "rc=$SF_RC app_job=$(sf_has_job $svc && echo kept || echo cancelled) socket=$(sf_state $sock) msg=$SF_OUT"
  sf_open f5
  sf_until 3 sf_no_job $svc
  sf_fact F5.stop_socket.pending_after_gate "app=$(sf_state $svc)"
  sf_sc stop $svc >/dev/null 2>&1; systemctl reset-failed $svc 2>/dev/null
  # app active through the socket, then stop the socket
  sf_run sf_sc start $sock
  sf_run timeout 3 bash -c 'exec 3<>/dev/tcp/127.0.0.1/17651'
  sf_until 3 sf_is $svc active
  sf_run sf_sc stop $sock
  sleep 0.3
  sf_fact F5.stop_socket.active "rc=$SF_RC app=$(sf_state $svc) msg=$SF_OUT"
  sf_sc stop $svc f5-req.service f5-want.service >/dev/null 2>&1
}

# ---------------------------------------------------------------- F6 stop/start/restart of app and its workers
facts_f6() {
  local w='f6-worker@1.service f6-worker@2.service f6-worker@3.service' p1 p2 p3 out
  sf_run sf_sc start f6-app.service $w
  sf_run sf_sc stop f6-app.service; sleep 0.3
  sf_fact F6.stop "$(sf_states $w | sed 's/f6-//g')"
  sf_run sf_sc start f6-app.service; sleep 0.3
  sf_fact F6.start "$(sf_states $w | sed 's/f6-//g')"
  sf_run sf_sc start $w
  p1=$(sf_pid f6-worker@1.service) p2=$(sf_pid f6-worker@2.service) p3=$(sf_pid f6-worker@3.service)
  sf_run sf_sc restart f6-app.service; sleep 0.3
  out=()
  local i p old
  for i in 1 2 3; do
    p=$(sf_pid "f6-worker@$i.service"); old=p$i
    out+=("worker@$i=$(sf_state "f6-worker@$i.service")/$([[ $p == "${!old}" ]] && echo same-pid || echo new-pid)")
  done
  sf_fact F6.restart "${out[*]}"
  sf_sc stop f6-app.service $w >/dev/null 2>&1
}

# ---------------------------------------------------------------- F7 restart propagation
facts_f7() {
  local k app be p0 p1
  for k in BindsTo Requires; do
    app=f7-$k-app.service be=f7-$k-backend.service
    sf_run sf_sc start "$be" "$app"
    p0=$(sf_pid "$app")
    sf_run sf_sc restart "$be"; sleep 0.3
    p1=$(sf_pid "$app")
    sf_fact "F7.$k.restart" "app=$(sf_state "$app")/$([[ $p1 == "$p0" ]] && echo same-pid || echo new-pid)"
    sf_run sf_sc restart --job-mode=ignore-dependencies "$be"; sleep 0.3
    p0=$(sf_pid "$app")
    sf_fact "F7.$k.restart_ignore_dependencies" "app=$(sf_state "$app")/$([[ $p0 == "$p1" ]] && echo same-pid || echo new-pid)"
    sf_run sf_sc stop --job-mode=ignore-dependencies "$be"; sleep 0.3
    sf_fact "F7.$k.stop_ignore_dependencies" "app=$(sf_state "$app")"
    sf_run sf_sc start --job-mode=ignore-dependencies "$be"; sleep 0.3
    p1=$(sf_pid "$app")
    sf_fact "F7.$k.start_ignore_dependencies" "app=$(sf_state "$app")/$([[ $p1 == "$p0" ]] && echo same-pid || echo "new-pid")"
    sf_sc stop "$app" "$be" >/dev/null 2>&1
  done
}

# ---------------------------------------------------------------- F8 markers
facts_f8() {
  local app=f8-app.service p0 p1
  sf_run sf_sc start $app; p0=$(sf_pid $app)
  sf_run sf_sc set-property $app Markers=+needs-restart
  sf_fact F8.set "rc=$SF_RC Markers=$(sf_prop $app Markers)"
  sf_fact F8.set.dropins "$(grep -rls Markers /etc/systemd/system.control /run/systemd/system.control 2>/dev/null | tr '\n' ' ')"
  sf_run sf_sc daemon-reload
  sf_fact F8.daemon_reload "Markers=$(sf_prop $app Markers)"
  sf_run sf_sc reload-or-restart --marked
  p1=$(sf_pid $app)
  sf_fact F8.marked "rc=$SF_RC app=$(sf_state $app)/$([[ $p1 == "$p0" ]] && echo same-pid || echo new-pid) Markers=$(sf_prop $app Markers)"
  sf_run sf_sc set-property $app Markers=+needs-restart
  sf_run sf_sc set-property $app Markers=-needs-restart
  sf_fact F8.unset "rc=$SF_RC Markers=$(sf_prop $app Markers)"
  sf_run sf_sc reload-or-restart --marked
  p0=$(sf_pid $app)
  sf_fact F8.unset.marked "rc=$SF_RC app=$(sf_state $app)/$([[ $p1 == "$p0" ]] && echo same-pid || echo new-pid)"
  # a marked unit that is stopped: --marked does not start it
  sf_run sf_sc set-property f8-off.service Markers=+needs-restart
  sf_run sf_sc reload-or-restart --marked
  sf_fact F8.inactive "rc=$SF_RC f8-off=$(sf_state f8-off.service) Markers=$(sf_prop f8-off.service Markers)"
  # a marked unit whose start job waits for the gate (what the rpm trigger meets during an upgrade)
  sf_open f8; sf_run sf_sc start f8-gated.service; sf_close f8
  sf_bg g timeout 30 systemctl restart f8-gated.service
  sf_until 5 sf_has_job f8-gated.service
  local j0; j0=$(sf_job f8-gated.service)
  sf_run sf_sc set-property f8-gated.service Markers=+needs-restart
  local t0; t0=$(sf_ms)
  sf_run timeout 5 systemctl reload-or-restart --marked
  sf_fact F8.pending "rc=$SF_RC ms=$(($(sf_ms) - t0)) job=$([[ $(sf_job f8-gated.service) == "$j0" ]] && echo kept || echo "changed($j0->$(sf_job f8-gated.service))") Markers=$(sf_prop f8-gated.service Markers)"
  sf_open f8; sf_bg_wait g 10 >/dev/null
  sf_fact F8.pending.after_gate "app=$(sf_state f8-gated.service) Markers=$(sf_prop f8-gated.service Markers)"
  # a marked, active unit whose restart needs the closed gate: --marked waits for the gate (the rpm
  # file trigger would hold the rpm transaction)
  sf_close f8
  sf_run sf_sc set-property f8-gated.service Markers=+needs-restart
  p0=$(sf_pid f8-gated.service); t0=$(sf_ms)
  sf_run timeout 2 systemctl reload-or-restart --marked
  sf_fact F8.active_gated "rc=$SF_RC ms=$(($(sf_ms) - t0)) app=$(sf_state f8-gated.service) job=$(sf_has_job f8-gated.service && echo pending || echo none) Markers=$(sf_prop f8-gated.service Markers)"
  sf_open f8; sf_until 5 sf_no_job f8-gated.service
  p1=$(sf_pid f8-gated.service)
  sf_fact F8.active_gated.after_gate "app=$(sf_state f8-gated.service)/$([[ $p1 == "$p0" ]] && echo same-pid || echo new-pid)"
  # does a plain restart (not --marked) clear the mark?
  sf_run sf_sc set-property $app Markers=+needs-restart
  sf_run sf_sc restart $app
  sf_fact F8.plain_restart "rc=$SF_RC Markers=$(sf_prop $app Markers)"
  sf_sc stop $app f8-gated.service >/dev/null 2>&1
}

# ---------------------------------------------------------------- F9 failed oneshot
sf_system() { local s; s=$(systemctl is-system-running); echo "$s(rc=$?)"; }
facts_f9() {
  local u=f9-once.service
  systemctl reset-failed
  sf_fact F9.baseline "$(sf_system)"
  echo 1 >"$SF/f9.code"; sf_run sf_sc start $u
  sf_fact F9.fail "rc=$SF_RC state=$(sf_state $u) result=$(sf_prop $u Result) system=$(sf_system) msg=$SF_OUT"
  echo 0 >"$SF/f9.code"; sf_run sf_sc start $u
  sf_fact F9.success "rc=$SF_RC state=$(sf_state $u) result=$(sf_prop $u Result) system=$(sf_system)"
  echo 1 >"$SF/f9.code"; sf_run sf_sc start $u
  sf_run sf_sc reset-failed $u
  sf_fact F9.reset_failed "rc=$SF_RC state=$(sf_state $u) result=$(sf_prop $u Result) system=$(sf_system)"
}

# ---------------------------------------------------------------- F10 the deadlock trap
facts_f10() {
  local m t0 a c jobs
  for m in block noblock; do
    a=f10-$m-a.service c=f10-$m-c.service
    t0=$(sf_ms)
    sf_bg a10 timeout 10 systemctl start $a
    if [[ $m == block ]]; then
      sleep 2
      jobs=$(systemctl list-jobs --no-legend | grep f10- | awk '{print $2 ":" $4}' | sort | tr '\n' ' ')
      sf_fact F10.block.jobs_at_2s "$jobs"
    fi
    sf_bg_wait a10 12 >/dev/null
    sf_fact "F10.$m.outer" "exit=$(cat "$SF/bg-a10.rc") ms=$(($(sf_bg_end a10) - t0))"
    sf_fact "F10.$m.inner" "$(cat "$SF/inner-$c" 2>/dev/null)"
    sf_until 3 sf_is $c active
    local a_exit c_start
    a_exit=$(sf_mono $a ExecMainExitTimestampMonotonic); c_start=$(sf_mono $c ExecMainStartTimestampMonotonic)
    sf_fact "F10.$m.c_after" "c=$(sf_state $c) c_started_after_a_exited=$( ((c_start >= a_exit)) && echo yes || echo no)"
    sf_sc stop $c >/dev/null 2>&1
  done
}

# ---------------------------------------------------------------- F11 what systemctl show / list-dependencies print
facts_f11() {
  local out
  sf_run sf_sc start f11-backend.service f11-requires.service f11-bindsto.service f11-partof.service f11-wants.service
  out=$(systemctl show -p RequiredBy,BoundBy,ConsistsOf,WantedBy,TriggeredBy,Triggers,ActiveState,Job,NeedDaemonReload \
    f11-backend.service f11-requires.service)
  printf '%s\n' "$out" >"$SF_R/f11-show.txt"
  sf_fact F11.show.raw "${out//$'\n'/\\n}"
  sf_fact F11.show.blank_lines "$(grep -c '^$' <<<"$out")"
  sf_fact F11.show.first_block_order "$(sed '/^$/q' <<<"$out" | grep -v '^$' | cut -d= -f1 | paste -sd' ')"
  out=$(systemctl show -p ActiveState --value f11-backend.service f11-requires.service f11-wants.service)
  sf_fact F11.show.value_multi "${out//$'\n'/\\n}"
  out=$(systemctl show -p Names,NoSuchProperty --value f11-backend.service)
  sf_fact F11.show.unknown_property "${out//$'\n'/\\n}"
  out=$(systemctl show -p ActiveState,LoadState no-such-unit.service)
  sf_fact F11.show.missing_unit "rc=$? ${out//$'\n'/\\n}"
  sf_fact F11.listdeps.gate "$(systemctl list-dependencies --reverse --plain --no-pager gate@f11.service | sed 's/^ *//' | tr '\n' ' ')"
  sf_fact F11.listdeps.backend "$(systemctl list-dependencies --reverse --plain --no-pager f11-backend.service | sed 's/^ *//' | tr '\n' ' ')"
  sf_close f11
  sf_bg f11 timeout 30 systemctl start f11-ga.service
  sf_until 5 sf_has_job f11-ga.service
  sf_fact F11.listdeps.gate_loaded "$(systemctl list-dependencies --reverse --plain --no-pager gate@f11.service | sed 's/^ *//' | tr '\n' ' ')"
  out=$(systemctl show -p Job,ActiveState f11-ga.service gate@f11.service f11-backend.service)
  sf_fact F11.job "${out//$'\n'/\\n}"
  sf_fact F11.list_jobs "$(systemctl list-jobs --no-legend | grep f11 | sed 's/  */ /g' | tr '\n' ';')"
  sf_open f11; sf_bg_wait f11 10 >/dev/null
  sf_sc stop 'f11*' >/dev/null 2>&1
}

# ---------------------------------------------------------------- F12 gate exit 0 / exit 1
facts_f12() {
  local code ra rb
  for code in 0 1; do
    sf_close f12
    sf_bg a timeout 30 systemctl start f12-a.service
    sf_bg b timeout 30 systemctl start f12-b.service
    sf_until 5 sf_has_job f12-a.service; sf_until 5 sf_has_job f12-b.service
    sleep 0.3
    sf_open f12 "$code"
    ra=$(sf_bg_wait a 10); rb=$(sf_bg_wait b 10)
    sf_fact "F12.exit$code" "rc=$ra,$rb $(sf_states f12-a.service f12-b.service gate@f12.service) gate_result=$(sf_prop gate@f12.service Result)"
    if [[ $code == 1 ]]; then
      sf_fact F12.exit1.msg "$(sf_bg_out a)"
      sf_fact F12.exit1.journal "$(journalctl --no-pager -o cat -u f12-a.service | tail -n 1)"
    fi
    sf_sc stop f12-a.service f12-b.service >/dev/null 2>&1
  done
  systemctl reset-failed gate@f12.service 2>/dev/null
}

facts_all() {
  sf_setup
  sf_fact F0.systemd "$(systemctl --version | head -n 1)"
  local f t
  for f in f1 f2 f3 f4 f5 f6 f7 f8 f10 f11 f12 f9; do
    t=$(sf_ms)
    "facts_$f"
    sf_log "$f took $(($(sf_ms) - t)) ms"
  done
  sf_fact F0.total_ms $(($(sf_ms) - SF_T0))
  # leave nothing behind: background commands are bounded by their timeouts; end them now
  local p; for p in $(jobs -p); do kill "$p" 2>/dev/null; done
  wait 2>/dev/null
  journalctl --no-pager -o short-monotonic -u 'f*' -u 'gate@*' >"$SF_R/journal.txt" 2>/dev/null
  cut -f1,2 "$SF_FACTS"
}

#!/bin/bash
# A real systemd (PID 1) for tests: a cached Debian bookworm root booted with systemd-nspawn.
#
#   container.sh image                      build the cached root once (atomic), print its path
#   container.sh run [OPTS] -- CMD...       boot a throwaway container, run CMD inside, power off
#   container.sh chroot [OPTS] -- CMD...    run CMD chrooted in the tree (no systemd: an image build)
# OPTS:
#   --bind-ro SRC:DST    bind a host path read-only into the container (the project's build outputs)
#   --bind SRC:DST       bind a host path read-write (a results folder)
#   --upper DIR          keep the container's writes in DIR (an overlay upper dir) instead of a tmpfs,
#                        so a later run/chroot with the same --upper sees the same tree (an image's layers)
#   --name NAME          machine name (default uh-PID)
#   --lower DIR          an extra read-only layer over the cached image (e.g. an --upper DIR/up of an earlier
#                        chroot: a cached derived image), below the container's own writes
#   --btrfs DST[:SIZE]   (run) a fresh btrfs of SIZE (default 1G; an image in the work tmpfs, sparse, on a loop
#                        device that detaches itself when the namespace's mounts go) mounted at DST inside
#   --forward-tcp P:Q    (run) listen on the host's 127.0.0.1:P and relay each connection to 127.0.0.1:Q in the
#                        container's own network (loopback only; the container keeps its private network)
# CMD runs inside through nsenter with a clean environment; its exit status is ours.
# Everything runs in a private mount namespace and its own cgroup: when the caller is killed, the
# namespace's mounts vanish and the EXIT trap kills the container (its PID 1 last).
set -euo pipefail

CACHE=${UPGRADE_HOOK_TEST_CACHE:-/var/tmp/upgrade-hook-test-cache}
IMAGE=$CACHE/bookworm-systemd
PACKAGES=systemd,systemd-sysv,dbus,ca-certificates,nodejs,rpm,dnf,createrepo-c,postgresql,passwd,procps,python3
INSIDE_PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin

log() { printf '[container] %s\n' "$*" >&2; }

mirror() {
  local m
  m=$(grep -hoE '^(URIs:|deb) +https?://[^ ]+' /etc/apt/sources.list.d/* /etc/apt/sources.list 2>/dev/null |
      grep -v -e security -e nodesource -e google | awk '{print $2}' | head -n1 || true)
  echo "${m:-http://deb.debian.org/debian}"
}

# Build the root once: debootstrap into a temp dir, then rename (a killed build leaves only a .tmp dir).
build_image() {
  if [[ -f $IMAGE/.upgrade-hook-image && $(cat "$IMAGE/.upgrade-hook-image") == "$PACKAGES" ]]; then
    echo "$IMAGE"; return 0
  fi
  mkdir -p "$CACHE"
  exec 9>"$CACHE/.build.lock"; flock 9
  if [[ -f $IMAGE/.upgrade-hook-image && $(cat "$IMAGE/.upgrade-hook-image") == "$PACKAGES" ]]; then
    echo "$IMAGE"; return 0
  fi
  local tmp="$CACHE/.bookworm-systemd.tmp.$$"
  # (--one-file-system: never follow a mount a killed build may have left inside)
  rm -rf --one-file-system "$CACHE"/.bookworm-systemd.tmp.* "$IMAGE.old"
  log "building $IMAGE (debootstrap bookworm, once; ~2 min)"
  # debootstrap mounts /proc and /sys inside the target: in a private mount namespace they vanish even if
  # the build is killed
  unshare --mount --propagation private debootstrap --variant=minbase --include="$PACKAGES" bookworm "$tmp" "$(mirror)" >"$CACHE/debootstrap.log" 2>&1 ||
    { tail -n 20 "$CACHE/debootstrap.log" >&2; rm -rf "$tmp"; return 1; }
  # Debian's rpm keeps its database in ~/.rpmdb; a system rpmdb lives in /var/lib/rpm.
  mkdir -p "$tmp/etc/rpm" "$tmp/var/lib/rpm"
  echo '%_dbpath /var/lib/rpm' >"$tmp/etc/rpm/macros.dbpath"
  echo uh-test >"$tmp/etc/hostname"
  : >"$tmp/etc/machine-id"
  rm -f "$tmp"/var/cache/apt/archives/*.deb
  echo "$PACKAGES" >"$tmp/.upgrade-hook-image"
  [[ -d $IMAGE ]] && mv "$IMAGE" "$IMAGE.old"
  mv "$tmp" "$IMAGE"
  rm -rf "$IMAGE.old"
  echo "$IMAGE"
}


parse_opts() {
  BINDS=(); UPPER=; NAME=; LOWER=; FORWARDS=(); BTRFS=
  while [[ $# -gt 0 ]]; do
    case $1 in
      --bind-ro|--bind) BINDS+=("$1=$2"); shift 2 ;;
      --upper) UPPER=$2; shift 2 ;;
      --lower) LOWER=$2; shift 2 ;;
      --forward-tcp) FORWARDS+=("$2"); shift 2 ;;
      --btrfs) BTRFS=$2; shift 2 ;;
      --name) NAME=$2; shift 2 ;;
      --) shift; break ;;
      *) echo "container.sh: unknown option $1" >&2; exit 2 ;;
    esac
  done
  CMD=("$@")
  [[ ${#CMD[@]} -gt 0 ]] || { echo "container.sh: no command after --" >&2; exit 2; }
}

# Its own cgroup (v1 name=systemd and the unified tree when present): nspawn creates payload/ and
# supervisor/ below the cgroup it starts in; these go away with ours.
CGROUPS=()
enter_own_cgroup() {
  CGROUP_ID=$(basename "$WORK" | tr -cd "[:alnum:]")
  # Each run holds a lock named after its cgroup while it lives (fd 8, inherited by what it starts; even a
  # SIGKILL releases it). Only the cgroups of runs whose lock is free are removed: rmdir alone also took a
  # starting sibling's payload/ in the instant before nspawn moved its child in ("Failed to attach … to
  # compat systemd cgroup …/payload", three hosts of the fleet test starting at once).
  mkdir -p "$CACHE/cgroup-locks"
  exec 8>"$CACHE/cgroup-locks/$CGROUP_ID"; flock 8
  local base dir id
  for base in /sys/fs/cgroup/systemd /sys/fs/cgroup/unified; do
    [[ -w $base/cgroup.procs ]] || continue
    # left by a run that was SIGKILLed
    for dir in "$base"/upgrade-hook-test-*; do
      [[ -d $dir ]] || continue
      id=${dir##*/upgrade-hook-test-}
      [[ $id == "$CGROUP_ID" ]] && continue
      ( exec 9>>"$CACHE/cgroup-locks/$id"; flock -n 9 ) || continue
      find "$dir" -depth -type d -exec rmdir {} + 2>/dev/null || true
      [[ -d $dir ]] || rm -f "$CACHE/cgroup-locks/$id"
    done
    dir=$base/upgrade-hook-test-$CGROUP_ID
    mkdir -p "$dir" && echo $$ >"$dir/cgroup.procs" && CGROUPS+=("$dir")
  done
}
leave_own_cgroups() {
  local dir base
  for dir in "${CGROUPS[@]}"; do
    base=$(dirname "$dir"); echo $$ >"$base/cgroup.procs" 2>/dev/null || true
    find "$dir" -depth -type d -exec rmdir {} + 2>/dev/null || true
  done
  [[ -n ${CGROUP_ID:-} ]] && rm -f "$CACHE/cgroup-locks/$CGROUP_ID"
}

# The tree: an overlay of the cached image with the writes in a tmpfs (throwaway) or in --upper DIR.
mount_tree() {
  local state=$WORK
  if [[ -n $UPPER ]]; then state=$UPPER; mkdir -p "$UPPER"; fi
  mkdir -p "$state/up" "$state/work" "$WORK/merged"
  mount -t overlay uh-tree -o "lowerdir=${LOWER:+$LOWER:}$IMAGE,upperdir=$state/up,workdir=$state/work" "$WORK/merged"
  TREE=$WORK/merged
}

inside() { nsenter -t "$PID1" -a env -i PATH=$INSIDE_PATH HOME=/root LANG=C.UTF-8 TERM=dumb "$@"; }

NSPAWN=; PID1=
stop_container() {
  [[ -n $NSPAWN ]] || return 0
  if kill -0 "$NSPAWN" 2>/dev/null && [[ -n $PID1 ]]; then
    inside systemctl poweroff --no-block >/dev/null 2>&1 || true
    for _ in $(seq 100); do kill -0 "$NSPAWN" 2>/dev/null || break; sleep 0.1; done
  fi
  if kill -0 "$NSPAWN" 2>/dev/null; then
    log "container did not power off; killing it"
    [[ -n $PID1 ]] && kill -KILL "$PID1" 2>/dev/null || true
    kill -KILL "$NSPAWN" 2>/dev/null || true
  fi
  wait "$NSPAWN" 2>/dev/null || true
  NSPAWN=
}

cleanup() {
  local rc=$?
  trap - EXIT INT TERM HUP
  stop_container
  leave_own_cgroups
  # the mounts vanish with the namespace anyway; the (then empty) directory must go too
  if [[ -n ${WORK:-} ]]; then umount -R "$WORK" 2>/dev/null || umount -l "$WORK" 2>/dev/null || true; rmdir "$WORK" 2>/dev/null || true; fi
  exit "$rc"
}

boot_and_run() {
  local args=(--quiet --console=pipe --register=no --keep-unit --link-journal=no -M "$NAME" --network-veth -b)
  local b
  for b in "${BINDS[@]}"; do args+=("$b"); done
  if [[ -n $BTRFS ]]; then
    local size=1G; [[ $BTRFS == *:* ]] && size=${BTRFS#*:}
    truncate -s "$size" "$WORK/btrfs.img" && mkfs.btrfs -q "$WORK/btrfs.img" >/dev/null 2>&1 &&
      mkdir "$WORK/btrfs" && mount -o loop "$WORK/btrfs.img" "$WORK/btrfs" || { log "--btrfs: cannot make the filesystem"; return 1; }
    args+=("--bind=$WORK/btrfs:${BTRFS%%:*}")
  fi
  if [[ -n $UPPER || -n $LOWER ]]; then mount_tree; args+=(-D "$TREE"); else args+=(-D "$IMAGE" --volatile=overlay); fi
  setsid systemd-nspawn "${args[@]}" </dev/null >"$WORK/console.log" 2>&1 &
  NSPAWN=$!
  local t0=$SECONDS
  while [[ -z $PID1 ]]; do
    kill -0 "$NSPAWN" 2>/dev/null || { log "systemd-nspawn exited early:"; cat "$WORK/console.log" >&2; return 1; }
    PID1=$(awk '{print $1}' "/proc/$NSPAWN/task/$NSPAWN/children" 2>/dev/null || true)
    if [[ -n $PID1 && $(cat "/proc/$PID1/comm" 2>/dev/null) != systemd ]]; then PID1=; fi
    (( SECONDS - t0 < 60 )) || { log "no systemd in the container after 60 s"; return 1; }
    [[ -n $PID1 ]] || sleep 0.05
  done
  # systemctl needs PID 1's private bus socket, which appears a moment after PID 1 does
  while [[ ! -S /proc/$PID1/root/run/systemd/private ]]; do
    (( SECONDS - t0 < 60 )) || { log "systemd's bus did not appear after 60 s"; return 1; }
    sleep 0.05
  done
  local state
  state=$(timeout 120 nsenter -t "$PID1" -a env -i PATH=$INSIDE_PATH systemctl is-system-running --wait 2>/dev/null || true)
  if [[ $state != running ]]; then
    log "system state: ${state:-unknown}"; tail -n 30 "$WORK/console.log" >&2
    inside systemctl --failed --no-legend >&2 || true
    [[ $state == degraded ]] || return 1
  fi
  start_forwards || return 1
  local rc=0
  inside "${CMD[@]}" || rc=$?
  return $rc
}

# --forward-tcp: one relay process per port, in this (host) network namespace; it says "listening" once bound.
# It lives in our private PID namespace, so it dies with us.
start_forwards() {
  local f fd line
  for f in "${FORWARDS[@]}"; do
    exec {fd}< <(exec python3 "$(dirname "$0")/netns-forward.py" "$PID1" "${f%%:*}" "${f#*:}")
    line=; read -r -t 30 line <&"$fd" || true
    if [[ $line != listening ]]; then
      log "--forward-tcp $f: the relay did not start"
      kill -0 "$PID1" 2>/dev/null || { log "the container's PID 1 ($PID1) is gone; its console:"; tail -n 30 "$WORK/console.log" >&2; }
      return 1
    fi
  done
}

chroot_and_run() {
  mount_tree
  mount -t proc proc "$TREE/proc"
  mount --rbind /dev "$TREE/dev"; mount --make-rslave "$TREE/dev"
  mount -t sysfs sysfs "$TREE/sys"
  mount -t tmpfs -o mode=0755 tmpfs "$TREE/run"
  local b spec src dst
  for b in "${BINDS[@]}"; do
    spec=${b#*=}; src=${spec%%:*}; dst=${spec#*:}
    mkdir -p "$TREE/$dst"; mount --bind "$src" "$TREE/$dst"
    [[ $b == --bind-ro=* ]] && mount -o remount,bind,ro "$TREE/$dst"
  done
  chroot "$TREE" env -i PATH=$INSIDE_PATH HOME=/root LANG=C.UTF-8 TERM=dumb "${CMD[@]}"
}

# Second stage: PID 1 of a private PID and mount namespace (unshare --kill-child), so that when the
# caller dies, even by SIGKILL, the kernel kills nspawn and the container and drops every mount.
inner() {
  local mode=$1; shift
  parse_opts "$@"
  IMAGE=$(build_image)
  WORK=$(mktemp -d /tmp/upgrade-hook-container.XXXXXX)
  mount -t tmpfs -o mode=0755 uh-work "$WORK"
  [[ -n $NAME ]] || NAME=uh-$(tr -cd '[:alnum:]' <<<"${WORK##*.}")
  # nspawn keeps locks and mount propagation dirs in /run/systemd/nspawn: a private tmpfs keeps them off the host
  mkdir -p /run/systemd/nspawn && mount -t tmpfs -o mode=0755 uh-nspawn /run/systemd/nspawn
  trap cleanup EXIT; trap 'exit 143' TERM; trap 'exit 130' INT; trap 'exit 129' HUP
  enter_own_cgroup
  if [[ $mode == run ]]; then boot_and_run; else chroot_and_run; fi
}

case "${1:-}" in
  image) build_image ;;
  run|chroot)
    [[ $(id -u) == 0 ]] || { echo "container.sh: needs root" >&2; exit 77; }
    build_image >/dev/null
    exec unshare --mount --propagation private --pid --fork --kill-child --mount-proc "$0" __inner "$@" ;;
  __inner) shift; inner "$@" ;;
  *) echo "usage: $0 image | run|chroot [--bind-ro S:D] [--bind S:D] [--upper DIR] [--lower DIR] [--forward-tcp P:Q] [--btrfs DST] [--name N] -- CMD..." >&2; exit 2 ;;
esac

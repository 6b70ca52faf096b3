#!/bin/bash
# Runs CMD as root in a throw-away copy of a root tree (this machine's / by default): a copy-on-write overlay
# in a private mount namespace. Every write vanishes when the command ends, even if it is killed.
#   sandbox.sh [--bare] [--container] [--netns] [--lower DIR] [--timeout SECONDS] [--bind HOSTDIR:INSIDE]... [--] CMD...
# --lower DIR   the tree to copy (default /), e.g. the cached Debian sid root; it is never written.
# --bind        bind HOSTDIR (real writes) at INSIDE; created inside when missing.
# --container   a new PID namespace whose PID 1 (a shell waiting for CMD) has the sandbox as its root, after
#               pivot_root: like a container without systemd, not a chroot (/proc/1/root is /). Every process
#               left behind dies with it. Default: a plain chroot, whose PID 1 (in a new PID namespace too, so
#               nothing survives) stays outside, like the rpm or chroot process of a real chroot.
# --netns       a private network namespace: lo up and a veth pair sandbox0/1 (a network, not only lo),
#               so servers started inside cannot collide with the host's or another sandbox's ports.
# --bare        skip the rpm setup (rpmdb pinned to /var/lib/rpm; a package providing what the tree has but an
#               empty rpmdb lacks: /bin/sh, /usr/bin/node, nodejs = 1:its version, python3, python3-dnf if dnf4).
# Re-executes itself under `timeout --kill-after=10 N unshare -m --propagation private` (default 300 s).
set -euo pipefail

if [[ -z "${UPGRADE_HOOK_SANDBOX_INNER:-}" ]]; then
  timeout=300
  args=("$@")
  for ((i = 0; i < ${#args[@]}; i++)); do
    [[ "${args[i]}" == --timeout ]] && timeout=${args[i + 1]}
    [[ "${args[i]}" == -- ]] && break
  done
  [[ $(id -u) == 0 ]] || { echo "sandbox.sh: needs root (mount namespace and overlayfs)" >&2; exit 77; }
  grep -qw overlay /proc/filesystems || modprobe overlay 2>/dev/null || { echo "sandbox.sh: no overlay filesystem" >&2; exit 77; }
  UPGRADE_HOOK_SANDBOX_INNER=1 exec timeout --kill-after=10 "$timeout" unshare -m --propagation private "$0" "$@"
fi
unset UPGRADE_HOOK_SANDBOX_INNER

binds=()
bare=0
container=0
netns=()
lower=/
while (($#)); do
  case "$1" in
    --bind) binds+=("$2"); shift 2 ;;
    --lower) lower=$2; shift 2 ;;
    --bare) bare=1; shift ;;
    --container) container=1; shift ;;
    --netns) netns=(--net); shift ;;
    --timeout) shift 2 ;;
    --) shift; break ;;
    *) break ;;
  esac
done
(($#)) || { echo "usage: sandbox.sh [--bare] [--container] [--netns] [--lower DIR] [--timeout S] [--bind HOSTDIR:INSIDE]... [--] CMD..." >&2; exit 2; }

# One fixed, empty mount point: each sandbox mounts its tmpfs there in its own namespace, so nothing is left.
B=/var/tmp/upgrade-hook-sandbox
mkdir -p "$B"
mount -t tmpfs -o mode=0755 sandbox "$B"
mkdir -p "$B"/{up,work,merged}
mount -t overlay sandbox -o lowerdir="$lower",upperdir="$B/up",workdir="$B/work" "$B/merged"
M=$B/merged
mount -t proc proc "$M/proc"
mount --rbind /dev "$M/dev"
mount --rbind /sys "$M/sys"
mount -t tmpfs -o mode=0755 tmpfs "$M/run"
mount -t tmpfs -o mode=1777 tmpfs "$M/tmp"
for b in "${binds[@]}"; do
  host=${b%%:*} inside=${b#*:}
  mkdir -p "$M$inside"
  mount --bind "$host" "$M$inside"
done

if ((bare == 0)); then
  chroot "$M" /bin/sh -euc '
    mkdir -p /etc/rpm /var/lib/rpm
    echo "%_dbpath /var/lib/rpm" > /etc/rpm/macros.dbpath
    rpm -q sandbox-fake-provides >/dev/null 2>&1 && exit 0
    d=$(mktemp -d)
    node=; [ -x /usr/bin/node ] && node="/usr/bin/node nodejs = 1:$(/usr/bin/node -p process.versions.node)"
    py=; [ -x /usr/bin/python3 ] && py="/usr/bin/python3 python3"
    dnf4=; [ -n "$py" ] && /usr/bin/python3 -c "import dnf" 2>/dev/null && dnf4=python3-dnf
    cat > "$d/fake-provides.spec" <<SPEC
Name: sandbox-fake-provides
Version: 1
Release: 1
Summary: Stands in for the host packages an empty rpmdb does not know
License: MIT
BuildArch: noarch
Provides: /bin/sh /bin/bash /usr/bin/sh /usr/bin/bash $node $py $dnf4
%description
Empty.
%files
SPEC
    if command -v rpmbuild >/dev/null; then
      rpmbuild --quiet --define "_topdir $d" -bb "$d/fake-provides.spec" >/dev/null 2>&1
      rpm -i --nodeps "$(ls "$d"/RPMS/noarch/*.rpm)" 2>/dev/null || rpm -i --nodeps --force-debian "$(ls "$d"/RPMS/noarch/*.rpm)"
    fi
    rm -rf "$d"'
fi

# Both modes run in a new PID namespace, so every process CMD leaves behind dies with it. PID 1 first sets up
# the private network, if asked, with the host's ip(8) (the lower tree may have none).
net_setup=:
if ((${#netns[@]})); then
  ip=$(command -v ip) || { echo "sandbox.sh: --netns needs ip (apt-get install iproute2)" >&2; exit 77; }
  net_setup="$ip link set lo up && $ip link add sandbox0 type veth peer name sandbox1 && $ip link set sandbox0 up && $ip link set sandbox1 up"
fi
if ((container == 0)); then
  # PID 1 stays outside the chroot, like the rpm or chroot process of a real chroot.
  exec unshare --pid --fork --kill-child "${netns[@]}" --mount-proc="$M/proc" /bin/sh -c "$net_setup"' && /usr/sbin/chroot "$@"; exit $?' sh "$M" "$@"
fi
# PID 1 of the new namespace: pivot into the sandbox, drop the old root, then run CMD as its child.
exec unshare --pid --fork --kill-child "${netns[@]}" --mount-proc="$M/proc" /bin/sh -euc "$net_setup"'
  cd "$1"; shift
  mkdir -p .sandbox-oldroot
  pivot_root . .sandbox-oldroot
  exec /usr/sbin/chroot . /bin/sh -c "umount -l /.sandbox-oldroot && rmdir /.sandbox-oldroot && \"\$@\"; exit \$?" sh "$@"' sh "$M" "$@"

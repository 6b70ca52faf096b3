#!/bin/sh
# Time and extra disk of `backup` and `rollback` for 1 GiB of data (one file of random bytes plus 64 small
# files), on three filesystems: XFS with reflink=1 and ext4 (4 GiB loop images under BASE, default /var/tmp)
# and tmpfs. Data, state, var_dir and the backups share the filesystem (so XFS can share extents). Root
# only; the mounts live in a private mount namespace and go with it.
#   sh bench/rollback-backup.sh [BUNDLE] [BASE]     (BUNDLE defaults to dist/upgrade-hook.cjs)
# Extra disk is `df` used space after minus before (the set-aside data and the backup stay, as they do).
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
bundle=${1:-$here/dist/upgrade-hook.cjs}
base=${2:-/var/tmp}
if [ "${UH_BENCH_INNER:-}" != 1 ]; then
  [ "$(id -u)" = 0 ] || { echo "needs root (mount)" >&2; exit 2; }
  UH_BENCH_INNER=1 exec unshare -m --propagation private sh "$0" "$bundle" "$base"
fi
work=$(mktemp -d "$base/uh-bench-rollback-XXXXXX")
trap 'umount "$work/mnt" 2>/dev/null || true; rm -rf "$work"' EXIT
uh() { node "$bundle" "$@"; }
ms() { echo $(( $(date +%s%N) / 1000000 )); }
used() { sync -f "$1"; df -B1 --output=used "$1" | tail -1; }
mib() { echo "$1" | awk '{ printf "%.1f MiB", $1 / 1048576 }'; }

measure() { # LABEL: a product on $work/mnt, 1 GiB of data
  m=$work/mnt
  mkdir -p "$m/etc" "$m/state" "$m/var" "$m/lock" "$m/scripts/once" "$m/acme/data"
  head -c 1073741824 /dev/urandom >"$m/acme/data/big.bin"
  for i in $(seq 1 64); do echo "row $i" >"$m/acme/data/small$i"; done
  printf '[demo]\ndata_version = 1.0\n' >"$m/state/demo.state"
  cat >"$m/etc/demo.conf" <<EOF
[product]
build_version = 1.0
state_file = $m/state/demo.state
state_section = demo
scripts = $m/scripts
var_dir = $m/var
log_file = $m/var/upgrade.log

[backup]
paths = $m/acme/data
EOF
  export UPGRADE_HOOK_CONFIG_PATH=$m/etc UPGRADE_HOOK_LOCK_DIR=$m/lock
  u0=$(used "$m"); t0=$(ms)
  uh backup demo >/dev/null
  t1=$(ms); u1=$(used "$m")
  # "the upgrade": 4 MiB of the big file rewritten, the state and the build at 2.0
  dd if=/dev/urandom of="$m/acme/data/big.bin" bs=1M count=4 seek=100 conv=notrunc status=none
  printf '[demo]\ndata_version = 2.0\n' >"$m/state/demo.state"
  sed -i 's/^build_version = .*/build_version = 2.0/' "$m/etc/demo.conf"
  u2=$(used "$m"); t2=$(ms)
  uh rollback demo >/dev/null
  t3=$(ms); u3=$(used "$m")
  cmp -s "$m/acme/data/big.bin" "$(ls -d "$m"/var/backups/1.0-*)/files/0/data/big.bin" || { echo "rollback did not restore" >&2; exit 1; }
  printf '%-22s backup %6d ms, +%s   rollback %6d ms, +%s\n' "$1" $((t1 - t0)) "$(mib $((u1 - u0)))" $((t3 - t2)) "$(mib $((u3 - u2)))"
  umount "$m"
}

mkdir -p "$work/mnt"
truncate -s 4G "$work/xfs.img" && mkfs.xfs -q -m reflink=1 "$work/xfs.img"
mount -o loop "$work/xfs.img" "$work/mnt" && measure 'xfs, reflink=1 (loop)'
rm -f "$work/xfs.img"
truncate -s 4G "$work/ext4.img" && mkfs.ext4 -q "$work/ext4.img"
mount -o loop "$work/ext4.img" "$work/mnt" && measure 'ext4 (loop), plain copy'
rm -f "$work/ext4.img"
mount -t tmpfs -o size=3500m tmpfs "$work/mnt" && measure 'tmpfs, plain copy'

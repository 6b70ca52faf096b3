#!/bin/bash
# Issue 24: what a rehearsal's copy of 1 GiB of data costs, with the tool's own code (build/src/sandbox/
# consistent-copy.js: planCopy and consistentCopy), on btrfs (a snapshot, on a loop device), on a filesystem
# that clones (XFS, reflink=1, on a loop device) and on one that does not (ext4 under /var/tmp). Prints the
# method, the time with the product frozen and the extra disk (df before and after). Needs root, mkfs.btrfs,
# mkfs.xfs and the tests built (npm run build:tests).
#   bash bench/rehearse-copy.sh [MiB]     (default 1024)
set -euo pipefail
[[ ${1:-} == __inner ]] || exec unshare --mount --propagation private "$0" __inner "${1:-1024}"
MIB=$2
here=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d /var/tmp/uh-bench-copy.XXXXXX)
# the loop devices detach themselves when their mount goes (with the namespace, even if this is killed)
cleanup() { umount "$work/xfs" "$work/btrfs" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
mkdir -p "$work/xfs" "$work/btrfs"
truncate -s $(( MIB * 3 + 1024 ))M "$work/xfs.img" "$work/btrfs.img"
mkfs.xfs -q -m reflink=1 "$work/xfs.img"
mount -o loop "$work/xfs.img" "$work/xfs"
mkfs.btrfs -q "$work/btrfs.img"
mount -o loop "$work/btrfs.img" "$work/btrfs"
fill() { # DIR: MIB of data in 64 files of random content, plus 1000 small ones
  mkdir -p "$1/data/small"
  local each=$(( MIB / 64 ))
  for i in $(seq 64); do head -c "${each}M" /dev/urandom >"$1/data/f$i"; done
  for i in $(seq 1000); do echo "$i" >"$1/data/small/$i"; done
  sync
}
measure() { # LABEL DIR
  local dir=$2 before after
  before=$(df -B1 --output=used "$dir" | tail -n1)
  node --input-type=module -e '
    import { mkdirSync } from "node:fs";
    const { consistentCopy, planCopy, measureCopyRate } = await import(process.argv[1] + "/build/src/sandbox/consistent-copy.js");
    const dir = process.argv[2];
    const into = dir + "/copy"; mkdirSync(into);
    const paths = [{ path: dir + "/data", skip: [] }];
    const plan = planCopy(paths, dir);
    const method = plan.method;
    const rate = method === "copy" ? measureCopyRate([dir + "/data"], dir) : undefined;
    const c = consistentCopy([], paths, into, dir, plan);
    console.log(JSON.stringify({ method, copyMs: c.copyMs, gapMs: c.gapMs, estimateMs: rate ? Math.round(Number(process.argv[3]) * 1048576 / rate) : null }));
  ' "$here" "$dir" "$MIB" >"$work/r.json"
  sync
  after=$(df -B1 --output=used "$dir" | tail -n1)
  node -e 'const r=require(process.argv[1]); console.log(`${process.argv[2]}: ${process.argv[3]} MiB by ${r.method}: frozen ${r.gapMs} ms (copy ${r.copyMs} ms${r.estimateMs===null?"":`, estimated up front ${r.estimateMs} ms`}), extra disk ${((process.argv[5]-process.argv[4])/1048576).toFixed(1)} MiB`)' \
    "$work/r.json" "$1" "$MIB" "$before" "$after"
}
fill "$work/xfs"; measure "XFS reflink=1" "$work/xfs"
btrfs -q subvolume create "$work/btrfs/vol"
fill "$work/btrfs/vol"; measure "btrfs" "$work/btrfs/vol"
mkdir -p "$work/ext"; fill "$work/ext"; measure "$(df --output=fstype "$work/ext" | tail -n1) (/var/tmp)" "$work/ext"

#!/bin/bash
# Issue 24: what a rehearsal's copy of 1 GiB of data costs, with the tool's own code (build/src/sandbox/
# consistent-copy.js: the reflink probe and consistentCopy), on a filesystem that clones (XFS, reflink=1, on a
# loop device) and on one that does not (ext4 under /var/tmp). Prints the method, the time with the product
# frozen and the extra disk (df before and after). Needs root, mkfs.xfs and the tests built (npm run build:tests).
#   bash bench/rehearse-copy.sh [MiB]     (default 1024)
set -euo pipefail
[[ ${1:-} == __inner ]] || exec unshare --mount --propagation private "$0" __inner "${1:-1024}"
MIB=$2
here=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d /var/tmp/uh-bench-copy.XXXXXX)
cleanup() { umount "$work/xfs" 2>/dev/null || true; [[ -n ${LOOP:-} ]] && losetup -d "$LOOP" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
mkdir -p "$work/xfs"
truncate -s $(( MIB * 3 + 1024 ))M "$work/xfs.img"
mkfs.xfs -q -m reflink=1 "$work/xfs.img"
LOOP=$(losetup --find --show "$work/xfs.img")
mount "$LOOP" "$work/xfs"
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
    const { consistentCopy, probeReflink, measureCopyRate } = await import(process.argv[1] + "/build/src/sandbox/consistent-copy.js");
    const dir = process.argv[2];
    const into = dir + "/copy"; mkdirSync(into);
    const method = probeReflink([dir + "/data"], dir);
    const rate = method === "copy" ? measureCopyRate([dir + "/data"], dir) : undefined;
    const c = consistentCopy([], [{ path: dir + "/data", skip: [] }], into, dir + "/frozen.json");
    console.log(JSON.stringify({ method, copyMs: c.copyMs, gapMs: c.gapMs, estimateMs: rate ? Math.round(Number(process.argv[3]) * 1048576 / rate) : null }));
  ' "$here" "$dir" "$MIB" >"$work/r.json"
  sync
  after=$(df -B1 --output=used "$dir" | tail -n1)
  node -e 'const r=require(process.argv[1]); console.log(`${process.argv[2]}: ${process.argv[3]} MiB by ${r.method}: frozen ${r.gapMs} ms (copy ${r.copyMs} ms${r.estimateMs===null?"":`, estimated up front ${r.estimateMs} ms`}), extra disk ${((process.argv[5]-process.argv[4])/1048576).toFixed(1)} MiB`)' \
    "$work/r.json" "$1" "$MIB" "$before" "$after"
}
fill "$work/xfs"; measure "XFS reflink=1" "$work/xfs"
mkdir -p "$work/ext"; fill "$work/ext"; measure "$(df --output=fstype "$work/ext" | tail -n1) (/var/tmp)" "$work/ext"

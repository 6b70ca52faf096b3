#!/bin/bash
# Prints the path of a cached Debian sid root with dnf5, rpm 6 and nodejs (bookworm has neither dnf5 nor rpm 6),
# building it on first use (~2 min): ${UPGRADE_HOOK_TEST_CACHE:-/var/tmp/upgrade-hook-test-cache}/sid.
# Built into a temp dir and renamed when complete, under a lock, so an interrupted build is never reused.
set -euo pipefail

cache=${UPGRADE_HOOK_TEST_CACHE:-/var/tmp/upgrade-hook-test-cache}
root=$cache/sid
ready() { [[ -f "$root/.upgrade-hook-complete" ]]; }
ready && { echo "$root"; exit 0; }

[[ $(id -u) == 0 ]] || { echo "sid-root.sh: needs root (debootstrap)" >&2; exit 77; }
command -v debootstrap >/dev/null || { echo "sid-root.sh: debootstrap is not installed (apt-get install debootstrap)" >&2; exit 77; }
mkdir -p "$cache"
exec 9>"$cache/.sid.lock"
flock 9
ready && { echo "$root"; exit 0; }

# The mirror apt already uses (deb822 .sources first, then one-line .list files).
mirror=$(awk '/^URIs:/ { print $2; exit }' /etc/apt/sources.list.d/*.sources 2>/dev/null || true)
[[ -n "$mirror" ]] || mirror=$(awk '$1 == "deb" { for (i = 2; i <= NF; i++) if ($i ~ /^https?:/) { print $i; exit } }' \
  /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null || true)
mirror=${mirror:-http://deb.debian.org/debian}

rm -rf "$cache"/sid.tmp.*
tmp=$(mktemp -d "$cache/sid.tmp.XXXXXX")
log=$cache/sid-debootstrap.log
echo "sid-root.sh: building a Debian sid root with dnf5, rpm 6 and nodejs from $mirror (log: $log)" >&2
# In a private mount namespace: the /proc and /sys debootstrap mounts in the target vanish even if it is killed.
if ! unshare -m --propagation private debootstrap --variant=minbase --include=dnf5,rpm,nodejs sid "$tmp" "$mirror" >"$log" 2>&1; then
  echo "sid-root.sh: debootstrap failed, see $log" >&2
  tail -5 "$log" >&2
  rm -rf "$tmp"
  exit 1
fi
rm -f "$tmp"/var/cache/apt/archives/*.deb
# Debian's rpm keeps its database in ~/.rpmdb: pin the standard place.
mkdir -p "$tmp/etc/rpm"
echo '%_dbpath /var/lib/rpm' >"$tmp/etc/rpm/macros.dbpath"
touch "$tmp/.upgrade-hook-complete"
rm -rf "$root"
mv -T "$tmp" "$root"
echo "$root"

#!/bin/bash
# Build the topo test product (noarch RPMs) and Fedora's systemd triggers for the topology test:
#   OUT/RPMS/noarch/topo-1.{0..6}-1.noarch.rpm   (1.5 is built with plain %systemd_postun, the rest with
#                                                 %systemd_postun_with_restart)
#   OUT/RPMS/noarch/systemd-rpm-triggers-252-1.noarch.rpm
#   OUT/repo-1.0/ ... repo-1.6/                  (each holds that version only, so `dnf upgrade` picks it)
#   OUT/tools/                                   (test-only helpers the scenario runs inside the container)
# OUT is $TOPO_BUILD_DIR (default build/topo). Uses this tree's rpm/macros.upgrade-hook and
# rpm/macros.systemd (Fedora's systemd macros).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../.." && pwd)
out=${TOPO_BUILD_DIR:-$root/build/topo}
versions=(1.0 1.1 1.2 1.3 1.4 1.5 1.6)
plain_postun=1.5
rm -rf "$out"; mkdir -p "$out/rpmdb"
version=$(node -p 'require(process.argv[1]).version' "$root/package.json"); version=${version//-/\~}
sed "s|@VERSION@|$version|" "$root/rpm/macros.upgrade-hook" >"$out/macros.upgrade-hook"
# Debian's rpmbuild touches ~/.rpmdb unless _dbpath is pinned; _sourcedir is this folder.
common=(--quiet --load "$out/macros.upgrade-hook" --load "$here/rpm/macros.systemd" --define "_topdir $out"
  --define "packager ${UPGRADE_HOOK_PACKAGER:-upgrade-hook developers <upgrade-hook@example.org>}"
  # scripts and text only: no strip/compress pass, no payload compression (halves the build time)
  --define '__os_install_post %{nil}' --define '_binary_payload w0.ufdio')
build() { # NAME SPEC ARGS...  (in parallel: each build gets its own rpmdb)
  local name=$1 spec=$2; shift 2
  rpmbuild "${common[@]}" --define "_dbpath $out/rpmdb/$name" "$@" -bb "$spec" >"$out/build-$name.log" 2>&1 ||
    { cat "$out/build-$name.log" >&2; return 1; }
}
pids=()
for v in "${versions[@]}"; do
  extra=()
  [[ $v == "$plain_postun" ]] && extra=(--define 'topo_plain_postun 1')
  build "$v" "$here/topo.spec" --define "_sourcedir $here" --define "topo_version $v" "${extra[@]}" &
  pids+=($!)
done
build triggers "$here/rpm/systemd-rpm-triggers.spec" --define "_sourcedir $here/rpm" &
pids+=($!)
failed=0
for p in "${pids[@]}"; do wait "$p" || failed=1; done
(( failed == 0 )) || { echo "topology/build.sh: an rpmbuild failed" >&2; exit 1; }
for v in "${versions[@]}"; do
  mkdir -p "$out/repo-$v"
  cp "$out/RPMS/noarch/topo-$v-1.noarch.rpm" "$out/repo-$v/"
  createrepo_c --quiet "$out/repo-$v" &
done
wait
mkdir -p "$out/tools"; cp -p "$here"/tools/* "$out/tools/"
rm -rf "$out/rpmdb" "$out/macros.upgrade-hook" "$out/BUILD" "$out/BUILDROOT" "$out/SRPMS"
ls "$out"/RPMS/noarch/

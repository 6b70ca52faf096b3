#!/bin/bash
# Build the shp test product (noarch RPMs) for the shapes test: OUT/RPMS/noarch/shp-1.{0..4}-1.noarch.rpm
# and OUT/repo-1.0/ ... repo-1.4/ (each holds that version only). OUT is $SHP_BUILD_DIR (default build/shp).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../.." && pwd)
out=${SHP_BUILD_DIR:-$root/build/shp}
versions=(1.0 1.1 1.2 1.3 1.4)
rm -rf "$out"; mkdir -p "$out/rpmdb"
# the parallel rpmbuilds would race to create these
mkdir -p "$out"/{BUILD,BUILDROOT,RPMS/noarch,SRPMS,SOURCES,SPECS}
version=$(node -p 'require(process.argv[1]).version' "$root/package.json"); version=${version//-/\~}
sed "s|@VERSION@|$version|" "$root/rpm/macros.upgrade-hook" >"$out/macros.upgrade-hook"
pids=()
for v in "${versions[@]}"; do
  rpmbuild --quiet --load "$out/macros.upgrade-hook" --define "_topdir $out" --define "_dbpath $out/rpmdb/$v" \
    --define "packager upgrade-hook developers <upgrade-hook@example.org>" \
    --define '__os_install_post %{nil}' --define '_binary_payload w0.ufdio' \
    --define "_sourcedir $here" --define "shp_version $v" -bb "$here/shp.spec" >"$out/build-$v.log" 2>&1 &
  pids+=($!)
done
failed=0
for p in "${pids[@]}"; do wait "$p" || failed=1; done
(( failed == 0 )) || { cat "$out"/build-*.log >&2; echo "shapes/build.sh: an rpmbuild failed" >&2; exit 1; }
for v in "${versions[@]}"; do
  mkdir -p "$out/repo-$v"
  cp "$out/RPMS/noarch/shp-$v-1.noarch.rpm" "$out/repo-$v/"
  createrepo_c --quiet "$out/repo-$v" &
done
wait
rm -rf "$out/rpmdb" "$out/macros.upgrade-hook" "$out/BUILD" "$out/BUILDROOT" "$out/SRPMS"
ls "$out"/RPMS/noarch/

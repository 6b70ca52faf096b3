#!/bin/bash
# Build acme-server 1.0, 1.1 and 1.2 (noarch RPMs, one spec) and one createrepo_c repo per version:
#   build/acme/RPMS/noarch/acme-server-1.{0,1,2}-1.noarch.rpm
#   build/acme/repo-1.0/ repo-1.1/ repo-1.2/   (each holds that version only, so `dnf upgrade` picks it)
#   build/acme/repo/                           (all three)
#   build/acme/RPMS/noarch/debian-host-provides-12-1.noarch.rpm (Debian only: dpkg's packages, declared to rpm)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
out=${ACME_BUILD_DIR:-$root/build/acme}
rm -rf "$out"; mkdir -p "$out/rpmdb"
# The packagers' macros from this tree (installed, they live in /usr/lib/rpm/macros.d), with the version
# the tool's RPM gets; without them the spec falls back to the same lines inline.
load=()
if [[ -f $root/rpm/macros.upgrade-hook ]]; then
  version=$(node -p 'require(process.argv[1]).version' "$root/package.json"); version=${version//-/\~}
  sed "s|@VERSION@|$version|" "$root/rpm/macros.upgrade-hook" >"$out/macros.upgrade-hook"
  load=(--load "$out/macros.upgrade-hook")
  # %check lints with this tree's tool when it is built (the installed one otherwise)
  [[ -f $root/dist/upgrade-hook.cjs ]] && load+=(--define "__upgrade_hook $(command -v node) $root/dist/upgrade-hook.cjs")
fi
for v in 1.0 1.1 1.2; do
  # Debian's rpmbuild touches ~/.rpmdb unless _dbpath is pinned; _sourcedir is this folder.
  rpmbuild --quiet "${load[@]}" --define "_topdir $out" --define "_dbpath $out/rpmdb" \
    --define "_sourcedir $here" --define "acme_version $v" \
    --define "packager ${UPGRADE_HOOK_PACKAGER:-upgrade-hook developers <upgrade-hook@example.org>}" -bb "$here/acme-server.spec" >"$out/build-$v.log" 2>&1 ||
    { cat "$out/build-$v.log" >&2; exit 1; }
  mkdir -p "$out/repo-$v"
  cp "$out/RPMS/noarch/acme-server-$v-1.noarch.rpm" "$out/repo-$v/"
  createrepo_c --quiet "$out/repo-$v"
done
rpmbuild --quiet --define "_topdir $out" --define "_dbpath $out/rpmdb" -bb "$here/debian-host-provides.spec" >"$out/build-provides.log" 2>&1 ||
  { cat "$out/build-provides.log" >&2; exit 1; }
mkdir -p "$out/repo"; cp "$out"/RPMS/noarch/*.rpm "$out/repo/"; createrepo_c --quiet "$out/repo"
rm -rf "$out/rpmdb" "$out/macros.upgrade-hook" "$out/BUILD" "$out/BUILDROOT" "$out/SRPMS"
ls "$out"/RPMS/noarch/

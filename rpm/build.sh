#!/bin/bash
# Builds the upgrade-hook RPMs from dist/ (run `npm run build` first; `npm run rpm` does both) into
# TOPDIR (default build/rpm/), without network and without touching the host's rpmdb; prints their paths.
#   rpm/build.sh [TOPDIR]
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$repo"

for f in dist/upgrade-hook.cjs dist/upgrade-hook-deps.cjs dist/upgrade-hook-lazy.cjs dist/THIRD-PARTY-LICENSES.txt; do
  [[ -f $f ]] || { echo "rpm/build.sh: $f is missing; run: npm run build" >&2; exit 1; }
done
command -v rpmbuild >/dev/null || { echo "rpm/build.sh: rpmbuild not found; install rpm (Debian) or rpm-build (Fedora)" >&2; exit 1; }
# package.json's semver pre-release "1.2.0-rc.1" becomes rpm's "1.2.0~rc.1" (sorts before 1.2.0, '-' is not allowed).
version=$(node -p 'require("./package.json").version')
version=${version//-/\~}

top=$(realpath -m "${1:-$repo/build/rpm}")
rm -rf "$top"
mkdir -p "$top"/{SOURCES,SPECS,BUILD,RPMS,SRPMS,rpmdb}
files=(package.json LICENSE dist/THIRD-PARTY-LICENSES.txt dist/upgrade-hook.cjs dist/upgrade-hook-deps.cjs dist/upgrade-hook-lazy.cjs rpm/upgrade-hook.spec rpm/macros.upgrade-hook
  hooks/dnf4/upgrade_hook.py hooks/dnf4/upgrade_hook.conf hooks/dnf5/upgrade-hook.actions hooks/dnf5/dnf5-preflight hooks/systemd/upgrade-hook@.service hooks/systemd/upgrade-hook-finish@.service
  rpm/upgrade-hook.tmpfiles.conf)
for page in docs/upgrade-hook.8 docs/upgrade-hook.conf.5; do
  [[ -f "$page" ]] && files+=("$page")
done
tar --create --gzip --file "$top/SOURCES/upgrade-hook-$version.tar.gz" --owner=0 --group=0 --sort=name \
  --transform "s|^|upgrade-hook-$version/|" "${files[@]}"
cp rpm/upgrade-hook.spec "$top/SPECS/"

# Debian's brp-compress is a /bin/sh script that uses bash's "read -d": run it with bash.
brp_compress=()
brp=$(rpm --eval '%{?__brp_compress}')
script=${brp%% *}
if [[ -n "$script" && -f "$script" ]] && head -1 "$script" | grep -qx '#!/bin/sh' && grep -q 'read -r -d' "$script"; then
  brp_compress=(--define "__brp_compress /bin/bash $brp")
fi

# Debian's rpm keeps its rpmdb in ~/.rpmdb and even rpmbuild opens it: point it into the build tree.
rpmbuild --quiet -bb "${brp_compress[@]}" \
  --define "_topdir $top" \
  --define "_dbpath $top/rpmdb" \
  --define "upgrade_hook_version $version" \
  --define "packager ${UPGRADE_HOOK_PACKAGER:-upgrade-hook developers <upgrade-hook@example.org>}" \
  "$top/SPECS/upgrade-hook.spec" >&2
ls "$top"/RPMS/noarch/*-"$version"-*.noarch.rpm

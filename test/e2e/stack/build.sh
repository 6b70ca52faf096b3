#!/bin/bash
# Build the stack test's RPMs (test/e2e/stack.test.ts): depot-5.0-1, portal-5.0-1 and stack-slow-1.0-1 into
# OUT/RPMS/noarch and one repo OUT/repo. OUT is $STACK_BUILD_DIR (default build/stack). Uses this tree's
# rpm/macros.upgrade-hook.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../.." && pwd)
out=${STACK_BUILD_DIR:-$root/build/stack}
rm -rf "$out/RPMS" "$out/repo" "$out/rpmdb"; mkdir -p "$out/rpmdb"
version=$(node -p 'require(process.argv[1]).version' "$root/package.json"); version=${version//-/\~}
sed "s|@VERSION@|$version|" "$root/rpm/macros.upgrade-hook" >"$out/macros.upgrade-hook"
common=(--quiet --load "$out/macros.upgrade-hook" --define "_topdir $out" --define "_sourcedir $here"
  --define "packager upgrade-hook developers <upgrade-hook@example.org>"
  --define '__os_install_post %{nil}' --define '_binary_payload w0.ufdio')
build() { # NAME SPEC ARGS...
  local name=$1 spec=$2; shift 2
  rpmbuild "${common[@]}" --define "_dbpath $out/rpmdb/$name" "$@" -bb "$spec" >"$out/build-$name.log" 2>&1 ||
    { cat "$out/build-$name.log" >&2; return 1; }
}
build depot "$here/stack.spec" --define 'stack_name depot'
build portal "$here/stack.spec" --define 'stack_name portal'
build slow "$here/stack-slow.spec"
mkdir -p "$out/repo"; cp "$out"/RPMS/noarch/*.rpm "$out/repo/"
createrepo_c --quiet "$out/repo"
rm -rf "$out/rpmdb" "$out/macros.upgrade-hook" "$out/BUILD" "$out/BUILDROOT" "$out/SRPMS"
ls "$out"/RPMS/noarch/

#!/usr/bin/env bash
# npm run setup: installs what the demo and the tests need on a fresh Debian machine (as root): Debian
# packages for real rpm/dnf/systemd/PostgreSQL, and the npm packages. Quick when everything is there already.
# With --check (the first step of npm test) it installs nothing: it says what is missing and fails.
set -euo pipefail
cd "$(dirname "$0")/.."
check=false
if [[ ${1:-} == --check ]]; then check=true; fi

APT_PACKAGES=(rpm dnf createrepo-c dnf-plugins-core systemd systemd-container debootstrap rpmlint postgresql iproute2 groff-base groff python3 util-linux attr acl xfsprogs)
# rehearse's copy on btrfs (issue 24): a snapshot on a loop-mounted btrfs in the torture suite
APT_PACKAGES+=(btrfs-progs)
# matrix and rehearse where systemd-nspawn is missing: podman (runc: crun cannot run on a cgroup v1 host)
APT_PACKAGES+=(podman runc)
# the fleet test (issue 14): Debian's Ansible drives the collection in contrib/ansible over ssh
APT_PACKAGES+=(ansible-core ansible-lint openssh-client)

# One dpkg-query for the whole list (this runs before every npm test): what it does not show installed is missing.
declare -A installed=()
while read -r p status; do
  if [[ $status == ii ]]; then installed[$p]=1; fi
done < <(dpkg-query -W -f='${Package} ${db:Status-Abbrev}\n' "${APT_PACKAGES[@]}" 2>/dev/null || true)
missing=()
for p in "${APT_PACKAGES[@]}"; do
  if [[ -z ${installed[$p]:-} ]]; then missing+=("$p"); fi
done
if [ ${#missing[@]} -gt 0 ]; then
  if $check; then
    echo "missing Debian packages: ${missing[*]}; install them with: sudo npm run setup" >&2
    exit 1
  fi
  if [ "$(id -u)" -ne 0 ]; then
    echo "setup: missing Debian packages: ${missing[*]}; run as root (sudo npm run setup, or: sudo apt-get install ${missing[*]})" >&2
    exit 1
  fi
  echo "setup: installing Debian packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# node_modules is current when npm's record of what it installed (node_modules/.package-lock.json) has every
# package of package-lock.json at its version (optional ones are per platform). Compared by content, not by
# date: a checkout or a worktree gives package-lock.json a new date without changing it.
npm_current() {
  node -e '
    const read = (f) => JSON.parse(require("fs").readFileSync(f, "utf8")).packages;
    const want = read("package-lock.json"), have = read("node_modules/.package-lock.json");
    process.exit(Object.entries(want).every(([k, p]) => !k || p.optional || have[k]?.version === p.version) ? 0 : 1);
  ' 2>/dev/null
}
if ! npm_current; then
  if $check; then
    echo "the npm packages are missing or not those of package-lock.json; install them with: npm run setup (or npm ci)" >&2
    exit 1
  fi
  echo "setup: installing npm packages (npm ci)"
  npm ci --no-audit --no-fund --loglevel=error
fi

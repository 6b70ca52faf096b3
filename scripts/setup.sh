#!/usr/bin/env bash
# Installs what the demo and the tests need on a fresh Debian machine (as root): Debian packages for real
# rpm/dnf/systemd/PostgreSQL, and the npm packages. Quick when everything is there already.
set -euo pipefail
cd "$(dirname "$0")/.."

APT_PACKAGES=(rpm dnf createrepo-c dnf-plugins-core systemd systemd-container debootstrap rpmlint postgresql iproute2 groff-base groff python3 util-linux attr acl xfsprogs)
# the fleet test (issue 14): Debian's Ansible drives the collection in contrib/ansible over ssh
APT_PACKAGES+=(ansible-core ansible-lint openssh-client)

missing=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "setup: missing Debian packages: ${missing[*]}; run as root (or: sudo apt-get install ${missing[*]})" >&2
    exit 1
  fi
  echo "setup: installing Debian packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "setup: installing npm packages (npm ci)"
  npm ci --no-audit --no-fund --loglevel=error
fi

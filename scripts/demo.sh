#!/bin/bash
# npm run demo: the acme story on a fresh Debian 12 machine, as root.
# Installs what it needs (scripts/setup.sh), builds upgrade-hook and the acme demo RPMs, then boots a throwaway Debian
# container with systemd and PostgreSQL and upgrades acme-server 1.0 -> 1.1 -> 1.2 with dnf, then shows an
# image build whose upgrade is deferred and run by the gate unit at the container's first boot.
# Nothing stays running and nothing on this machine changes outside this folder and the cached image
# (/var/tmp/upgrade-hook-test-cache, reused by the tests; `bash scripts/demo.sh --clean` removes it).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
cache=${UPGRADE_HOOK_TEST_CACHE:-/var/tmp/upgrade-hook-test-cache}

if [[ ${1:-} == --clean ]]; then rm -rf "$cache"; echo "removed $cache"; exit 0; fi
[[ $(id -u) == 0 ]] || { echo "demo: run as root (it boots a systemd container): sudo npm run demo" >&2; exit 1; }

bold() { if [[ -t 1 ]]; then printf '\033[1m%s\033[0m\n' "$*"; else printf '%s\n' "$*"; fi; }
step() { bold "== $*"; }

step "1/4 tools: Debian packages and npm packages (scripts/setup.sh; only what is missing)"
bash scripts/setup.sh

work=$(mktemp -d /tmp/upgrade-hook-demo.XXXXXX)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/results" "$work/results-image" "$work/tree"

step "2/4 build: upgrade-hook (npm run build, its RPMs) and acme-server 1.0, 1.1, 1.2 (one spec)"
npm run -s build >/dev/null
bash rpm/build.sh "$work/stage/rpm" | sed "s|$work/stage/|  |"
ACME_BUILD_DIR=$work/stage/acme bash examples/acme/build.sh | sed 's/^/  /'


container() { # MODE FUNCTION RESULTS [UPPER]
  bash test/e2e/lib/container.sh "$1" --bind-ro "$work/stage:/mnt/build" --bind-ro "$root/test/e2e/lib:/mnt/lib" \
    --bind "$3:/mnt/results" ${4:+--upper "$4"} -- bash -c ". /mnt/lib/container-scenarios.sh; $2"
}

step "3/4 a server: acme-server 1.0 installed and configured, then dnf upgrade to 1.1 and 1.2"
t0=$SECONDS
[[ -f $cache/bookworm-systemd/.upgrade-hook-image ]] || echo "(first run: building the container image, ~2 min)"
bash test/e2e/lib/container.sh image >/dev/null
container run scenario_dnf_bridge "$work/results"
echo
bold "what upgrade-hook did (from /var/log/acme/upgrade.log):"
grep -v -e "Warning: The unit file" "$work/results/upgrade-log.txt" 2>/dev/null || true
echo "($((SECONDS - t0)) s)"

step "4/4 an image build: the upgrade is deferred in the build, and run by the gate at the first boot"
t0=$SECONDS
container run scenario_image_base "$work/results-image" "$work/tree" | tail -n 3
container chroot scenario_image_build "$work/results-image" "$work/tree"
container run scenario_image_boot "$work/results-image" "$work/tree"
echo "($((SECONDS - t0)) s)"

step "+ backups (issue 13): acme 1.1 -> 1.2 fails halfway, rollback, the dnf downgrade it prints, then the fixed 1.2"
t0=$SECONDS
mkdir -p "$work/results-backup"
bash test/e2e/lib/container.sh run --bind-ro "$work/stage:/mnt/build" --bind-ro "$root/test/e2e/lib:/mnt/lib" \
  --bind "$work/results-backup:/mnt/results" -- bash -c ". /mnt/lib/container-scenarios.sh; . /mnt/lib/backup-scenario.sh; scenario_backup_rollback"
echo "($((SECONDS - t0)) s)"

bold "final state:"
node -e '
  const s = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
  console.log(`  acme-server ${s.package}; data_version ${(s.state.match(/data_version = (.*)/) || [])[1]}; marker: ${s.marker ? s.marker.state : "none"}`);
  console.log(`  table notes (${s.columns}): ${s.rows} rows kept; indexes ${s.indexes}`);
  console.log(`  GET / -> ${JSON.stringify(s.app.body)}`);
' "$work/results/after-1.2.json"
bold "done: the container is gone; the cached image stays in $cache (bash scripts/demo.sh --clean)"

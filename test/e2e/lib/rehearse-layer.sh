#!/bin/bash
# The rehearsal test's hosts: the cached bookworm image plus one cached layer with systemd-nspawn (a nested
# rehearsal) and btrfs-progs (a rehearsal whose data is on btrfs).
#
#   rehearse-layer.sh    build the layer once (atomic, keyed by its recipe and the image it sits on), print the
#                     directory to pass as `container.sh run --lower DIR`
#
# The layer is the upper dir of a chroot over the image (apt-get install openssh-server), so the shared image
# and container.sh's PACKAGES stay as they are. It is rebuilt when the image is rebuilt or the recipe changes.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
CACHE=${UPGRADE_HOOK_TEST_CACHE:-/var/tmp/upgrade-hook-test-cache}
LAYER_PACKAGES="systemd-container btrfs-progs"
# Inside the chroot: no daemon may start (policy-rc.d), pam_loginuid cannot write in a container (optional),
# no apt lists or debs kept. The image has a default sources.list from debootstrap.
RECIPE='set -e
printf "#!/bin/sh\nexit 101\n" >/usr/sbin/policy-rc.d; chmod 0755 /usr/sbin/policy-rc.d
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends '"$LAYER_PACKAGES"' >/dev/null
rm -f /usr/sbin/policy-rc.d
rm -rf /var/lib/apt/lists/* /var/cache/apt/*.bin /var/cache/apt/archives/*.deb'

image=$("$here/container.sh" image)
key=$( { echo "$RECIPE"; cat "$image/.upgrade-hook-image"; stat -c '%i %Y' "$image/.upgrade-hook-image"; } | sha256sum | cut -c1-16)
layer=$CACHE/rehearse-layer-$key
if [[ -f $layer/.done ]]; then echo "$layer/up"; exit 0; fi
exec 9>"$CACHE/.rehearse-layer.lock"; flock 9
if [[ -f $layer/.done ]]; then echo "$layer/up"; exit 0; fi
rm -rf --one-file-system "$CACHE"/.rehearse-layer.tmp.* "$CACHE"/rehearse-layer-*
tmp=$CACHE/.rehearse-layer.tmp.$$
echo "[rehearse-layer] building $layer (apt-get install $LAYER_PACKAGES over the image, once)" >&2
"$here/container.sh" chroot --upper "$tmp" -- bash -c "$RECIPE" >&2 || { rm -rf --one-file-system "$tmp"; exit 1; }
rm -rf "$tmp/work"
touch "$tmp/.done"
mv "$tmp" "$layer"
echo "$layer/up"

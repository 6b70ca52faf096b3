#!/bin/bash
# Inside each of the fleet test's hosts (a booted container, see test/e2e/fleet.test.ts): make it a managed
# server as an admin would (the tool and acme-server 1.0 from a local repo, configured; sshd on loopback, root
# login by the test run's throwaway key), say "ready", then serve until the test closes our stdin.
# Mounts: /mnt/build (stage: RPMs, acme repos; ro), /mnt/lib (this folder; ro), /mnt/results (this host's; rw),
# /mnt/fleet (the "published" repo the rollout updates from, and the public key; ro).
. /mnt/lib/container-scenarios.sh

fleet_host() {
  local t0=$SECONDS
  # the host updates from the fleet's repository (what the vendor published; 1.0 and 1.1 at first)
  mkdir -p /etc/dnf/vars /etc/yum.repos.d
  echo 12 >/etc/dnf/vars/releasever
  cat >/etc/yum.repos.d/acme.repo <<'REPO'
[acme]
name=acme (fleet)
baseurl=file:///mnt/fleet/repo
gpgcheck=0
metadata_expire=0
REPO
  local tool plugin
  tool=$(find /mnt/build/rpm -name 'upgrade-hook-[0-9]*.noarch.rpm' | sort -V | tail -n1)
  plugin=$(find /mnt/build/rpm -name 'python3-dnf-plugin-upgrade-hook-[0-9]*.noarch.rpm' | sort -V | tail -n1)
  say "* install upgrade-hook, its dnf plugin and acme-server 1.0 (one transaction), run acme's installer"
  record install dnf -y install "$ACME/RPMS/noarch/debian-host-provides-12-1.noarch.rpm" "$tool" "$plugin" acme-server-1.0
  [[ $(cat "$R/install.rc") == 0 ]] || { cat "$R/install.out"; exit 1; }
  STORY_LINES=4 record setup acme-setup --admin-email ops@acme.example
  [[ $(cat "$R/setup.rc") == 0 ]] || { cat "$R/setup.out"; exit 1; }
  wait_app
  install -d -m 0700 /root/.ssh
  install -m 0600 /mnt/fleet/id.pub /root/.ssh/authorized_keys
  printf 'ListenAddress 127.0.0.1\nPasswordAuthentication no\n' >/etc/ssh/sshd_config.d/fleet-test.conf
  record ssh-start systemctl restart ssh.service
  say "* ready after $((SECONDS - t0)) s"
  echo "$((SECONDS - t0))" >"$R/ready"
  # serve until the test is done with us (it closes our stdin, or it died)
  cat >/dev/null
  say "* stdin closed: powering off"
}

// Issue 20 (generator seed 150006): an admin's `systemctl restart app` during `dnf upgrade` ran the app's
// stop part at once and queued its start behind the gate; the gate waited at the package transaction's fence
// and was killed there (SIGKILL, the OOM killer). systemd dropped the start, and the upgrade that followed
// left the app down: nothing remembered that it was on its way up. The gate now writes the starts it makes
// wait before it waits (record/gate-waits.ts), and the next run starts them again. In a booted systemd 252
// container, with the tool's RPM.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { containerSkipReason } from './lib/container.js';
import { bootedScenario, INSTALL_TOOL, TOOL_PID } from './lib/booted-scenario.js';

const skip = containerSkipReason();

const SCENARIO = `
${INSTALL_TOOL}${TOOL_PID}mkdir -p /usr/lib/gw/scripts/once /var/lib/gw /etc/upgrade-hook/products.d
cat > /etc/systemd/system/gw-db.service <<'UNIT'
[Service]
ExecStart=/bin/sleep infinity
UNIT
cat > /etc/systemd/system/gw-app.service <<'UNIT'
[Unit]
Requires=gw-db.service upgrade-hook@gw.service
After=gw-db.service upgrade-hook@gw.service
[Service]
ExecStart=/bin/sleep infinity
UNIT
cat > /etc/upgrade-hook/products.d/gw.conf <<'CONF'
[product]
build_version = file:/usr/lib/gw/VERSION
state_file = /var/lib/gw/sysupgrade.state
state_section = gw
scripts = /usr/lib/gw/scripts
[service db]
role = backend
unit = gw-db.service
[service app]
role = app
unit = gw-app.service
CONF
systemctl daemon-reload
echo 1.0-1 > /usr/lib/gw/VERSION
upgrade-hook stamp gw || exit 11
systemctl start gw-db.service gw-app.service || exit 12

# a package transaction is replacing gw's files: its fence stands (held by this shell's child, as by dnf)
bash -c 'upgrade-hook bridge fence gw $$; exec sleep 300' &
holder=$!
n=0; while [ ! -e /run/lock/upgrade-hook/fence-gw ] && [ $n -lt 100 ]; do sleep 0.1; n=$((n + 1)); done
echo 1.1-1 > /usr/lib/gw/VERSION
printf '#!/bin/sh\\nexit 0\\n' > /usr/lib/gw/scripts/once/1000_offline; chmod 755 /usr/lib/gw/scripts/once/1000_offline

# the admin restarts the app: its stop runs, its start waits at the gate, the gate waits at the fence
( timeout 60 systemctl restart gw-app.service > /mnt/results/admin.out 2>&1; echo $? > /mnt/results/admin.exit ) &
admin=$!
gate=$(tool_pid 'gate gw')
n=0; while ! grep -q 'waiting for its %posttrans' <(journalctl -b -u upgrade-hook@gw.service --no-pager) && [ $n -lt 100 ]; do sleep 0.1; n=$((n + 1)); done
systemctl is-active gw-app.service > /mnt/results/app-while-waiting 2>&1
ls /var/lib/upgrade-hook/gw/gate-waits/ > /mnt/results/records-while-waiting 2>&1
echo "the gate: $gate: kill -9"
kill -9 "$gate"
wait $admin
# the transaction ends (its %posttrans would lift the fence; here its holder goes), and the upgrade runs
kill "$holder"; wait "$holder" 2>/dev/null
upgrade-hook run gw > /mnt/results/run.out 2>&1; echo $? > /mnt/results/run.exit
systemctl is-active gw-db.service gw-app.service > /mnt/results/after 2>&1
ls /var/lib/upgrade-hook/gw/gate-waits/ > /mnt/results/records-after 2>&1
journalctl -b --no-pager -u upgrade-hook@gw.service > /mnt/results/gate-journal 2>&1
exit 0
`;

const scenario = bootedScenario('gate-killed-waiting', SCENARIO);
const read = scenario.read;

before(() => {
  if (!skip) scenario.run();
});
after(() => scenario.cleanup());

test('a gate killed while it waits at the fence: the next run starts the app whose start it held', { skip }, () => {
  const story = `\n--- run:\n${read('run.out')}\n--- story:\n${read('story.txt')}\n--- gate:\n${read('gate-journal')}`;
  assert.equal(read('app-while-waiting').trim(), 'inactive', `the restart's stop ran, its start waits${story}`);
  assert.notEqual(read('admin.exit').trim(), '0', 'the start died with the gate (systemd dropped it)');
  assert.match(read('records-while-waiting'), /^\d+$/m, 'the waiting gate kept the starts it held');
  assert.equal(read('run.exit').trim(), '0', `the upgrade succeeded${story}`);
  assert.match(
    read('run.out'),
    /gw-app\.service: their start waited for a gate that was killed/,
    `the run said it starts the app again${story}`,
  );
  assert.equal(read('after').trim(), 'active\nactive', `the app is up after the upgrade${story}`);
  assert.equal(read('records-after').trim(), '', 'the killed gate left no record behind the run');
});

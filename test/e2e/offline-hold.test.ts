// Issue 20 (generator seeds 5003, 7002): an admin's `systemctl start` of an app while the upgrade's offline
// scripts run pulls in the app's un-gated database at once (systemd starts Requires= dependencies without
// waiting for the gate). The upgrade then failed ("the offline phase is not offline") and so did the admin's
// start. Now a runtime drop-in on each listed backend (ConditionPathExists=!/run/upgrade-hook/offline/NAME,
// the flag raised from the check before an offline script to the re-check after it) makes that start a
// skipped one: the database stays down while the script runs, the admin's start waits at the gate and
// succeeds once the upgrade has the apps up. In a booted systemd 252 container, with the tool's RPM.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { containerSkipReason } from './lib/container.js';
import { bootedScenario, INSTALL_TOOL } from './lib/booted-scenario.js';

const skip = containerSkipReason();

const SCENARIO = `
${INSTALL_TOOL}mkdir -p /usr/lib/hold/scripts/once /var/lib/hold /etc/upgrade-hook/products.d
cat > /etc/systemd/system/hold-db.service <<'UNIT'
[Service]
ExecStart=/bin/sleep infinity
UNIT
cat > /etc/systemd/system/hold-app.service <<'UNIT'
[Unit]
Requires=hold-db.service upgrade-hook@hold.service
After=hold-db.service upgrade-hook@hold.service
[Service]
ExecStart=/bin/sleep infinity
UNIT
echo 1.1-1 > /usr/lib/hold/VERSION
cat > /etc/upgrade-hook/products.d/hold.conf <<'CONF'
[product]
build_version = file:/usr/lib/hold/VERSION
state_file = /var/lib/hold/sysupgrade.state
state_section = hold
scripts = /usr/lib/hold/scripts
[service db]
role = backend
unit = hold-db.service
[service app]
role = app
unit = hold-app.service
CONF
systemctl daemon-reload

echo 1.0-1 > /usr/lib/hold/VERSION
upgrade-hook stamp hold || exit 11
systemctl start hold-db.service hold-app.service || exit 12
# the new build lands with its once-script (as rpm -U under SYSTEMD_OFFLINE=1 would leave it); the admin
# runs the upgrade
echo 1.1-1 > /usr/lib/hold/VERSION
# the offline script says it runs; the admin (outside the upgrade) starts the app meanwhile; the database
# must stay down while the script runs
cat > /usr/lib/hold/scripts/once/1000_offline <<'SCRIPT'
#!/bin/sh
touch /var/lib/hold/in-script
sleep 3
systemctl is-active hold-db.service > /var/lib/hold/db-during-script
exit 0
SCRIPT
chmod 755 /usr/lib/hold/scripts/once/1000_offline
( n=0; while [ ! -e /var/lib/hold/in-script ] && [ $n -lt 600 ]; do sleep 0.1; n=$((n + 1)); done
  timeout 120 systemctl start hold-app.service > /var/lib/hold/admin.out 2>&1; echo $? > /var/lib/hold/admin.exit ) &
admin=$!
upgrade-hook run hold > /mnt/results/run.out 2>&1; echo $? > /mnt/results/run.exit
wait $admin
cp /var/lib/hold/db-during-script /var/lib/hold/admin.out /var/lib/hold/admin.exit /mnt/results/ 2>/dev/null
systemctl is-active hold-db.service hold-app.service > /mnt/results/after 2>&1
ls /run/upgrade-hook/offline/ > /mnt/results/flags-left 2>&1
cat /run/systemd/system/hold-db.service.d/*.conf > /mnt/results/dropin 2>&1
journalctl -b --no-pager -u hold-db.service > /mnt/results/db-journal 2>&1
exit 0
`;

const scenario = bootedScenario('offline-hold', SCENARIO);
const read = scenario.read;

before(() => {
  if (!skip) scenario.run();
});
after(() => scenario.cleanup());

test('an admin start during an offline script waits at the gate; the database it pulls in stays down', { skip }, () => {
  const story = `\n--- run:\n${read('run.out')}\n--- story:\n${read('story.txt')}\n--- db:\n${read('db-journal')}`;
  assert.equal(read('run.exit').trim(), '0', `the upgrade succeeded${story}`);
  assert.equal(read('db-during-script').trim(), 'inactive', `the database stayed down during the script${story}`);
  assert.match(read('db-journal'), /unmet condition check \(ConditionPathExists=!\/run\/upgrade-hook\/offline\/hold\)/);
  assert.equal(read('admin.exit').trim(), '0', `the admin's start succeeded: ${read('admin.out')}${story}`);
  assert.equal(read('after').trim(), 'active\nactive', `both up after the upgrade${story}`);
  assert.equal(read('flags-left').trim(), '', 'no flag left');
});

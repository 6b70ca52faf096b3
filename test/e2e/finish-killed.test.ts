// Issue 20 (generator seed 80002): the OOM killer or a `kill -9` of `upgrade-hook run` inside
// upgrade-hook-finish@NAME.service after it recorded the new data version left the unit failed (the host
// "degraded") for an upgrade that was complete, and nothing of the tool runs again to clear it. The unit now
// runs the tool through a shell that outlives it: killed with the data up to date, the unit succeeds and says
// so; killed before, it fails with the run's status and the data stays where the run left it; killed while a
// once-script runs, the unit waits for that script, so it is not run twice (seed 250013). In a booted
// systemd 252 container, with the tool's RPM and its units.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { containerSkipReason } from './lib/container.js';
import { bootedScenario, INSTALL_TOOL, TOOL_PID } from './lib/booted-scenario.js';

const skip = containerSkipReason();

const SCENARIO = `
${INSTALL_TOOL}${TOOL_PID}mkdir -p /usr/lib/fk/scripts/once /var/lib/fk /etc/upgrade-hook/products.d
cat > /etc/upgrade-hook/products.d/fk.conf <<'CONF'
[product]
build_version = file:/usr/lib/fk/VERSION
state_file = /var/lib/fk/sysupgrade.state
state_section = fk
scripts = /usr/lib/fk/scripts
CONF
echo 1.0-1 > /usr/lib/fk/VERSION
upgrade-hook stamp fk || exit 11
echo 1.1-1 > /usr/lib/fk/VERSION
cat > /usr/lib/fk/scripts/once/7000_slow <<'SCRIPT'
#!/bin/sh
touch /var/lib/fk/in-script
echo done >> /var/lib/fk/done
# its work is done; it has not exited yet (a flush, a log line, a slow exit)
sleep 4
SCRIPT
chmod 755 /usr/lib/fk/scripts/once/7000_slow

# kill -9 the tool (not the unit's shell) once $1 exists, then wait for the unit to end
kill_tool_when() {
  systemctl start --no-block upgrade-hook-finish@fk.service
  n=0; while [ ! -e "$1" ] && [ $n -lt 300 ]; do sleep 0.05; n=$((n + 1)); done
  tool=$(tool_pid 'run fk')
  echo "the tool: $tool ($(tr '\\0' ' ' < /proc/$tool/cmdline)): kill -9"
  kill -9 "$tool"
  n=0; while [ "$(systemctl is-active upgrade-hook-finish@fk.service)" = activating ] && [ $n -lt 600 ]; do sleep 0.1; n=$((n + 1)); done
}

# 1: killed while the once-script runs: the upgrade is not complete, the unit fails
kill_tool_when /var/lib/fk/in-script
systemctl is-failed upgrade-hook-finish@fk.service > /mnt/results/midway.state 2>&1
upgrade-hook check fk; echo $? > /mnt/results/midway.check
sleep 5
upgrade-hook run fk > /mnt/results/rerun.out 2>&1; echo $? > /mnt/results/rerun.exit
cat /var/lib/fk/done > /mnt/results/done-count 2>&1

# 2: killed with the data up to date (as after the stamp): nothing left to do, the unit does not fail.
# An up-to-date run ends in a fraction of a second: a preload holds the tool 3 s at its start so that the
# kill lands while it runs
systemctl reset-failed upgrade-hook-finish@fk.service
rm -f /run/fk-started
echo 'Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 3000);' > /var/lib/fk/slow.cjs
systemctl set-environment NODE_OPTIONS='--require /var/lib/fk/slow.cjs'
kill_tool_when /proc/self
systemctl unset-environment NODE_OPTIONS
systemctl is-failed upgrade-hook-finish@fk.service > /mnt/results/done.state 2>&1
systemctl show -p Result --value upgrade-hook-finish@fk.service > /mnt/results/done.result
journalctl -b --no-pager -u upgrade-hook-finish@fk.service > /mnt/results/journal 2>&1
exit 0
`;

const scenario = bootedScenario('finish-killed', SCENARIO);
const read = scenario.read;

before(() => {
  if (!skip) scenario.run();
});
after(() => scenario.cleanup());

test('a finish killed before the stamp fails; one killed with the data up to date does not', { skip }, () => {
  const story = `\n--- story:\n${read('story.txt')}\n--- journal:\n${read('journal')}`;
  assert.equal(read('midway.state').trim(), 'failed', `killed mid-upgrade: the unit failed${story}`);
  assert.notEqual(read('midway.check').trim(), '0', 'and the data is not up to date');
  assert.equal(read('rerun.exit').trim(), '0', `the admin's rerun completes it: ${read('rerun.out')}`);
  // the once-script outlived the tool and the unit waited for it (seed 250013: systemd's stop of the unit's
  // cgroup killed it after its work, and the rerun ran it again); its status told the rerun it completed
  assert.equal(read('done-count'), 'done\n', `the once-script completed once: ${read('rerun.out')}${story}`);
  assert.notEqual(read('done.state').trim(), 'failed', `killed with the data up to date: not failed${story}`);
  assert.equal(read('done.result').trim(), 'success', story);
  assert.match(read('journal'), /was killed \(status 137\) after the data was upgraded: nothing is left to do/);
  // while it waited for the script, the journal said why the unit was still activating
  assert.match(read('journal'), /was killed \(status 137\) while a script ran: waiting for that script to end/);
});

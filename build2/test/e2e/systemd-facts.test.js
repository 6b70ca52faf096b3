// What systemd 252's job engine really does with product-shaped units (a oneshot gate, backend, storage,
// app, workers, a socket), checked by running them in the booted bookworm container: lib/systemd-facts.sh
// runs every experiment in one boot and writes facts.tsv (FACT_ID<TAB>observed); this file asserts each
// fact. docs/systemd-facts.md says how each one is checked and why it matters to upgrade-hook.
// When an assertion fails, systemd no longer behaves as recorded: update the doc and the design, not only
// the expected value.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { containerSkipReason, ensureImage, newResultsDir, readResult, removeDir, runScenario, } from './lib/container.js';
const skip = containerSkipReason();
let run;
let results = '';
let stage = '';
const facts = new Map();
function fact(id) {
    const value = facts.get(id);
    assert.ok(value !== undefined, `fact ${id} was not recorded (the experiment's log: ${results}/facts.log)`);
    return value;
}
// "rc=0 app=active/new-pid Markers=" -> { rc: '0', app: 'active/new-pid', Markers: '' }
function pairs(id) {
    const out = {};
    for (const m of fact(id).matchAll(/(\S+?)=(\S*)/g))
        out[m[1]] = m[2];
    return out;
}
function is(id, expected, meaning) {
    assert.equal(fact(id), expected, `${id}: ${meaning}\n  systemd 252 gave: ${expected}\n  now:             ${fact(id)}`);
}
function matches(id, re, meaning) {
    assert.match(fact(id), re, `${id}: ${meaning}\n  expected to match ${re}`);
}
function has(id, key, expected, meaning) {
    assert.equal(pairs(id)[key], expected, `${id}: ${meaning} (${key})\n  recorded: ${fact(id)}`);
}
// F3: "worker@1:0-323 app:371-699 backend:762-1098" (each unit's ExecStop, ms after the first began)
function stops(id) {
    const out = {};
    // a unit that began to stop in the same millisecond as the first one logged may come out as -1
    for (const m of fact(id).matchAll(/(\S+):(-?\d+)-(-?\d+)/g))
        out[m[1]] = { start: Number(m[2]), end: Number(m[3]) };
    for (const u of ['app', 'worker@1', 'backend'])
        assert.ok(out[u], `${id}: no stop recorded for ${u}: ${fact(id)}`);
    return out;
}
describe('systemd 252 job-engine facts (booted bookworm container)', { skip }, () => {
    before(() => {
        const image = ensureImage();
        stage = mkdtempSync(join(tmpdir(), 'upgrade-hook-facts-stage-'));
        results = newResultsDir('systemd-facts');
        run = runScenario('run', '. /mnt/lib/systemd-facts.sh; facts_all', stage, results);
        for (const line of readResult(results, 'facts.tsv').split('\n')) {
            const tab = line.indexOf('\t');
            if (tab > 0)
                facts.set(line.slice(0, tab), line.slice(tab + 1));
        }
        const width = Math.max(...[...facts.keys()].map((k) => k.length));
        console.log(`# systemd facts: container run ${(run.ms / 1000).toFixed(1)} s (exit ${run.code}), experiments ` +
            `${((Number(facts.get('F0.total_ms')) || 0) / 1000).toFixed(1)} s, image ${image.cold ? 'built' : 'reused'} in ${(image.ms / 1000).toFixed(1)} s`);
        for (const [k, v] of facts)
            console.log(`# ${k.padEnd(width)}  ${v}`);
    });
    after(() => {
        if (stage)
            removeDir(stage);
        if (results && !process.env.UPGRADE_HOOK_KEEP_RESULTS)
            removeDir(results);
    });
    test('the experiments ran in one boot of systemd 252', () => {
        assert.equal(run?.code, 0, `container run failed (exit ${run?.code}):\n${run?.stderr}\n${readResult(results, 'facts.log').slice(-4000)}`);
        matches('F0.systemd', /^systemd 252 /, 'these facts are about systemd 252 (Debian bookworm)');
    });
    test('F1 start limit: a RemainAfterExit=no gate runs once per dependent start; the 6th in 10 s fails', () => {
        is('F1.f1.rcs', '0 0 0 0 0 1 1 1', 'eight dependents started one systemctl at a time: the 6th, 7th and 8th fail');
        is('F1.f1.gate_runs', '5', 'the gate ran again for each of the first five starts');
        is('F1.f1.gate_result', 'start-limit-hit/failed', "the gate's own result");
        is('F1.f1.sixth_msg', "A dependency job for f1-u@6.service failed. See 'journalctl -xe' for details.", 'the dependent only says "dependency", not "start limit"');
        is('F1.f1.timeout_default', 'infinity', 'a oneshot without TimeoutStartSec= has no start timeout');
        is('F1.f1.after_reset_failed', '0', 'reset-failed on the gate also clears its start-limit counter');
        is('F1.f1z.rcs', '0 0 0 0 0 0 0 0', 'StartLimitIntervalSec=0 in [Unit] of the gate: all eight start');
        is('F1.f1z.gate_runs', '8', 'the gate still runs once per dependent start');
        is('F1.f1z.gate_result', 'success/inactive', 'the unlimited gate did not fail');
        const burst = pairs('F1.f1z.burst25');
        assert.equal(burst.failures, '0', `25 dependent restarts with StartLimitIntervalSec=0: none fails (${fact('F1.f1z.burst25')})`);
        assert.equal(burst.gate_runs, '25', 'each restart ran the gate again');
        assert.ok(Number(burst.ms) < 10_000, `the 25 restarts happened within the 10 s interval (${burst.ms} ms)`);
    });
    test("F2 stopping backend while app's restart waits for the gate", () => {
        for (const dep of ['Requires', 'BindsTo', 'Wants']) {
            const app = `f2-${dep}-app.service`;
            for (const mode of ['replace', 'ignore-requirements', 'ignore-dependencies']) {
                const id = `F2.${dep}.${mode}`;
                is(`${id}.stop`, 'rc=0', 'the stop itself succeeds at once');
                is(`${id}.start_backend`, 'rc=0', 'a plain start of backend while app waits');
                if (mode === 'replace' && dep !== 'Wants') {
                    is(`${id}.app_job`, 'cancelled', `a plain stop of backend propagates to app (${dep}=) and replaces its pending start job`);
                    is(`${id}.restart_at_stop`, `exit=1 Job for ${app} canceled.`, 'the admin\'s restart fails at once, saying "canceled"');
                    is(`${id}.final`, `${app}=inactive f2-${dep}-backend.service=active`, 'app stays down when the gate opens and backend is back');
                }
                else {
                    is(`${id}.app_job`, 'kept', `${mode === 'replace' ? 'Wants= does not propagate a stop' : `--job-mode=${mode} does not propagate`}: app's start job stays`);
                    is(`${id}.restart_at_stop`, 'waiting', "the admin's restart is still waiting");
                    is(`${id}.restart`, 'exit=0', "the admin's restart succeeds once the gate exits 0");
                    is(`${id}.final`, `${app}=active f2-${dep}-backend.service=active`, 'app and backend end up running');
                }
            }
        }
        // the gate exits 0 while backend is still stopped (stopped with ignore-requirements)
        is('F2.Requires.gate_first.restart', 'exit=0', 'Requires= is not checked when the job runs: app starts without its backend');
        matches('F2.Requires.gate_first.final', /^f2-Requires-app\.service=active f2-Requires-backend\.service=inactive /, 'app runs, backend is down');
        is('F2.Wants.gate_first.restart', 'exit=0', 'Wants=: app starts without its backend');
        matches('F2.Wants.gate_first.final', /^f2-Wants-app\.service=active f2-Wants-backend\.service=inactive /, 'app runs, backend is down');
        is('F2.BindsTo.gate_first.restart', "exit=1 A dependency job for f2-BindsTo-app.service failed. See 'journalctl -xe' for details.", 'BindsTo= is checked when the job runs: the start fails as "dependency"');
        matches('F2.BindsTo.gate_first.final', /^f2-BindsTo-app\.service=inactive f2-BindsTo-backend\.service=inactive /, 'app stays down');
    });
    test('F3 ordering of a multi-unit stop, and which active dependents a stop reaches', () => {
        for (const id of ['F3.stops.replace', 'F3.stops.ignore-requirements.dependents-first']) {
            const s = stops(id);
            assert.ok(s['worker@1'].end <= s.app.start, `${id}: worker@1 stopped before app began to stop: ${fact(id)}`);
            assert.ok(s.app.end <= s.backend.start, `${id}: app stopped before backend began to stop: ${fact(id)}`);
        }
        // app first: systemctl queues one job per unit, in argument order, and app's stop job may start before
        // worker@1's is queued (a race: app_first_overlaps counts how often app did not wait for worker@1)
        for (const n of [1, 2, 3]) {
            const id = `F3.stops.ignore-requirements.${n}`;
            const s = stops(id);
            assert.ok(s.app.end <= s.backend.start, `${id}: backend, queued last, still waited for app: ${fact(id)}`);
        }
        matches('F3.ignore-requirements.app_first_overlaps', /^[0-3]\/3$/, 'how often app stopped before/while worker@1 stopped (0-3, a race)');
        {
            const id = 'F3.stops.ignore-dependencies';
            const s = stops(id);
            assert.ok(s.backend.start < s.app.end, `${id}: ignore-dependencies drops ordering: backend stopped while app was stopping: ${fact(id)}`);
        }
        is('F3.propagate.replace', 'requires.service=inactive bindsto.service=inactive partof.service=inactive', 'a plain stop reaches active units that Requires=/BindsTo=/PartOf= the stopped one');
        for (const mode of ['ignore-requirements', 'ignore-dependencies']) {
            is(`F3.propagate.${mode}`, 'requires.service=active bindsto.service=inactive partof.service=active', `with ${mode} Requires=/PartOf= dependents keep running; a BindsTo= dependent still stops (its bound unit went inactive)`);
        }
    });
    test('F4 a second start merges into the pending job; ignore-dependencies strips its ordering', () => {
        const job = pairs('F4.merge.job');
        assert.equal(job.first, job.second, `the second start did not create a new job: ${fact('F4.merge.job')}`);
        assert.equal(job.jobs_for_app, '1', 'one job for app');
        is('F4.merge.second_before_gate', 'waiting', 'the second start waits for the merged job');
        is('F4.merge.result', 'first=0 second=0 second_returned_after_gate=yes app=active', 'both return 0 once the gate exits 0');
        const ign = pairs('F4.storage.ignore-dependencies');
        assert.equal(ign.rc, '0', fact('F4.storage.ignore-dependencies'));
        matches('F4.storage.ignore-dependencies', /at_return: backend\.service=active storage\.service=activating /, 'start --job-mode=ignore-dependencies merged into the waiting job and started backend at once, storage still starting');
        has('F4.storage.ignore-dependencies', 'backend_active_before_storage', 'yes', 'backend became active before its Requires=+After= storage');
        has('F4.storage.ignore-dependencies.first_caller', 'storage_active_when_it_returned', 'no', 'the first, plain start returned too (same job)');
        has('F4.storage.ignore-dependencies.first_caller', 'exit', '0', 'the first, plain start succeeded');
        const plain = pairs('F4.storage.plain');
        assert.equal(plain.rc, '0');
        assert.equal(plain.backend_active_before_storage, 'no', `a plain second start waits for storage: ${fact('F4.storage.plain')}`);
        assert.ok(Number(plain.returned_ms) >= 1000, `it returned only after storage's 2 s ExecStartPre: ${fact('F4.storage.plain')}`);
    });
    test('F5 socket activation', () => {
        matches('F5.deps.service', /TriggeredBy=$/, 'TriggeredBy= is empty until the socket unit is loaded');
        const loaded = fact('F5.deps.service_socket_loaded');
        assert.match(loaded, /TriggeredBy=f5-app\.socket/, loaded);
        assert.match(loaded, /After=[^=]*f5-app\.socket/, `the service gains After= the socket: ${loaded}`);
        assert.doesNotMatch(loaded.replace(/After=.*$/, ''), /f5-app\.socket/, `no implicit Requires=/Wants= on the socket: ${loaded}`);
        matches('F5.deps.socket', /Before=[^=]*f5-app\.service/, 'the socket is ordered before its service');
        matches('F5.deps.socket', /Triggers=f5-app\.service/, 'the socket triggers its service');
        is('F5.client.connect', 'rc=0', 'a client connects at once (the kernel accepts; the service is not up)');
        is('F5.client.app', 'state=inactive job=pending gate_job=running', "the connection queued app's start job behind the gate");
        is('F5.client.backends', 'req.service=active want.service=active (gate still closed)', "app's Requires= and Wants= units started at once, before the gate exited");
        has('F5.stop_socket.pending', 'app_job', 'kept', "a plain stop of the socket does not cancel the service's pending start job");
        is('F5.stop_socket.pending_after_gate', 'app=active', 'the service starts when the gate exits, with its socket stopped');
        has('F5.stop_socket.active', 'app', 'active', 'a plain stop of the socket does not stop the active service');
    });
    test('F6 workers: plain stop/start/restart of app', () => {
        is('F6.stop', 'worker@1.service=inactive worker@2.service=inactive worker@3.service=active', 'stop app stops PartOf= and Requires= workers');
        is('F6.start', 'worker@1.service=inactive worker@2.service=inactive worker@3.service=active', 'start app brings no worker back');
        is('F6.restart', 'worker@1=active/new-pid worker@2=active/new-pid worker@3=active/same-pid', 'restart app restarts PartOf= and Requires= workers');
    });
    test('F7 restart propagation from backend to app', () => {
        for (const dep of ['BindsTo', 'Requires']) {
            is(`F7.${dep}.restart`, 'app=active/new-pid', `restart backend restarts a ${dep}= app`);
            is(`F7.${dep}.restart_ignore_dependencies`, 'app=active/same-pid', `restart --job-mode=ignore-dependencies backend leaves a ${dep}= app alone`);
        }
        is('F7.BindsTo.stop_ignore_dependencies', 'app=inactive', 'a BindsTo= app stops with its backend even with ignore-dependencies');
        matches('F7.BindsTo.start_ignore_dependencies', /^app=inactive\//, 'and stays down when backend is started again');
        is('F7.Requires.stop_ignore_dependencies', 'app=active', 'a Requires= app keeps running while backend is stopped with ignore-dependencies');
        is('F7.Requires.start_ignore_dependencies', 'app=active/same-pid', 'and is not restarted when backend comes back');
    });
    test('F8 Markers=needs-restart and reload-or-restart --marked', () => {
        is('F8.set', 'rc=0 Markers=needs-restart', 'set-property Markers=+needs-restart');
        is('F8.set.dropins', '', 'the mark is runtime state, not a drop-in in system.control/');
        is('F8.daemon_reload', 'Markers=needs-restart', 'the mark survives daemon-reload');
        is('F8.marked', 'rc=0 app=active/new-pid Markers=', '--marked restarts the unit and clears the mark');
        is('F8.unset', 'rc=0 Markers=', 'Markers=-needs-restart clears the mark');
        is('F8.unset.marked', 'rc=0 app=active/same-pid', 'then --marked does nothing');
        is('F8.inactive', 'rc=0 f8-off=inactive Markers=', '--marked does not start a stopped marked unit, and clears its mark');
        has('F8.pending', 'rc', '0', '--marked with a marked unit whose start job waits behind the gate returns at once');
        has('F8.pending', 'job', 'kept', 'and leaves that start job alone');
        has('F8.pending', 'Markers', 'needs-restart', 'and keeps the mark');
        is('F8.pending.after_gate', 'app=active Markers=needs-restart', 'the mark is still there after the unit started');
        has('F8.active_gated', 'rc', '124', '--marked with a marked active unit whose restart needs the closed gate blocks until the gate exits (killed by timeout 2)');
        has('F8.active_gated', 'app', 'inactive', 'the unit was stopped at once; its start waits for the gate');
        has('F8.active_gated', 'job', 'pending', 'killing the client leaves the start job queued');
        has('F8.active_gated', 'Markers', '', 'the mark is cleared when the restart is queued');
        is('F8.active_gated.after_gate', 'app=active/new-pid', 'the unit starts once the gate exits');
        is('F8.plain_restart', 'rc=0 Markers=', 'a plain restart clears the mark');
    });
    test('F9 a failed oneshot and is-system-running', () => {
        is('F9.baseline', 'running(rc=0)', 'the container runs clean before the experiment');
        matches('F9.fail', /^rc=1 state=failed result=exit-code system=degraded\(rc=1\) msg=Job for f9-once\.service failed because the control process exited with error code\./, 'a oneshot that exits 1 is failed and the system degraded');
        is('F9.success', 'rc=0 state=inactive result=success system=running(rc=0)', 'a later successful start clears failed');
        is('F9.reset_failed', 'rc=0 state=inactive result=success system=running(rc=0)', 'reset-failed clears failed');
    });
    test('F10 the deadlock trap: starting a unit ordered After= yourself from your ExecStart', () => {
        has('F10.block.inner', 'rc', '124', 'systemctl start C from inside A never returns (killed by timeout 3)');
        is('F10.block.jobs_at_2s', 'f10-block-a.service:running f10-block-c.service:waiting', "C's job waits for A, A waits for C");
        is('F10.block.c_after', 'c=active c_started_after_a_exited=yes', "killing the client does not cancel C's job: C starts after A exits");
        const inner = pairs('F10.noblock.inner');
        assert.equal(inner.rc, '0', fact('F10.noblock.inner'));
        assert.ok(Number(inner.ms) < 2000, `--no-block returns at once: ${fact('F10.noblock.inner')}`);
        assert.equal(inner.c_state, 'inactive', 'C is not started yet when --no-block returns');
        assert.match(inner.c_job ?? '', /^\d+$/, 'C has a queued job');
        is('F10.noblock.c_after', 'c=active c_started_after_a_exited=yes', 'C starts after A exits');
    });
    test('F11 what systemctl show and list-dependencies print', () => {
        is('F11.show.blank_lines', '1', 'show with two units: one blank line between the blocks');
        is('F11.show.first_block_order', 'RequiredBy WantedBy BoundBy ConsistsOf Triggers TriggeredBy ActiveState Job NeedDaemonReload', "properties come in systemd's order, not the order given to -p; empty ones are printed");
        matches('F11.show.raw', /^RequiredBy=f11-requires\.service\\nWantedBy=f11-wants\.service\\nBoundBy=f11-bindsto\.service\\nConsistsOf=f11-partof\.service\\n/, 'the reverse dependencies of backend');
        is('F11.show.value_multi', 'active\\n\\nactive\\n\\nactive', '--value with several units: blank lines between the values');
        is('F11.show.unknown_property', 'f11-backend.service', 'an unknown property name is ignored silently');
        is('F11.show.missing_unit', 'rc=0 LoadState=not-found\\nActiveState=inactive', 'a unit that does not exist: exit 0, LoadState=not-found');
        is('F11.listdeps.gate', 'gate@f11.service', 'list-dependencies --reverse knows only loaded units: the never-loaded units requiring the gate are missing');
        is('F11.listdeps.gate_loaded', 'gate@f11.service f11-ga.service', 'once a requiring unit is loaded it is listed');
        is('F11.listdeps.backend', 'f11-backend.service f11-bindsto.service f11-requires.service f11-wants.service', 'list-dependencies --reverse lists Requires=/BindsTo=/Wants= dependents but not PartOf= ones');
        matches('F11.job', /^ActiveState=inactive\\nJob=\d+\\n\\nActiveState=activating\\nJob=\d+\\n\\nActiveState=active\\nJob=$/, 'Job= is the numeric job id while a job is queued or running, empty otherwise');
        // list-jobs: one line per job, ID UNIT TYPE STATE, in no fixed order
        const jobs = fact('F11.list_jobs')
            .split(';')
            .filter(Boolean)
            .map((l) => l.replace(/^\d+ /, '#ID '))
            .sort();
        assert.deepEqual(jobs, ['#ID f11-ga.service start waiting', '#ID gate@f11.service start running'], `F11.list_jobs: ${fact('F11.list_jobs')}`);
    });
    test('F12 a gate that exits 0, then 1', () => {
        is('F12.exit0', 'rc=0,0 f12-a.service=active f12-b.service=active gate@f12.service=inactive gate_result=success', 'exit 0: both dependents start');
        is('F12.exit1', 'rc=1,1 f12-a.service=inactive f12-b.service=inactive gate@f12.service=failed gate_result=exit-code', 'exit 1: every dependent start fails; dependents are inactive, not failed');
        is('F12.exit1.msg', "A dependency job for f12-a.service failed. See 'journalctl -xe' for details.", "what the admin's systemctl start prints");
        is('F12.exit1.journal', "f12-a.service: Job f12-a.service/start failed with result 'dependency'.", "the dependent's last journal line");
    });
});

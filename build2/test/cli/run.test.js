// A whole upgrade through the bundled CLI: phases with a slow backend and an app started between them,
// the scripts' environment, failure, resume, --force, cleanup, restart requests and timeouts.
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync, writeFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { REPO } from '../helpers/cli.js';
import { freePort, listening } from '../helpers/ports.js';
import { evidenceScript, installedThenUpgraded, makeProduct } from '../helpers/product.js';
const DAEMON = `${REPO}test/fixtures/fake-daemon.mjs`;
async function withServices(p, backendDelayMs = 2500) {
    const backendPort = await freePort();
    const appPort = await freePort();
    const pid = (n) => join(p.root, `${n}.pid`);
    p.descriptor([
        '[service db]',
        'role = backend',
        `start = ${process.execPath} ${DAEMON} ${backendPort} ${backendDelayMs} ${pid('db')}`,
        `stop = kill $(cat ${pid('db')})`,
        `ready = tcp:127.0.0.1:${backendPort}`,
        'ready_timeout = 30',
        '[service web]',
        'role = app',
        `start = ${process.execPath} ${DAEMON} ${appPort} 200 ${pid('web')} http`,
        `stop = kill $(cat ${pid('web')})`,
        `ready = http://127.0.0.1:${appPort}/health`,
        'ready_timeout = 30',
    ].join('\n'));
    const stopAll = () => {
        for (const n of ['db', 'web']) {
            try {
                process.kill(Number(readFileSync(pid(n), 'utf8')));
            }
            catch {
                /* not running */
            }
        }
    };
    return { backendPort, appPort, stopAll, pidOf: (n) => readFileSync(pid(n), 'utf8').trim() };
}
const probe = (port, label) => `{ bash -c 'exec 3<>/dev/tcp/127.0.0.1/${port}' 2>/dev/null && echo "${label}=up" || echo "${label}=down"; }`;
test('phases run in order with services stopped, backends up, then apps up; data stamped, marker gone', async (t) => {
    const p = makeProduct();
    const s = await withServices(p);
    t.after(() => {
        s.stopAll();
        p.cleanup();
    });
    installedThenUpgraded(p, '1.0-1', '1.1-1');
    const probes = `${probe(s.backendPort, 'db')} >> ${p.evidence}; ${probe(s.appPort, 'web')} >> ${p.evidence}`;
    p.script('once', '0010_offline', `#!/bin/bash\necho "0010 $UPGRADE_HOOK_PHASE" >> ${p.evidence}; ${probes}\necho "offline work done"\n`);
    p.script('always', '3010_backend', `#!/bin/bash\necho "3010 $UPGRADE_HOOK_PHASE" >> ${p.evidence}; ${probes}\n`);
    p.script('once', '6010_online', `#!/bin/bash\necho "6010 $UPGRADE_HOOK_PHASE" >> ${p.evidence}; ${probes}\n`);
    const r = p.run('run', 'acme');
    assert.equal(r.code, 0, r.stderr + r.stdout);
    assert.deepEqual(p.evidenceLines(), [
        '0010 offline',
        'db=down',
        'web=down',
        '3010 backend',
        'db=up',
        'web=down',
        '6010 online',
        'db=up',
        'web=up',
    ]);
    assert.match(r.stdout, /waiting for db to be ready \(tcp 127\.0\.0\.1:\d+\): \d+ s of 30 s/, 'a wait over 2 s is shown');
    assert.equal(await listening(s.backendPort), true, 'services are left running');
    assert.equal(await listening(s.appPort), true);
    assert.equal(p.run('check', 'acme').code, 0);
    assert.equal(p.marker(), undefined);
    const h = p.history();
    assert.deepEqual(h.filter((x) => x.t === 'script-end').map((x) => `${x.script}:${x.result}`), ['0010_offline:ok', '3010_backend:ok', '6010_online:ok']);
    assert.equal(h.filter((x) => x.t === 'script-start').length, 3);
    const log = readFileSync(p.logFile, 'utf8');
    assert.match(log, /"msg":"0010_offline: offline work done"/, 'script output lands in the log, prefixed by its name');
    assert.match(log, /"msg":"db start: fake daemon started as pid \d+"/, 'service command output is logged too');
});
test('scripts get a clean environment, stdin /dev/null, and python writes no __pycache__', (t) => {
    const p = makeProduct();
    t.after(p.cleanup);
    installedThenUpgraded(p, '1.0-1', '1.1-1');
    p.script('once', '0010_env', `#!/bin/sh\nenv | sort > ${p.root}/env.txt\nreadlink /proc/self/fd/0 > ${p.root}/stdin.txt\n`);
    p.script('once', 'helper_mod.py', 'VALUE = 42\n', 0o644);
    p.script('once', '0020_python', `#!/usr/bin/env python3\nimport helper_mod\nopen("${p.root}/py.txt", "w").write(str(helper_mod.VALUE))\n`);
    const r = cliWithNoise(p);
    assert.equal(r.code, 0, r.stderr);
    const env = Object.fromEntries(readFileSync(`${p.root}/env.txt`, 'utf8')
        .trim()
        .split('\n')
        .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));
    assert.equal(env.LANG, 'C.UTF-8');
    assert.equal(env.PYTHONDONTWRITEBYTECODE, '1');
    assert.equal(env.UPGRADE_HOOK_PRODUCT, 'acme');
    assert.equal(env.UPGRADE_HOOK_FROM_VERSION, '1.0-1');
    assert.equal(env.UPGRADE_HOOK_TO_VERSION, '1.1-1');
    assert.equal(env.UPGRADE_HOOK_PHASE, 'offline');
    assert.equal(env.UPGRADE_HOOK_KIND, 'once');
    assert.equal(env.UPGRADE_HOOK_STATE_FILE, p.stateFile);
    assert.match(env.PATH, /:\/usr\/local\/sbin:\/usr\/local\/bin:\/usr\/sbin:\/usr\/bin:\/sbin:\/bin$/);
    assert.equal(env.SECRET_FROM_CALLER, undefined, 'nothing leaks from the caller');
    assert.equal(readFileSync(`${p.root}/stdin.txt`, 'utf8').trim(), '/dev/null');
    assert.equal(readFileSync(`${p.root}/py.txt`, 'utf8'), '42');
    assert.equal(existsSync(join(p.scriptsDir, 'once', '__pycache__')), false);
});
function cliWithNoise(p) {
    const saved = p.env;
    p.env = { ...saved, SECRET_FROM_CALLER: 'x', PYTHONPATH: '/nonexistent' };
    try {
        return p.run('run', 'acme');
    }
    finally {
        p.env = saved;
    }
}
test('a failure stops the run, says which script, the log and the rerun command; the rerun resumes there', (t) => {
    const p = makeProduct();
    t.after(p.cleanup);
    installedThenUpgraded(p, '1.0-1', '1.1-1');
    const flag = join(p.root, 'fixed');
    p.script('always', '0005_always', evidenceScript(p));
    p.script('once', '0010_first', evidenceScript(p));
    p.script('once', '3020_flaky', evidenceScript(p, `[ -e ${flag} ] || { echo "table missing" >&2; exit 3; }`));
    p.script('once', '6030_last', evidenceScript(p));
    const r = p.run('run', 'acme');
    assert.equal(r.code, 1);
    assert.match(r.stderr, /3020_flaky exited with status 3/);
    assert.match(r.stderr, new RegExp(`log: ${p.logFile.replace(/[.]/g, '\\.')}`));
    assert.match(r.stderr, /upgrade-hook run acme/);
    assert.deepEqual(p.evidenceLines(), [
        '0005_always offline always',
        '0010_first offline once',
        '3020_flaky backend once',
    ]);
    const m = p.marker();
    assert.equal(m.state, 'failed');
    assert.equal(m.script, '3020_flaky');
    assert.equal(p.run('check', 'acme').code, 4);
    assert.match(readFileSync(p.logFile, 'utf8'), /3020_flaky: table missing/);
    const st = p.run('status', 'acme');
    assert.match(st.stdout, /acme - failed/);
    assert.match(st.stdout, /3020_flaky/);
    writeFileSync(flag, '');
    rmSync(p.evidence);
    const again = p.run('run', 'acme');
    assert.equal(again.code, 0, again.stderr);
    assert.deepEqual(p.evidenceLines(), ['3020_flaky backend once', '6030_last online once'], 'finished steps are skipped');
    assert.equal(p.marker(), undefined);
    assert.equal(p.run('check', 'acme').code, 0);
});
test('up to date: run does nothing; --force reruns the always-scripts only', (t) => {
    const p = makeProduct();
    t.after(p.cleanup);
    p.script('always', '3000_always', evidenceScript(p));
    p.script('once', '3001_once', evidenceScript(p));
    installedThenUpgraded(p, '1.0-1', '1.0-1');
    const r = p.run('run', 'acme');
    assert.equal(r.code, 0);
    assert.match(r.stdout, /up to date/);
    assert.deepEqual(p.evidenceLines(), []);
    const f = p.run('run', 'acme', '--force');
    assert.equal(f.code, 0, f.stderr);
    assert.deepEqual(p.evidenceLines(), ['3000_always backend always']);
});
test('a once-script changed after it ran is reported by plan and status, not rerun', (t) => {
    const p = makeProduct();
    t.after(p.cleanup);
    const path = p.script('once', '0010_once', evidenceScript(p));
    installedThenUpgraded(p, '1.0-1', '1.1-1');
    writeFileSync(path, evidenceScript(p, '# edited'));
    const plan = p.run('plan', 'acme');
    assert.equal(plan.code, 0);
    assert.match(plan.stdout, /changed since it ran \(not rerun\): .*0010_once/);
    const r = p.run('run', 'acme');
    assert.equal(r.code, 0);
    assert.match(r.stderr, /0010_once changed after it ran/);
    assert.deepEqual(p.evidenceLines(), []);
});
test('cleanup scripts run after the phases, on failure too, told the result', (t) => {
    const p = makeProduct();
    t.after(p.cleanup);
    installedThenUpgraded(p, '1.0-1', '1.1-1');
    const flag = join(p.root, 'fail');
    writeFileSync(flag, '');
    p.script('once', '3010_work', evidenceScript(p, `[ ! -e ${flag} ]`));
    p.script('cleanup', '9000_restore', `#!/bin/sh\necho "restore $UPGRADE_HOOK_RESULT" >> ${p.evidence}\n`);
    assert.equal(p.run('run', 'acme').code, 1);
    assert.deepEqual(p.evidenceLines(), ['3010_work backend once', 'restore failed']);
    rmSync(flag);
    rmSync(p.evidence);
    assert.equal(p.run('run', 'acme').code, 0);
    assert.deepEqual(p.evidenceLines(), ['3010_work backend once', 'restore success']);
});
test('a script asks for a restart through $UPGRADE_HOOK_RESTART_FILE; stored values via upgrade-hook state', async (t) => {
    const p = makeProduct();
    const s = await withServices(p, 100);
    t.after(() => {
        s.stopAll();
        p.cleanup();
    });
    installedThenUpgraded(p, '1.0-1', '1.1-1');
    assert.equal(p.run('state', 'set', 'acme', 'acme', 'admin_email', 'root@example.com').code, 0);
    p.script('once', '3010_reconf', `#!/bin/sh\nset -e\necho "email=$(upgrade-hook state get acme acme admin_email)" >> ${p.evidence}\ncat ${p.root}/db.pid >> ${p.evidence}\nupgrade-hook state set acme acme migrated yes\necho db > "$UPGRADE_HOOK_RESTART_FILE"\n`);
    p.script('once', '3020_after', `#!/bin/sh\ncat ${p.root}/db.pid >> ${p.evidence}\n`);
    const r = p.run('run', 'acme');
    assert.equal(r.code, 0, r.stderr);
    const [email, before, after] = p.evidenceLines();
    assert.equal(email, 'email=root@example.com');
    assert.notEqual(before, after, 'the backend was restarted between the two scripts');
    assert.equal(p.run('state', 'get', 'acme', 'acme', 'migrated').stdout.trim(), 'yes');
});
test('a hung script is killed after its timeout, recorded as failed, and the rerun works', (t) => {
    const p = makeProduct();
    t.after(p.cleanup);
    installedThenUpgraded(p, '1.0-1', '1.1-1');
    const path = p.script('once', '0010_hang', `#!/bin/sh\n# upgrade-hook-timeout: 1\nsleep 60 &\nwait\n`);
    const r = p.run('run', 'acme');
    assert.equal(r.code, 1);
    assert.match(r.stderr, /0010_hang timed out after 1 s/);
    const end = p.history().find((x) => x.t === 'script-end');
    assert.equal(end.result, 'failed');
    assert.match(String(end.reason), /timed out/);
    writeFileSync(path, evidenceScript(p));
    const again = p.run('run', 'acme');
    assert.equal(again.code, 0, again.stderr);
    assert.deepEqual(p.evidenceLines(), ['0010_hang offline once']);
    assert.deepEqual(readdirSync(p.varDir).sort(), ['history.jsonl']);
});
test('a script running longer than 2 s shows progress; -q prints only errors; the log file is private (0600)', (t) => {
    const p = makeProduct();
    t.after(p.cleanup);
    installedThenUpgraded(p, '1.0-1', '1.1-1');
    p.script('once', '0010_long', '#!/bin/sh\nsleep 3\n');
    const r = p.run('run', 'acme');
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^\d\d:\d\d:\d\d {3}0010_long running for \d+ s \(log: /m, 'a timestamped progress line in a pipe');
    assert.equal(statSync(p.logFile).mode & 0o777, 0o600);
    p.setBuild('1.2-1');
    p.script('once', '0020_fails', '#!/bin/sh\nexit 2\n');
    const q = p.run('run', 'acme', '-q');
    assert.equal(q.code, 1);
    assert.equal(q.stdout, '', 'nothing but errors with -q');
    assert.match(q.stderr, /0020_fails exited with status 2/);
});
test('a service that comes up during the offline phase stops the run before the next offline script, naming it', (t) => {
    const p = makeProduct();
    t.after(p.cleanup);
    installedThenUpgraded(p, '1.0-1', '1.1-1');
    const flag = join(p.root, 'db-running');
    p.descriptor([
        '[service db]',
        'role = backend',
        `start = touch ${flag}`,
        `stop = rm -f ${flag}`,
        `ready = exec:test -e ${flag}`,
        'ready_timeout = 5',
    ].join('\n'));
    // something outside the upgrade starts the database while offline scripts run (an admin, a timer)
    p.script('once', '0010_first', `#!/bin/sh\ntouch ${flag}\n`);
    p.script('once', '0020_second', evidenceScript(p));
    const r = p.run('run', 'acme');
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stderr, /the offline phase is not offline: db \(answers command "test -e [^"]+"\)/);
    assert.match(r.stderr, /stop it and rerun/);
    assert.deepEqual(p.evidenceLines(), [], 'the second offline script did not run');
    assert.equal(p.marker()?.state, 'failed');
});

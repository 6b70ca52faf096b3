// The recovery commands through the bundled CLI, on real files and processes: `run --only` (steps by hand),
// `resolve` (a failed step fixed by hand, a once-script changed after it ran) and `history`.
import assert from 'node:assert/strict';
import { appendFileSync, existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync, } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { evidenceScript, installedThenUpgraded, makeProduct } from '../helpers/product.js';
const historyFile = (p) => join(p.varDir, 'history.jsonl');
const markerText = (p) => existsSync(join(p.varDir, 'marker')) ? readFileSync(join(p.varDir, 'marker'), 'utf8') : undefined;
const dataVersion = (p) => /data_version = (.*)/.exec(readFileSync(p.stateFile, 'utf8'))?.[1];
/** Two services run by commands that leave a file while up: each script writes which were up when it ran. */
function withServiceFiles(p) {
    const up = (n) => join(p.root, `${n}.up`);
    p.descriptor([
        '[service db]',
        'role = backend',
        `start = touch ${up('db')}`,
        `stop = rm -f ${up('db')}`,
        '[service web]',
        'role = app',
        `start = touch ${up('web')}`,
        `stop = rm -f ${up('web')}`,
    ].join('\n'));
    const probe = `for s in db web; do [ -e ${p.root}/$s.up ] && echo "$s=up" || echo "$s=down"; done >> ${p.evidence}`;
    return { up: (n) => existsSync(up(n)), probe };
}
/** 1.0-1 stamped with no scripts; 1.1-1 adds an offline once-step that fails until FIXED exists, and more. */
function failedUpgrade(p) {
    installedThenUpgraded(p, '1.0-1', '1.1-1');
    const fixed = join(p.root, 'fixed');
    p.script('once', '0010_users', evidenceScript(p));
    p.script('once', '0020_fix_index', evidenceScript(p, `[ -e ${fixed} ] || { echo "duplicate key 42" >&2; exit 1; }`));
    p.script('once', '0030_after', evidenceScript(p));
    p.script('always', '3010_cache', evidenceScript(p));
    const r = p.run('run', 'acme');
    assert.equal(r.code, 1, r.stderr);
    assert.deepEqual(p.evidenceLines(), ['0010_users offline once', '0020_fix_index offline once']);
    writeFileSync(p.evidence, '');
    return { fix: () => writeFileSync(fixed, '') };
}
test("run --only runs just the named steps, each in its phase's service state, loudly; never stamps, the marker stays", (t) => {
    const p = makeProduct();
    t.after(p.cleanup);
    const s = withServiceFiles(p);
    const { fix } = failedUpgrade(p);
    // a backend-phase step: the apps of a pending upgrade never start by hand (run-only-safety.test.ts)
    p.script('once', '4010_backend', evidenceScript(p, s.probe));
    p.script('once', '0020_fix_index', evidenceScript(p, `${s.probe}\n[ -e ${p.root}/fixed ] || exit 1`));
    fix();
    writeFileSync(join(p.root, 'db.up'), '');
    writeFileSync(join(p.root, 'web.up'), '');
    const marker = markerText(p);
    const records = p.history().length;
    const r = p.run('run', 'acme', '--only', '4010_backend', '0020_fix_index');
    assert.equal(r.code, 0, r.stderr);
    // phase order, whatever the order named: offline with everything down, backend with the backends up
    assert.deepEqual(p.evidenceLines(), [
        '0020_fix_index offline once',
        'db=down',
        'web=down',
        '4010_backend backend once',
        'db=up',
        'web=down',
    ]);
    assert.match(r.stderr, /warning: \*{20}/);
    assert.match(r.stderr, /RUNNING 2 STEP\(S\) OF ACME BY HAND: once\/0020_fix_index \(offline\), once\/4010_backend \(backend\)/);
    assert.match(r.stderr, /THIS IS NOT AN UPGRADE/);
    assert.match(readFileSync(p.logFile, 'utf8'), /steps run by hand \(run --only\), not an upgrade: once\/0020_fix_index \(offline\), once\/4010_backend \(backend\)/);
    assert.equal(dataVersion(p), '1.0-1', 'not stamped');
    assert.equal(markerText(p), marker, 'the marker is left as it was');
    assert.equal(p.run('check', 'acme').code, 4, 'still an upgrade due');
    const start = p
        .history()
        .slice(records)
        .find((x) => x.t === 'run-start');
    assert.equal(start.by, 'only');
    assert.deepEqual(start.only, ['once/0020_fix_index', 'once/4010_backend']);
    // the upgrade continues: the once-steps done by hand do not run again, the rest does, and it is stamped
    writeFileSync(p.evidence, '');
    const plan = p.run('plan', 'acme');
    assert.match(plan.stdout, /skip {2}once\/0020_fix_index +once: done by hand \(run --only\)/);
    const up = p.run('run', 'acme');
    assert.equal(up.code, 0, up.stderr);
    assert.deepEqual(p.evidenceLines(), ['0030_after offline once', '3010_cache backend always']);
    assert.equal(dataVersion(p), '1.1-1');
    assert.equal(p.marker(), undefined);
});
test('run --only with an always-step: it runs again in the next upgrade; on an up-to-date product services come back up', (t) => {
    const p = makeProduct();
    t.after(p.cleanup);
    const s = withServiceFiles(p);
    p.script('always', '3010_cache', evidenceScript(p, s.probe));
    installedThenUpgraded(p, '1.0-1', '1.0-1');
    writeFileSync(join(p.root, 'db.up'), '');
    writeFileSync(join(p.root, 'web.up'), '');
    const r = p.run('run', 'acme', '--only', 'always/3010_cache');
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(p.evidenceLines(), ['3010_cache backend always', 'db=up', 'web=down']);
    assert.equal(s.up('db') && s.up('web'), true, 'the data is up to date: every service is started again');
    assert.equal(p.run('check', 'acme').code, 0);
    p.setBuild('1.1-1');
    writeFileSync(p.evidence, '');
    assert.equal(p.run('run', 'acme').code, 0);
    assert.deepEqual(p.evidenceLines(), ['3010_cache backend always', 'db=up', 'web=down'], 'an always-step run by hand is not part of the upgrade');
});
test('run --only: a name that matches nothing lists the close matches; nothing runs, nothing is written', (t) => {
    const p = makeProduct();
    t.after(p.cleanup);
    failedUpgrade(p);
    const before = readFileSync(historyFile(p), 'utf8');
    const marker = markerText(p);
    const r = p.run('run', 'acme', '--only', '0020_fix_indx');
    assert.equal(r.code, 2);
    assert.match(r.stderr, /error: acme: no step "0020_fix_indx"; close matches: once\/0020_fix_index/);
    assert.match(r.stderr, /upgrade-hook plan acme/);
    assert.deepEqual(p.evidenceLines(), []);
    assert.equal(readFileSync(historyFile(p), 'utf8'), before);
    assert.equal(markerText(p), marker);
    assert.equal(p.run('run', 'acme', '0020_fix_index').code, 2, 'steps without --only are a usage error');
    assert.equal(p.run('run', 'acme', '--only').code, 2);
    assert.equal(p.run('run', 'acme', '--only', '--force', '0010_users').code, 2);
});
test('run --only: a failing step exits 1, says it ran by hand, leaves marker and data alone', (t) => {
    const p = makeProduct();
    t.after(p.cleanup);
    failedUpgrade(p);
    const marker = markerText(p);
    const r = p.run('run', 'acme', '--only', '0020_fix_index');
    assert.equal(r.code, 1);
    assert.match(r.stderr, /error: acme: 0020_fix_index exited with status 1 \(run by hand; nothing else changed\)/);
    assert.equal(markerText(p), marker);
    assert.equal(dataVersion(p), '1.0-1');
});
test('resolve marks the failed step done with reason, time and user; the gate then continues after it', (t) => {
    const p = makeProduct();
    t.after(p.cleanup);
    failedUpgrade(p);
    const g = p.run('gate', 'acme');
    assert.equal(g.code, 1, 'a standing failure is not retried unattended');
    const r = p.run('resolve', 'acme', '0020_fix_index', '--reason', 'index rebuilt by hand, ticket 4711');
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /once\/0020_fix_index marked done; the upgrade continues after it/);
    const rec = p.history().at(-1);
    assert.equal(rec.t, 'resolve');
    assert.equal(rec.script, '0020_fix_index');
    assert.equal(rec.what, 'failed');
    assert.equal(rec.reason, 'index rebuilt by hand, ticket 4711');
    assert.equal(typeof rec.user, 'string');
    assert.ok(!Number.isNaN(Date.parse(String(rec.at))));
    const m = p.marker();
    assert.equal(m.state, 'deferred');
    assert.equal(m.reason, 'resolved');
    assert.equal(m.previous.reason, 'script-failed', 'the failure stays visible');
    assert.equal(p.run('check', 'acme').code, 5);
    const st = JSON.parse(p.run('status', 'acme', '--json').stdout);
    assert.equal(st.state, 'deferred');
    assert.equal(st.next, 'upgrade-hook run acme');
    const gate = p.run('gate', 'acme');
    assert.equal(gate.code, 0, gate.stderr);
    assert.deepEqual(p.evidenceLines(), ['0030_after offline once', '3010_cache backend always'], 'the resolved step does not run');
    assert.equal(dataVersion(p), '1.1-1');
    assert.equal(p.marker(), undefined);
});
test('resolve names the user from SUDO_USER', (t) => {
    const p = makeProduct();
    t.after(p.cleanup);
    failedUpgrade(p);
    p.env.SUDO_USER = 'alice';
    assert.equal(p.run('resolve', 'acme', 'once/0020_fix_index', '--reason', 'fixed').code, 0);
    assert.equal(p.history().at(-1).user, 'alice');
    const h = p.run('history', 'acme');
    assert.match(h.stdout, /resolve \(alice\) +resolved once\/0020_fix_index/);
});
test('resolve refuses any step but the failed one (exit 2, nothing written) unless --force', (t) => {
    const p = makeProduct();
    t.after(p.cleanup);
    failedUpgrade(p);
    const before = readFileSync(historyFile(p), 'utf8');
    const marker = markerText(p);
    const r = p.run('resolve', 'acme', '0030_after', '--reason', 'x');
    assert.equal(r.code, 2);
    assert.match(r.stderr, /refusing to mark once\/0030_after done: the step that failed is 0020_fix_index, and it has not run yet/);
    assert.match(r.stderr, /--force/);
    assert.equal(readFileSync(historyFile(p), 'utf8'), before);
    assert.equal(markerText(p), marker);
    assert.equal(p.run('resolve', 'acme', '0020_fix_index').code, 2, '--reason is required');
    assert.equal(p.run('resolve', 'acme', '0020_fix_index', '--reason', '  ').code, 2);
    const f = p.run('resolve', 'acme', '0030_after', '--reason', 'done by the DBA', '--force');
    assert.equal(f.code, 0, f.stderr);
    assert.match(f.stdout, /marked done \(--force\); it will not run in any later upgrade/);
    assert.equal(markerText(p), marker, 'forcing another step leaves the failure standing');
    assert.match(p.run('plan', 'acme').stdout, /skip {2}once\/0030_after +once: done by resolve/);
});
test('resolve accepts the new content of a once-script changed after it ran; plan stops reporting it', (t) => {
    const p = makeProduct();
    t.after(p.cleanup);
    installedThenUpgraded(p, '1.0-1', '1.1-1');
    p.script('once', '0010_users', evidenceScript(p));
    assert.equal(p.run('run', 'acme').code, 0);
    p.script('once', '0010_users', evidenceScript(p, 'echo changed'));
    const plan = p.run('plan', 'acme');
    assert.match(plan.stdout, /changed since it ran \(not rerun\): .*0010_users; to accept it: upgrade-hook resolve acme 0010_users --reason TEXT/);
    const r = p.run('resolve', 'acme', '0010_users', '--reason', 'typo fixed in a comment');
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /once\/0010_users: new content accepted \(checksum sha256:[0-9a-f]{12}… -> sha256:[0-9a-f]{12}…\); it is not run again/);
    assert.doesNotMatch(p.run('plan', 'acme').stdout, /changed since it ran/);
    assert.equal(p.run('check', 'acme').code, 0, 'no marker is written for it');
    assert.equal(p.run('resolve', 'acme', '0010_users', '--reason', 'again').code, 2, 'unchanged now: nothing to resolve');
});
test('history lists every run with who started it and how it ended; one run shows its steps; --json', (t) => {
    const p = makeProduct();
    t.after(p.cleanup);
    const { fix } = failedUpgrade(p);
    fix();
    assert.equal(p.run('run', 'acme').code, 0);
    const list = p.run('history', 'acme');
    assert.equal(list.code, 0, list.stderr);
    const lines = list.stdout.split('\n');
    assert.match(lines[0], /^RUN +STARTED \(UTC\) +TOOK +FROM -> TO +BY +RESULT$/);
    assert.match(lines[1], /^\d{8}T\d{6}-\d+ .* 1\.0-1 -> 1\.1-1 +run \(\S+\) +failed at 0020_fix_index$/);
    assert.match(lines[2], / 1\.0-1 -> 1\.1-1 +run \(\S+\) +ok$/);
    assert.match(list.stdout, /steps of one run: upgrade-hook history acme RUN/);
    const first = lines[1].split(' ')[0];
    const one = p.run('history', 'acme', first);
    assert.equal(one.code, 0, one.stderr);
    assert.match(one.stdout, /Result +: failed at 0020_fix_index \(exited with status 1\)/);
    assert.match(one.stdout, /offline +once\/0010_users +\d+ ms +ok \(exit 0\)/);
    assert.match(one.stdout, /offline +once\/0020_fix_index +\d+ ms +failed: exited with status 1/);
    const j = JSON.parse(p.run('history', 'acme', '--json').stdout);
    assert.deepEqual(j.runs.map((r) => [r.by, r.result, r.script]), [
        ['run', 'failed', '0020_fix_index'],
        ['run', 'ok', null],
    ]);
    const last = JSON.parse(p.run('history', 'acme', 'last', '--json').stdout);
    assert.deepEqual(last.steps.map((s) => [s.step, s.result, s.exit]), [
        ['0020_fix_index', 'ok', 0],
        ['0030_after', 'ok', 0],
        ['3010_cache', 'ok', 0],
    ]);
    assert.equal(typeof last.steps[0].ms, 'number');
    const bad = p.run('history', 'acme', 'nosuchrun');
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /no run "nosuchrun" in the history; the last runs are: /);
    const st = p.run('status', 'acme');
    assert.match(st.stdout, /History: upgrade-hook history acme/);
    assert.equal(JSON.parse(p.run('status', 'acme', '--json').stdout).historyCommand, 'upgrade-hook history acme');
});
test('a history written before runs recorded who started them still reads; its runs show "?"', (t) => {
    const p = makeProduct();
    t.after(p.cleanup);
    installedThenUpgraded(p, '1.0-1', '1.1-1');
    p.script('once', '0010_users', evidenceScript(p));
    const at = '2026-01-01T00:00:00.000Z';
    writeFileSync(historyFile(p), [
        { t: 'run-start', run: 'old-1', at, from: '0.9-1', to: '1.0-1', pid: 1 },
        { t: 'script-start', run: 'old-1', at, script: '0010_users', kind: 'once', phase: 'offline', sum: 'x' },
        {
            t: 'script-end',
            run: 'old-1',
            at,
            script: '0010_users',
            kind: 'once',
            phase: 'offline',
            sum: 'x',
            result: 'ok',
            exit: 0,
            signal: null,
            ms: 5,
        },
        { t: 'run-end', run: 'old-1', at, result: 'ok' },
    ]
        .map((r) => `${JSON.stringify(r)}\n`)
        .join(''), { mode: 0o600 });
    const h = p.run('history', 'acme');
    assert.equal(h.code, 0, h.stderr);
    assert.match(h.stdout, /^old-1 +2026-01-01 00:00:00Z +0 ms +0\.9-1 -> 1\.0-1 +\? +ok$/m);
    assert.equal(p.run('run', 'acme').code, 0);
    assert.deepEqual(p.evidenceLines(), [], 'the once-record of the old history still counts');
});
test('a history line that is null or not a record: a clear error naming the line, not an internal error', (t) => {
    const p = makeProduct();
    t.after(p.cleanup);
    installedThenUpgraded(p, '1.0-1', '1.1-1');
    appendFileSync(historyFile(p), 'null\n');
    for (const cmd of [
        ['status', 'acme'],
        ['history', 'acme'],
        ['run', 'acme'],
    ]) {
        const r = p.run(...cmd);
        assert.equal(r.code, 78, `${cmd.join(' ')}: ${r.stderr}`);
        assert.match(r.stderr, /history .*history\.jsonl line 1 is not a JSON record/);
        assert.match(r.stderr, /sed -i 1d/);
    }
});
test('a history past 4 MiB is compacted by the next run under the lock: once-records kept, the last runs listed', (t) => {
    const p = makeProduct();
    t.after(p.cleanup);
    installedThenUpgraded(p, '1.0-1', '1.1-1');
    p.script('once', '0010_users', evidenceScript(p));
    p.script('always', '3010_cache', evidenceScript(p));
    assert.equal(p.run('run', 'acme').code, 0);
    writeFileSync(p.evidence, '');
    const at = '2026-01-01T00:00:00.000Z';
    const lines = [];
    for (let i = 0; i < 12_000; i++) {
        const run = `old-${i}`;
        lines.push(JSON.stringify({ t: 'run-start', run, at, from: '1.1-1', to: '1.1-1', pid: 1, force: true, by: 'run' }));
        lines.push(JSON.stringify({
            t: 'script-end',
            run,
            at,
            script: '3010_cache',
            kind: 'always',
            phase: 'backend',
            sum: 'x',
            result: 'ok',
            exit: 0,
            signal: null,
            ms: 1,
        }));
        lines.push(JSON.stringify({ t: 'run-end', run, at, result: 'ok' }));
    }
    appendFileSync(historyFile(p), `${lines.join('\n')}\n`);
    assert.ok(statSync(historyFile(p)).size > 4 * 1024 * 1024);
    p.setBuild('1.2-1');
    const r = p.run('run', 'acme', '-d');
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /history compacted: 360\d\d records \(\d+ bytes\) -> \d+ \(\d+ bytes\)/);
    assert.match(readFileSync(p.logFile, 'utf8'), /history compacted/);
    assert.deepEqual(p.evidenceLines(), ['3010_cache backend always'], 'the once-script did not run again');
    assert.ok(statSync(historyFile(p)).size < 100_000);
    const runs = JSON.parse(p.run('history', 'acme', '--json').stdout).runs;
    assert.equal(runs.length, 101, 'the last 100 runs kept whole, then this one');
    assert.equal(runs.at(-2).id, 'old-11999');
    assert.equal(readdirSync(p.varDir).filter((f) => f.includes('compact')).length, 0, 'no temporary file left');
});
test('a symbolic link as a large history is never compacted through or replaced: the run refuses it', (t) => {
    const p = makeProduct();
    t.after(p.cleanup);
    installedThenUpgraded(p, '1.0-1', '1.1-1');
    const victim = join(p.root, 'victim.jsonl');
    writeFileSync(victim, `${JSON.stringify({ t: 'run-end', run: 'x', at: '2026-01-01T00:00:00.000Z', result: 'ok' })}\n`.repeat(60_000));
    const size = statSync(victim).size;
    mkdirSync(p.varDir, { recursive: true });
    rmSync(historyFile(p), { force: true });
    symlinkSync(victim, historyFile(p));
    const r = p.run('run', 'acme');
    assert.equal(r.code, 78, r.stderr);
    assert.match(r.stderr, /symbolic link/);
    assert.equal(lstatSync(historyFile(p)).isSymbolicLink(), true);
    assert.equal(statSync(victim).size, size);
});
// issue 22: options first, as people type (`run --only STEP... NAME`): before, "unknown product 0020_fix_index"
test('run --only STEP... NAME, the product last: the same steps run as with the product first', (t) => {
    const p = makeProduct();
    t.after(p.cleanup);
    const s = withServiceFiles(p);
    const { fix } = failedUpgrade(p);
    p.script('once', '0020_fix_index', evidenceScript(p, `${s.probe}\n[ -e ${p.root}/fixed ] || exit 1`));
    fix();
    const r = p.run('run', '--only', '0020_fix_index', 'acme');
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(p.evidenceLines().slice(0, 1), ['0020_fix_index offline once']);
    const start = p
        .history()
        .filter((x) => x.t === 'run-start')
        .at(-1);
    assert.deepEqual(start.only, ['once/0020_fix_index']);
    // a name that is neither a product nor a step still says which product is unknown
    const bad = p.run('run', '--only', '0020_fix_index', 'nosuch');
    assert.equal(bad.code, 78, bad.stderr);
    assert.match(bad.stderr, /unknown product "0020_fix_index"/);
});

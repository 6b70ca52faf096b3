// Per-service checks (issue 12 item 2): executables in the descriptor's `checks` directory answer
// 0 ok, 4 needs upgrade, 3 needs a manual fix; check, gate, posttrans and status run them. Real files,
// real processes, through the bundled CLI.
import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { evidenceScript, installedThenUpgraded, makeProduct } from '../helpers/product.js';
function withChecks(p, productExtra = '') {
    const dir = join(p.root, 'checks');
    mkdirSync(dir, { recursive: true, mode: 0o755 });
    chmodSync(dir, 0o755);
    p.descriptor('', `checks = ${dir}\n${productExtra}`);
    return dir;
}
function check(dir, name, body, mode = 0o755) {
    const path = join(dir, name);
    writeFileSync(path, body);
    chmodSync(path, mode);
    return path;
}
test('checks that pass: check, gate and status say up to date; every check ran', (t) => {
    const p = makeProduct();
    t.after(p.cleanup);
    installedThenUpgraded(p, '1.0-1', '1.0-1');
    const dir = withChecks(p);
    check(dir, 'postgresql', `#!/bin/sh\necho "$UPGRADE_HOOK_CHECK $UPGRADE_HOOK_DATA_VERSION $UPGRADE_HOOK_BUILD_VERSION" >> ${p.evidence}\necho "schema current"\n`);
    check(dir, 'README.rpmsave', '#!/bin/sh\nexit 3\n');
    const c = p.run('check', 'acme');
    assert.equal(c.code, 0, c.stderr);
    assert.match(c.stdout, /acme: up to date \(1\.0-1\)/);
    assert.equal(p.run('gate', 'acme').code, 0);
    const s = p.run('status', 'acme', '--json');
    assert.equal(s.code, 0, s.stderr);
    const doc = JSON.parse(s.stdout);
    assert.equal(doc.state, 'up-to-date');
    assert.deepEqual(doc.checks, [{ name: 'postgresql', verdict: 'ok', message: 'schema current' }]);
    assert.deepEqual(p.evidenceLines(), ['postgresql 1.0-1 1.0-1', 'postgresql 1.0-1 1.0-1', 'postgresql 1.0-1 1.0-1'], 'check, gate, status each ran it; the leftover never ran');
});
/** Equal versions, and a check that answers 4 until the file it returns exists (a script must create it). */
function withSearchIndexCheck(p) {
    installedThenUpgraded(p, '1.0-1', '1.0-1');
    const fixed = join(p.root, 'reindexed');
    check(withChecks(p), 'search-index', `#!/bin/sh\n[ -e ${fixed} ] && exit 0\necho "search index was built by an older format"\nexit 4\n`);
    return fixed;
}
test('"needs upgrade" (exit 4) makes an upgrade due at equal versions; the gate runs it, then the check passes', (t) => {
    const p = makeProduct();
    t.after(p.cleanup);
    const fixed = withSearchIndexCheck(p);
    p.script('always', '0100_reindex', evidenceScript(p, `touch ${fixed}`));
    const c = p.run('check', 'acme');
    assert.equal(c.code, 4, c.stderr);
    assert.match(c.stdout, /acme: upgrade needed: check search-index: search index was built by an older format/);
    const st = p.run('status', 'acme');
    assert.match(st.stdout, /^acme - upgrade-needed$/m);
    assert.match(st.stdout, /Check: search-index: needs-upgrade: search index was built by an older format/);
    assert.match(st.stdout, /Next: upgrade-hook run acme/);
    const g = p.run('gate', 'acme');
    assert.equal(g.code, 0, g.stderr);
    assert.deepEqual(p.evidenceLines(), ['0100_reindex offline always']);
    assert.equal(p.run('check', 'acme').code, 0);
    assert.equal(p.marker(), undefined);
});
test('a check an upgrade does not satisfy: the next start is refused instead of upgrading again; run --force retries', (t) => {
    const p = makeProduct();
    t.after(p.cleanup);
    const fixed = withSearchIndexCheck(p);
    // the shipped script forgets to do what the check looks for
    p.script('always', '0100_reindex', evidenceScript(p));
    const first = p.run('gate', 'acme');
    assert.equal(first.code, 0, first.stderr);
    assert.deepEqual(p.evidenceLines(), ['0100_reindex offline always'], 'the first start runs the upgrade');
    // before the fix: every start stopped the services and reran the always-scripts
    const second = p.run('gate', 'acme');
    assert.equal(second.code, 3, second.stdout);
    assert.match(second.stderr, /not starting: needs a manual fix: upgrade run \S+ to 1\.0-1 ran for it and ended ok, yet check search-index: search index was built by an older format; the upgrade scripts do not fix what it finds/);
    assert.match(second.stderr, /upgrade-hook run --force acme/);
    assert.equal(p.run('check', 'acme').code, 3);
    assert.equal(p.run('run', 'acme').code, 3, 'run without --force refuses too');
    assert.deepEqual(p.evidenceLines(), ['0100_reindex offline always'], 'no second upgrade');
    assert.equal(p.marker(), undefined, 'no marker: the check says when it is fixed');
    // a fixed script is installed: run --force tries once more, and the check passes
    p.script('always', '0100_reindex', evidenceScript(p, `touch ${fixed}`));
    const forced = p.run('run', '--force', 'acme');
    assert.equal(forced.code, 0, forced.stderr);
    assert.deepEqual(p.evidenceLines(), ['0100_reindex offline always', '0100_reindex offline always']);
    assert.equal(p.run('gate', 'acme').code, 0);
    assert.equal(p.run('check', 'acme').code, 0);
});
test('run and posttrans honour "needs upgrade" too; without it equal versions run nothing', (t) => {
    for (const cmd of ['run', 'posttrans']) {
        const p = makeProduct();
        t.after(p.cleanup);
        installedThenUpgraded(p, '1.0-1', '1.0-1');
        const dir = withChecks(p);
        p.script('always', '0100_step', evidenceScript(p));
        check(dir, 'cfg', '#!/bin/sh\nexit 0\n');
        assert.equal(p.run(cmd, 'acme').code, 0);
        assert.deepEqual(p.evidenceLines(), [], `${cmd}: all checks ok, up to date: nothing runs`);
        check(dir, 'cfg', '#!/bin/sh\necho "config regeneration pending"\nexit 4\n');
        const r = p.run(cmd, 'acme');
        assert.equal(r.code, 0, `${cmd}: ${r.stderr}`);
        assert.deepEqual(p.evidenceLines(), ['0100_step offline always'], `${cmd} ran the upgrade`);
    }
});
test('"needs a manual fix" (exit 3) refuses the start with the check\'s message and what to do; nothing runs, no marker', (t) => {
    const p = makeProduct();
    t.after(p.cleanup);
    installedThenUpgraded(p, '1.0-1', '1.1-1');
    const dir = withChecks(p);
    p.script('once', '0010_new', evidenceScript(p));
    const path = check(dir, 'certs', '#!/bin/sh\necho "CA certificate /etc/acme/ca.pem expired on 2026-01-01: renew it with acme-ca renew"\nexit 3\n');
    const c = p.run('check', 'acme');
    assert.equal(c.code, 3);
    assert.match(c.stderr, /acme: needs a manual fix: check certs: CA certificate \/etc\/acme\/ca\.pem expired on 2026-01-01: renew it with acme-ca renew/);
    assert.match(c.stdout, new RegExp(`next: fix it as the check says \\(${path}\\), then: upgrade-hook check acme`));
    const g = p.run('gate', 'acme');
    assert.equal(g.code, 3);
    assert.match(g.stderr, /acme: not starting: needs a manual fix: check certs: CA certificate/);
    assert.match(g.stderr, /confirm with: upgrade-hook check acme; then start the service again/);
    const pt = p.run('posttrans', 'acme');
    assert.equal(pt.code, 0, 'posttrans never fails the transaction');
    assert.match(pt.stderr, /acme: needs a manual fix: check certs/);
    const r = p.run('run', 'acme');
    assert.equal(r.code, 3);
    assert.match(r.stderr, /not upgrading: needs a manual fix/);
    const s = JSON.parse(p.run('status', 'acme', '--json').stdout);
    assert.equal(s.state, 'refused');
    assert.equal(s.next, 'fix it as the check says, then: upgrade-hook check acme');
    assert.deepEqual(p.evidenceLines(), [], 'no upgrade script ran');
    assert.equal(p.marker(), undefined, 'no marker: the checks say when the fix is done');
    // the admin fixes it: the next start upgrades
    check(dir, 'certs', '#!/bin/sh\nexit 0\n');
    assert.equal(p.run('gate', 'acme').code, 0);
    assert.deepEqual(p.evidenceLines(), ['0010_new offline once']);
});
test('a check that crashes or hangs is a manual fix, with its output; a version refusal comes first and runs no check', (t) => {
    const p = makeProduct();
    t.after(p.cleanup);
    installedThenUpgraded(p, '1.0-1', '1.0-1');
    const dir = withChecks(p, 'check_timeout = 1');
    check(dir, 'crashy', `#!/bin/sh\necho ran >> ${p.evidence}\necho "Traceback (most recent call last):"\necho "KeyError: 'db'" >&2\nexit 1\n`);
    check(dir, 'hangs', '#!/bin/sh\nsleep 30 &\nsleep 30\n');
    const c = p.run('check', 'acme');
    assert.equal(c.code, 3);
    assert.match(c.stderr, /check crashy: the check failed with exit status 1: Traceback \(most recent call last\):/);
    assert.match(c.stderr, /crashy\| KeyError: 'db'/);
    assert.match(c.stderr, /check hangs: the check did not answer within 1 s \(killed\)/);
    p.setBuild('0.9-1');
    const down = p.run('check', 'acme');
    assert.equal(down.code, 3);
    assert.match(down.stderr, /newer than the installed build/);
    assert.deepEqual(p.evidenceLines(), ['ran'], 'the downgrade refusal ran no check');
});
test("checks follow the scripts' hygiene rules: a group-writable or header-less check stops with the file named, nothing run", (t) => {
    const p = makeProduct();
    t.after(p.cleanup);
    installedThenUpgraded(p, '1.0-1', '1.1-1');
    const dir = withChecks(p);
    p.script('once', '0010_new', evidenceScript(p));
    const loose = check(dir, 'loose', '#!/bin/sh\nexit 0\n', 0o775);
    const headless = check(dir, 'headless', 'exit 0\n');
    for (const cmd of ['check', 'gate', 'run']) {
        const r = p.run(cmd, 'acme');
        assert.equal(r.code, 78, `${cmd}: ${r.stderr}`);
        assert.match(r.stderr, new RegExp(`${loose}: script is writable by its group: chmod go-w it`));
        assert.match(r.stderr, new RegExp(`${headless}: has no "#!" header`));
    }
    assert.deepEqual(p.evidenceLines(), []);
    assert.deepEqual(p.history().filter((h) => h.t === 'run-start'), [], 'no run started');
});
test('a product without checks reads no checks directory; a missing checks directory is an error naming the key', (t) => {
    const p = makeProduct();
    t.after(p.cleanup);
    installedThenUpgraded(p, '1.0-1', '1.0-1');
    assert.equal(p.run('check', 'acme').code, 0);
    p.descriptor('', `checks = ${join(p.root, 'nope')}`);
    const r = p.run('check', 'acme');
    assert.equal(r.code, 78);
    assert.match(r.stderr, /nope: checks directory does not exist; create it or fix "checks" in the descriptor/);
});

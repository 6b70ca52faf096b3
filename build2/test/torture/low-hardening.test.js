// The low-severity findings of the red-team pass (issue 11, "Low"): each reproduced through the bundled
// tool on real files and processes. Root-only cases are skipped otherwise.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { waitForFile } from '../helpers/wait.js';
import { chmodSync, chownSync, closeSync, existsSync, openSync, rmSync, symlinkSync, mkdirSync, readFileSync, statSync, writeFileSync, } from 'node:fs';
import { join } from 'node:path';
import { addScript, assertToolBuilt, evidenceScript, makeProduct, readEvidence, removeProduct, REPO, tool, TOOL, writeFigures, } from '../helpers/torture-product.js';
const NOBODY = 65534;
const asRoot = process.geteuid?.() === 0;
const figures = {};
function withService(p, start) {
    const up = join(p.root, 'db-up');
    writeFileSync(p.descriptor, `${readFileSync(p.descriptor, 'utf8')}[service db]\nrole = backend\nstart = ${start}; touch ${up}\nstop = rm -f ${up}\nready = exec:test -e ${up}\n`);
    return up;
}
test("fixed PATH and a clean environment: the caller's PATH and variables reach no command the tool runs", () => {
    assertToolBuilt();
    const p = makeProduct({ data: '1.0', build: '2.0' });
    // a caller (su without -, sudo -E) whose PATH starts with a directory holding its own rpm and systemctl
    const evil = join(p.root, 'evil-bin');
    mkdirSync(evil, { mode: 0o755 });
    for (const cmd of ['rpm', 'systemctl', 'sh']) {
        writeFileSync(join(evil, cmd), `#!/bin/sh\necho "caller's ${cmd}" >> ${p.evidence}\necho 9.9-9\n`);
        chmodSync(join(evil, cmd), 0o755);
    }
    const seen = join(p.root, 'start-env');
    withService(p, `env > ${seen}`);
    addScript(p, { kind: 'once', name: '0010_offline', body: evidenceScript(p, '0010_offline') });
    p.env = { ...p.env, PATH: `${evil}:${process.env.PATH}`, UH_CALLER_SECRET: 'leaked' };
    const r = tool(p, ['run', p.name]);
    assert.equal(r.status, 0, r.stderr);
    const env = readFileSync(seen, 'utf8');
    assert.doesNotMatch(env, /evil-bin/, "the start command ran with the caller's PATH");
    assert.doesNotMatch(env, /UH_CALLER_SECRET/, "the start command got the caller's variables");
    // build_version = rpm:PACKAGE: rpm -q must be the system's, with a clean environment
    writeFileSync(p.descriptor, readFileSync(p.descriptor, 'utf8').replace('build_version = 2.0', 'build_version = rpm:upgrade-hook-no-such-package'));
    const c = tool(p, ['check', p.name]);
    assert.equal(c.status, 78, `the real rpm does not know the package: ${c.stdout}${c.stderr}`);
    assert.deepEqual(readEvidence(p).filter((l) => l.startsWith("caller's")), [], "a command from the caller's PATH ran");
    figures['fixed PATH'] = "start/stop/ready commands and rpm -q: the caller's PATH and variables are not passed";
    removeProduct(p);
});
test('a pre-created log file owned by a service user gets none of the output: it is moved aside, a root-only log is used', {
    skip: !asRoot && 'needs root',
}, () => {
    assertToolBuilt();
    const p = makeProduct({ data: '1.0', build: '2.0' });
    addScript(p, { kind: 'once', name: '0010_secret', body: '#!/bin/sh\necho "the-secret-output"\n' });
    writeFileSync(p.logFile, 'planted\n', { mode: 0o644 });
    chownSync(p.logFile, NOBODY, NOBODY);
    const r = tool(p, ['run', p.name]);
    assert.equal(r.status, 0, r.stderr);
    const st = statSync(p.logFile);
    assert.equal(st.uid, 0, "the log is root's");
    assert.equal(st.mode & 0o777, 0o600, 'the log is 0600');
    assert.match(readFileSync(p.logFile, 'utf8'), /the-secret-output/);
    assert.match(r.stderr, /moved aside/);
    const aside = spawnSync('sh', ['-c', `cat ${p.logFile}.untrusted-*`], { encoding: 'utf8' }).stdout;
    assert.equal(aside, 'planted\n', "the service user's file got nothing");
    figures['log owned by a service user'] = r.stderr
        .split('\n')
        .find((l) => l.includes('moved aside'))
        .replaceAll(p.root, '$ROOT');
    removeProduct(p);
});
test("scripts run with umask 022 and none of the caller's inherited file descriptors", () => {
    assertToolBuilt();
    const p = makeProduct({ data: '1.0', build: '2.0' });
    const made = join(p.root, 'made-by-script');
    addScript(p, {
        kind: 'once',
        name: '0010_fds',
        body: `#!/bin/sh\numask > ${p.root}/umask\nls /proc/$$/fd > ${p.root}/fds\ntouch ${made}\n`,
    });
    // the caller leaves fd 7 open (not close-on-exec, as node passes it) and a umask of 077
    const inherited = openSync(join(p.root, 'inherited'), 'w');
    const umask = process.umask(0o077);
    const r = spawnSync(process.execPath, [TOOL, 'run', p.name], {
        env: p.env,
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe', 'ignore', 'ignore', 'ignore', 'ignore', inherited],
    });
    process.umask(umask);
    closeSync(inherited);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(readFileSync(join(p.root, 'umask'), 'utf8').trim(), '0022');
    const fds = readFileSync(join(p.root, 'fds'), 'utf8')
        .split('\n')
        .filter(Boolean)
        .map(Number)
        .sort((a, b) => a - b);
    assert.ok(!fds.includes(7), `the script inherited the caller's fd 7: ${fds.join(' ')}`);
    assert.equal(statSync(made).mode & 0o777, 0o644);
    figures['umask and inherited fds'] = `script's umask 0022, descriptors ${fds.join(' ')}`;
    removeProduct(p);
});
test('a descriptor given by path whose name is not a product name (…conf) is refused; a var_dir of /var/lib is refused', () => {
    assertToolBuilt();
    const p = makeProduct({ data: '1.0', build: '2.0' });
    addScript(p, { kind: 'once', name: '0010_x', body: evidenceScript(p, '0010_x') });
    const dots = join(p.etc, '...conf');
    writeFileSync(dots, readFileSync(p.descriptor, 'utf8').replace(/^var_dir = .*$/m, ''));
    const r = tool(p, ['run', dots]);
    assert.equal(r.status, 2, `${r.stdout}${r.stderr}`);
    assert.match(r.stderr, /invalid product name "\.\."/);
    const broad = join(p.etc, 'broad.conf');
    writeFileSync(broad, readFileSync(p.descriptor, 'utf8').replace(/^var_dir = .*$/m, `var_dir = ${p.root}`));
    const b = tool(p, ['run', broad]);
    assert.equal(b.status, 78, `${b.stdout}${b.stderr}`);
    assert.match(b.stderr, /var_dir/);
    assert.deepEqual(readEvidence(p), []);
    figures['descriptor by path'] = r.stderr.split('\n')[0].replaceAll(p.root, '$ROOT');
    figures['var_dir too broad'] = b.stderr.split('\n')[0].replaceAll(p.root, '$ROOT');
    removeProduct(p);
});
test('a read-only state directory is found before anything is stopped, not at the stamp', {
    skip: !asRoot && 'needs root',
}, () => {
    assertToolBuilt();
    const p = makeProduct({ data: '1.0', build: '2.0' });
    const up = withService(p, 'true');
    writeFileSync(up, '');
    addScript(p, { kind: 'once', name: '0010_x', body: evidenceScript(p, '0010_x') });
    const stateDir = join(p.root, 'state');
    // a read-only bind mount of the state directory, in a private mount namespace (gone when the test ends)
    const r = spawnSync('unshare', [
        '--mount',
        '--propagation',
        'private',
        'sh',
        '-c',
        `mount --bind ${stateDir} ${stateDir} && mount -o remount,bind,ro ${stateDir} && exec "$0" "$1" run ${p.name}`,
        process.execPath,
        TOOL,
    ], { env: p.env, encoding: 'utf8' });
    assert.notEqual(r.status, 0, r.stdout);
    assert.match(r.stderr, new RegExp(`${stateDir.replaceAll('/', '\\/')}.*read-only`), r.stderr);
    assert.deepEqual(readEvidence(p), [], 'no script ran');
    assert.ok(existsSync(up), 'the service was not stopped');
    figures['read-only state directory'] = r.stderr.split('\n')[0].replaceAll(p.root, '$ROOT');
    removeProduct(p);
});
test('messages: EACCES on the lock says to fix permissions, not to free space', {
    skip: !asRoot && 'needs root',
}, () => {
    assertToolBuilt();
    const p = makeProduct({ data: '1.0', build: '2.0' });
    addScript(p, { kind: 'once', name: '0010_x', body: evidenceScript(p, '0010_x') });
    // nobody's own lock directory, which nobody cannot write
    mkdirSync(p.lockDir, { recursive: true, mode: 0o700 });
    chmodSync(join(p.lockDir, '..'), 0o755);
    chownSync(p.lockDir, NOBODY, NOBODY);
    chmodSync(p.lockDir, 0o500);
    for (const d of [p.varDir, join(p.root, 'log'), join(p.root, 'state')])
        chownSync(d, NOBODY, NOBODY);
    const r = spawnSync('setpriv', ['--reuid', String(NOBODY), '--regid', String(NOBODY), '--clear-groups', process.execPath, TOOL, 'run', p.name], { env: p.env, encoding: 'utf8' });
    assert.notEqual(r.status, 0, r.stdout);
    assert.match(r.stderr, /EACCES/, r.stderr);
    assert.doesNotMatch(r.stderr, /free space/, 'EACCES is not a full disk');
    assert.match(r.stderr, /permissions/);
    figures['EACCES on the lock'] = r.stderr.split('\n')[0].replaceAll(p.root, '$ROOT');
    removeProduct(p);
});
test('messages: a state file linked to a secret file is refused without quoting the secret', () => {
    assertToolBuilt();
    const p = makeProduct({ data: '1.0', build: '2.0' });
    const secret = join(p.root, 'shadow');
    writeFileSync(secret, 'root:$6$not-to-be-shown$:19000::::::\n', { mode: 0o600 });
    rmSync(p.stateFile);
    symlinkSync(secret, p.stateFile);
    for (const args of [
        ['state', 'get', p.name, p.name, 'k'],
        ['check', p.name],
        ['status', p.name],
        ['run', p.name],
    ]) {
        const r = tool(p, args);
        assert.equal(r.status, 78, `${args.join(' ')}: ${r.stdout}${r.stderr}`);
        assert.doesNotMatch(`${r.stdout}${r.stderr}`, /not-to-be-shown/, `${args.join(' ')} quoted the link's target`);
        assert.match(r.stderr, /symbolic link/);
    }
    figures['state file linked to a secret'] = tool(p, ['check', p.name])
        .stderr.split('\n')[0]
        .replaceAll(p.root, '$ROOT');
    removeProduct(p);
});
test("messages: the man page's check lists exit 5, which check returns for a deferred upgrade", () => {
    assertToolBuilt();
    const p = makeProduct({ data: '1.0', build: '2.0' });
    p.env = { ...p.env, SYSTEMD_OFFLINE: '1' };
    writeFileSync(p.descriptor, `${readFileSync(p.descriptor, 'utf8')}[service db]\nrole = backend\nunit = db.service\n`);
    assert.equal(tool(p, ['posttrans', p.name]).status, 0);
    const c = tool(p, ['check', p.name]);
    assert.equal(c.status, 5, `${c.stdout}${c.stderr}`);
    const man = readFileSync(join(REPO, 'docs', 'upgrade-hook.8'), 'utf8');
    const entry = man.slice(man.indexOf('.BI check " NAME"'), man.indexOf('.BI status " NAME"'));
    assert.match(entry, /\b5 needed and\s+deferred/, entry);
    figures['man page check'] = 'lists 0, 3, 4, 5, 6';
    removeProduct(p);
});
test('a marker with a non-array lastOutput, and a marker that is a directory: clear errors, not an internal error', () => {
    assertToolBuilt();
    const p = makeProduct({ data: '1.0', build: '2.0' });
    writeFileSync(p.marker, JSON.stringify({ state: 'failed', reason: 'script-failed', detail: 'x', since: '', lastOutput: 42 }));
    for (const args of [
        ['status', p.name],
        ['check', p.name],
    ]) {
        const r = tool(p, args);
        assert.doesNotMatch(`${r.stdout}${r.stderr}`, /internal error|TypeError|at .*\.cjs/, `${args.join(' ')}: ${r.stdout}${r.stderr}`);
        assert.equal(r.status, args[0] === 'check' ? 4 : 0, `${args.join(' ')}: ${r.stderr}`);
    }
    rmSync(p.marker);
    mkdirSync(p.marker);
    for (const args of [
        ['status', p.name],
        ['check', p.name],
        ['run', p.name],
    ]) {
        const r = tool(p, args);
        assert.doesNotMatch(`${r.stdout}${r.stderr}`, /internal error|TypeError|at .*\.cjs/, `${args.join(' ')}: ${r.stdout}${r.stderr}`);
        assert.equal(r.status, 78, `${args.join(' ')}: ${r.stdout}${r.stderr}`);
        assert.match(r.stderr, new RegExp(`${p.marker.replaceAll('/', '\\/')}.*directory`));
    }
    figures['marker that is a directory'] = tool(p, ['check', p.name]).stderr.split('\n')[0].replaceAll(p.root, '$ROOT');
    removeProduct(p);
});
test("posttrans that gives up waiting for the lock leaves a running upgrade's marker alone", async () => {
    assertToolBuilt();
    const p = makeProduct({ data: '1.0', build: '2.0' });
    const started = join(p.root, 'started');
    const release = join(p.root, 'release');
    addScript(p, {
        kind: 'once',
        name: '0010_slow',
        body: `#!/bin/sh\ntouch ${started}\nwhile [ ! -e ${release} ]; do sleep 0.1; done\n`,
    });
    const holder = spawn(process.execPath, [TOOL, 'run', p.name], { env: p.env, stdio: 'ignore' });
    const holderDone = new Promise((resolve) => holder.on('close', (c) => resolve(c)));
    await waitForFile(started);
    const before = readFileSync(p.marker, 'utf8');
    const r = tool(p, ['posttrans', p.name]);
    assert.equal(r.status, 0, r.stderr);
    const during = readFileSync(p.marker, 'utf8');
    writeFileSync(release, '');
    assert.equal(await holderDone, 0);
    assert.equal(during, before, `posttrans replaced the running upgrade's marker: ${during}`);
    assert.ok(!existsSync(p.marker), 'the holder finished and removed its marker');
    figures['posttrans and a running upgrade'] = r.stdout.trim().split('\n').pop().replaceAll(p.root, '$ROOT');
    removeProduct(p);
});
test('an empty (truncated) state file is not "not configured": check and gate refuse, naming it', () => {
    assertToolBuilt();
    const p = makeProduct({ data: '1.0', build: '2.0' });
    addScript(p, { kind: 'once', name: '0010_x', body: evidenceScript(p, '0010_x') });
    writeFileSync(p.stateFile, '');
    for (const args of [
        ['check', p.name],
        ['gate', p.name],
        ['run', p.name],
    ]) {
        const r = tool(p, args);
        assert.equal(r.status, 78, `${args.join(' ')} must not pass an empty state file as not configured: ${r.stdout}${r.stderr}`);
        assert.ok(r.stderr.includes(p.stateFile), r.stderr);
        assert.match(r.stderr, /is empty/);
    }
    assert.deepEqual(readEvidence(p), []);
    figures['empty state file'] = tool(p, ['check', p.name]).stderr.split('\n')[0].replaceAll(p.root, '$ROOT');
    removeProduct(p);
});
test('a script removed while an earlier one runs is a failure of that script, not of the services', () => {
    assertToolBuilt();
    const p = makeProduct({ data: '1.0', build: '2.0' });
    const second = addScript(p, { kind: 'once', name: '0020_second', body: evidenceScript(p, '0020_second') });
    addScript(p, { kind: 'once', name: '0010_first', body: `#!/bin/sh\nrm ${second}\n` });
    const r = tool(p, ['run', p.name]);
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stderr, /0020_second was not run: .* is gone/);
    const marker = JSON.parse(readFileSync(p.marker, 'utf8'));
    assert.equal(marker.reason, 'script-failed', JSON.stringify(marker));
    assert.equal(marker.script, '0020_second');
    figures['script vanished'] = r.stderr
        .split('\n')
        .find((l) => l.includes('0020_second was not run'))
        .trim()
        .replaceAll(p.root, '$ROOT');
    removeProduct(p);
});
test('low hardening: figures', () => {
    writeFigures('low-hardening', figures);
    assert.ok(Object.keys(figures).length >= 3);
});

// Node side of the packaging tests: build upgrade-hook's RPMs and the hello-server test product into a
// private folder (other test files rebuild build/ meanwhile), make a dnf repository of them, and run bash
// scripts in the overlay sandbox (lib/sandbox.sh) with a results folder bound at /results.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
// compiled to build/test/e2e/lib/sandbox-rpms.js
export const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));
const sandboxSh = join(repoRoot, 'test/e2e/lib/sandbox.sh');
const fixtures = join(repoRoot, 'test/fixtures/packaging');
// Why these tests cannot run here, or undefined when they can.
export function sandboxSkipReason(tools = []) {
    if (process.getuid?.() !== 0)
        return 'needs root (mount namespaces, overlayfs)';
    for (const tool of ['unshare', 'rpmbuild', 'createrepo_c', ...tools]) {
        if (spawnSync('sh', ['-c', `command -v ${tool}`]).status !== 0)
            return `needs ${tool} (apt-get install rpm createrepo-c dnf)`;
    }
    return undefined;
}
export function run(command, args, what, env = process.env) {
    const r = spawnSync(command, args, { cwd: repoRoot, encoding: 'utf8', env, timeout: 600_000 });
    if (r.status !== 0)
        throw new Error(`${what} failed (exit ${r.status}):\n${r.stderr}${r.stdout}`);
    return r.stdout;
}
// upgrade-hook's RPMs from the current dist/ (through rpm/build.sh, as `npm run rpm` does), then hello-server
// 1.0 and 1.1 built with the packagers' macros of that same build, all in one repository under WORK.
export function buildPackages(work) {
    const t0 = performance.now();
    if (!existsSync(join(repoRoot, 'dist/upgrade-hook.cjs')))
        throw new Error('dist/upgrade-hook.cjs is missing: run npm run build');
    const top = join(work, 'rpmbuild');
    const built = run('bash', [join(repoRoot, 'rpm/build.sh'), top], 'rpm/build.sh')
        .trim()
        .split('\n');
    const repo = join(work, 'repo');
    mkdirSync(repo, { recursive: true });
    for (const rpm of built)
        cpSync(rpm, join(repo, rpm.split('/').pop()));
    const tool = built
        .find((p) => /\/upgrade-hook-[^/]+\.noarch\.rpm$/.test(p))
        .split('/')
        .pop();
    const toolVersion = /^upgrade-hook-(.+)-[^-]+\.noarch\.rpm$/.exec(tool)[1];
    const macros = join(work, 'macros.upgrade-hook');
    writeFileSync(macros, readFileSync(join(repoRoot, 'rpm/macros.upgrade-hook'), 'utf8').replaceAll('@VERSION@', toolVersion));
    for (const version of ['1.0', '1.1'])
        buildHello(work, version);
    const helloRpms = join(work, 'hello/RPMS/noarch');
    for (const rpm of readdirSync(helloRpms))
        cpSync(join(helloRpms, rpm), join(repo, rpm));
    run('createrepo_c', ['-q', repo], 'createrepo_c');
    return {
        repo,
        tool,
        dnfPlugin: built
            .find((p) => p.includes('/python3-dnf-plugin-upgrade-hook-'))
            .split('/')
            .pop(),
        hello10: 'hello-server-1.0-1.noarch.rpm',
        hello11: 'hello-server-1.1-1.noarch.rpm',
        toolVersion,
        ms: performance.now() - t0,
    };
}
/** hello-server VERSION built with the packagers' macros buildPackages wrote; returns the RPM's path. */
export function buildHello(work, version) {
    run('rpmbuild', [
        '--quiet',
        '-bb',
        '--load',
        join(work, 'macros.upgrade-hook'),
        '--define',
        `_topdir ${join(work, 'hello')}`,
        '--define',
        `_dbpath ${join(work, 'hello/rpmdb')}`,
        '--define',
        `_sourcedir ${fixtures}`,
        '--define',
        `hello_version ${version}`,
        join(fixtures, 'hello-server.spec'),
    ], `rpmbuild hello-server ${version}`);
    return join(work, 'hello/RPMS/noarch', `hello-server-${version}-1.noarch.rpm`);
}
// Runs SCRIPT with bash -eu in a fresh sandbox with its own network (servers inside cannot collide with the
// host's or another test's ports); /repo holds the RPMs, /results comes back.
export function inSandbox(script, o) {
    const args = [
        sandboxSh,
        '--netns',
        '--timeout',
        String(o.timeoutSec ?? 180),
        '--bind',
        `${o.repo}:/repo`,
        '--bind',
        `${o.results}:/results`,
    ];
    if (o.container)
        args.push('--container');
    if (o.lower)
        args.push('--lower', o.lower);
    const t0 = performance.now();
    const r = spawnSync('bash', [...args, '--', '/bin/bash', '-euo', 'pipefail', '-c', script], {
        encoding: 'utf8',
        // stdin not a socket: bash would take itself for an rsh session and read /etc/bash.bashrc
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', LANG: 'C.UTF-8', HOME: '/root' },
    });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr, ms: performance.now() - t0 };
}
// Outside build/, which a clean build may remove while the test runs.
export function newWorkDir(label) {
    return mkdtempSync(join(tmpdir(), `upgrade-hook-packaging-${label}-`));
}
export function newResultsDir(work, label) {
    const dir = join(work, `results-${label}`);
    mkdirSync(dir, { recursive: true });
    return dir;
}
export function readResult(results, name) {
    const path = join(results, name);
    return existsSync(path) ? readFileSync(path, 'utf8') : undefined;
}
// UPGRADE_HOOK_KEEP_E2E=1 keeps the work folders (RPMs, each test's /results) to look at after a failure.
export function removeDir(dir) {
    if (process.env.UPGRADE_HOOK_KEEP_E2E === '1')
        console.log(`# kept ${dir}`);
    else
        rmSync(dir, { recursive: true, force: true });
}
// Copies, inside the sandbox, what the hello-server tests assert on into /results.
export const COLLECT_HELLO = `
collect() {
  cp /var/lib/hello-server/events /results/events 2>/dev/null || :
  cp /var/lib/hello-server/daemon.log /results/daemon.log 2>/dev/null || :
  cp /var/lib/hello-server/once-ancestry /results/once-ancestry 2>/dev/null || :
  cp /var/lib/hello-server/once-rpm-lock /results/once-rpm-lock 2>/dev/null || :
  cp /var/lib/hello-server/sysupgrade.state /results/state 2>/dev/null || :
  cp /var/lib/upgrade-hook/hello/marker /results/marker 2>/dev/null || :
  cp /var/lib/upgrade-hook/hello/history.jsonl /results/history.jsonl 2>/dev/null || :
  cp /var/log/hello-server/upgrade.log /results/upgrade.log 2>/dev/null || :
  rpm -q hello-server > /results/package 2>&1 || :
}
trap collect EXIT
`;
/** data_version in the state file text, or undefined. */
export function dataVersion(state) {
    return /^data_version = (.*)$/m.exec(state ?? '')?.[1];
}
export function readMarker(results) {
    const text = readResult(results, 'marker');
    return text === undefined ? undefined : JSON.parse(text);
}
export function events(results) {
    return (readResult(results, 'events') ?? '').split('\n').filter((l) => l !== '');
}
// The cached Debian sid root (dnf5, rpm 6, nodejs) from lib/sid-root.sh: its path, and whether this call built it.
export function ensureSidRoot() {
    const cache = process.env.UPGRADE_HOOK_TEST_CACHE ?? '/var/tmp/upgrade-hook-test-cache';
    const cold = !existsSync(join(cache, 'sid/.upgrade-hook-complete'));
    const t0 = performance.now();
    const root = run('bash', [join(repoRoot, 'test/e2e/lib/sid-root.sh')], 'sid-root.sh').trim();
    return { root, cold, ms: performance.now() - t0 };
}
// Puts a spy in front of /usr/bin/upgrade-hook (inside the sandbox): each call's arguments are appended to
// /results/calls, then the real tool runs. Shows which hook called it, and in which order.
export const SPY_ON_TOOL = `
mv /usr/bin/upgrade-hook /usr/bin/upgrade-hook.real
printf '#!/bin/sh\\necho "$*" >> /results/calls\\nexec /usr/bin/upgrade-hook.real "$@"\\n' > /usr/bin/upgrade-hook
chmod 0755 /usr/bin/upgrade-hook
`;
export function calls(results) {
    return (readResult(results, 'calls') ?? '').split('\n').filter((l) => l !== '');
}

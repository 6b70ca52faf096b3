// Node side of the systemd scenarios: stage the RPMs, run container.sh, read what the scenario left behind.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
// compiled to build/test/e2e/lib/container.js
export const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));
const containerSh = join(repoRoot, 'test/e2e/lib/container.sh');
// Why these scenarios cannot run here, or undefined when they can.
export function containerSkipReason() {
    if (process.getuid?.() !== 0)
        return 'needs root (systemd-nspawn, overlay mounts)';
    for (const tool of ['systemd-nspawn', 'debootstrap', 'unshare', 'nsenter', 'rpmbuild', 'createrepo_c']) {
        if (spawnSync('sh', ['-c', `command -v ${tool}`]).status !== 0)
            return `needs ${tool} (apt-get install systemd-container debootstrap rpm createrepo-c)`;
    }
    if (!readFileSync('/proc/filesystems', 'utf8').includes('overlay'))
        return 'needs the overlay filesystem';
    return undefined;
}
function sh(args, what, env = {}) {
    const r = spawnSync('bash', args, {
        cwd: repoRoot,
        encoding: 'utf8',
        timeout: 900_000,
        env: { ...process.env, ...env },
    });
    if (r.status !== 0)
        throw new Error(`${what} failed (exit ${r.status}):\n${r.stderr}${r.stdout}`);
    return r.stdout;
}
// A private build of the RPMs the container installs (other test files rebuild build/ meanwhile):
// STAGE/rpm/RPMS/noarch (upgrade-hook, its dnf plugin, from dist/) and STAGE/acme/ (acme-server 1.0-1.2,
// repos, host provides). UPGRADE_HOOK_E2E_RPM_DIR names a folder of upgrade-hook RPMs to use instead.
export function stageArtifacts() {
    const stage = mkdtempSync(join(tmpdir(), 'upgrade-hook-e2e-'));
    const prebuilt = process.env.UPGRADE_HOOK_E2E_RPM_DIR;
    if (prebuilt) {
        cpSync(prebuilt, join(stage, 'rpm/RPMS/noarch'), { recursive: true });
    }
    else {
        if (!existsSync(join(repoRoot, 'dist/upgrade-hook.cjs')))
            throw new Error('dist/upgrade-hook.cjs is missing: run npm run build');
        sh(['rpm/build.sh', join(stage, 'rpm')], 'rpm/build.sh');
    }
    sh(['examples/acme/build.sh'], 'examples/acme/build.sh', { ACME_BUILD_DIR: join(stage, 'acme') });
    return stage;
}
// Build (cold) or reuse (warm) the cached root; says which and how long it took.
export function ensureImage() {
    const cache = process.env.UPGRADE_HOOK_TEST_CACHE ?? '/var/tmp/upgrade-hook-test-cache';
    const cold = !existsSync(join(cache, 'bookworm-systemd/.upgrade-hook-image'));
    const t0 = performance.now();
    sh([containerSh, 'image'], 'container.sh image');
    return { cold, ms: performance.now() - t0 };
}
// Boot the image (mode run) or chroot into it (mode chroot) and run one function of container-scenarios.sh.
export function runScenario(mode, fn, stage, results, upper) {
    const args = [
        containerSh,
        mode,
        '--bind-ro',
        `${stage}:/mnt/build`,
        '--bind-ro',
        `${join(repoRoot, 'test/e2e/lib')}:/mnt/lib`,
        '--bind',
        `${results}:/mnt/results`,
        ...(upper ? ['--upper', upper] : []),
        '--',
        'bash',
        '-c',
        `. /mnt/lib/container-scenarios.sh; ${fn}`,
    ];
    const t0 = performance.now();
    const r = spawnSync('bash', args, { encoding: 'utf8', timeout: 600_000, killSignal: 'SIGTERM' });
    return { code: r.status, story: r.stdout, stderr: r.stderr, ms: performance.now() - t0 };
}
export function newResultsDir(label) {
    return mkdtempSync(join(tmpdir(), `upgrade-hook-${label}-`));
}
export function removeDir(dir) {
    rmSync(dir, { recursive: true, force: true });
}
export function readSnapshot(results, name) {
    return JSON.parse(readFileSync(join(results, `${name}.json`), 'utf8'));
}
export function readResult(results, name) {
    const path = join(results, name);
    return existsSync(path) ? readFileSync(path, 'utf8') : '';
}
export function exitCode(results, name) {
    return Number(readResult(results, `${name}.rc`).trim());
}
// data_version as stored in sysupgrade.state
export function dataVersion(text) {
    return text?.match(/^data_version = (.*)$/m)?.[1];
}

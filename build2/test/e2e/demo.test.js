// `npm run demo` (scripts/demo.sh) as a user runs it: it tells the acme story, ends with the upgraded data,
// and leaves nothing behind (no container, no mounts, no cgroups, no temp dirs).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { containerSkipReason, repoRoot } from './lib/container.js';
function leftovers() {
    const found = [];
    for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
        try {
            if (readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === 'systemd-nspawn')
                found.push(`process ${pid} systemd-nspawn`);
        }
        catch {
            /* gone */
        }
    }
    for (const line of readFileSync('/proc/self/mountinfo', 'utf8').split('\n')) {
        if (/uh-tree|uh-work|upgrade-hook-demo/.test(line))
            found.push(`mount ${line}`);
    }
    for (const base of ['/sys/fs/cgroup/systemd', '/sys/fs/cgroup/unified']) {
        try {
            found.push(...readdirSync(base)
                .filter((d) => d.startsWith('upgrade-hook-test-'))
                .map((d) => `cgroup ${base}/${d}`));
        }
        catch {
            /* none */
        }
    }
    found.push(...readdirSync('/tmp')
        .filter((d) => /^upgrade-hook-(demo|container)\./.test(d))
        .map((d) => `dir /tmp/${d}`));
    return found;
}
test('npm run demo tells the acme story and cleans up after itself', { skip: containerSkipReason() }, () => {
    const before = leftovers();
    const t0 = performance.now();
    const r = spawnSync('bash', ['scripts/demo.sh'], {
        cwd: repoRoot,
        encoding: 'utf8',
        timeout: 1_500_000,
        killSignal: 'SIGTERM',
    });
    console.log(`# demo: ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    assert.equal(r.status, 0, `demo failed:\n${r.stdout.slice(-3000)}\n${r.stderr.slice(-3000)}`);
    const out = r.stdout;
    assert.match(out, /upgrade deferred \(bridge\)/, 'the story says why %posttrans deferred');
    assert.match(out, /\[backend\] once\/3100_add_contact_column/, 'the story lists the scripts with their phases');
    assert.match(out, /upgrade deferred \(chroot\)/, 'the image build deferred');
    assert.match(out, /\[first-boot\] package 1\.1-1, data 1\.1-1, marker none/, 'the gate ran the upgrade at first boot');
    assert.match(out, /acme-server 1\.2-1; data_version 1\.2-1; marker: none/);
    assert.match(out, /table notes \(id,body,contact\): 3 rows kept/);
    assert.match(out, /"features":\["contact-search"\]/);
    // issue 13: the backup before the upgrade, and the rollback story
    assert.match(out, /backup: \/var\/lib\/upgrade-hook\/acme\/backups\/1\.1-1-\d{8}T\d{6}Z/, 'the backup line');
    assert.match(out, /now downgrade the packages: dnf downgrade acme-server-1\.1-1/);
    assert.match(out, /\[after-downgrade\] package 1\.1-1, data 1\.1-1, marker none, table notes\(id,body,contact\) 3 rows, app 1\.1-1 answers/);
    assert.match(out, /\[after-fixed\] package 1\.2-1, data 1\.2-1, marker none/);
    assert.deepEqual(leftovers().filter((l) => !before.includes(l)), [], 'nothing left behind');
});

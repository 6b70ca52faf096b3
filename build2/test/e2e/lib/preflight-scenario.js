// The preflight scenario (issue 23) that test/e2e/preflight-dnf4.test.ts and packaging-dnf5.test.ts run with
// their dnf: hello-server 1.0 installed, then each inhibitor in turn vetoes a transaction (a required stop,
// a failed upgrade, a check answering 3, no room for the backup, a build a real rollback left), and a waiver
// lets the last one in. After each veto, dnf exits non-zero showing the finding and its remediation, and
// rpm -q, the dnf history, the state file and the tool's records are exactly as before.
import assert from 'node:assert/strict';
import { COLLECT_HELLO, readResult } from './sandbox-rpms.js';
export function preflightScript(x) {
    const DNF = x.dnf;
    // What must not change when dnf is vetoed: the package, dnf's history, the data, the tool's records.
    const SNAPSHOT = `snap() {
  { rpm -q hello-server; ${x.history} 2>/dev/null | grep -c '^ *[0-9]'
    sha256sum /var/lib/hello-server/sysupgrade.state
    ls /var/lib/upgrade-hook/hello/; } > /results/$1 2>&1
}
# try NAME DNF-ARGS: one dnf transaction; its output, exit status, and the snapshots around it
try() { local name=$1; shift; snap "$name.before"; set +e; ${DNF} "$@" > /results/$name.out 2>&1; echo $? > /results/$name.exit; set -e; snap "$name.after"; }
`;
    return `${COLLECT_HELLO}${SNAPSHOT}
${DNF} -q install ${x.tools} hello-server-1.0 > /results/install.out 2>&1
upgrade-hook stamp hello
/usr/libexec/hello-server/ctl start

# 1. a required stop: 1.2 needs data of 1.1 or newer
try stop install hello-server-1.2

# 2. the last upgrade failed
printf '{"state":"failed","reason":"script-failed","since":"2026-12-07T00:00:00Z","from":"1.0-1","to":"1.0-1","detail":"once/2000_x failed"}\\n' > /var/lib/upgrade-hook/hello/marker
try failed upgrade hello-server-1.1
rm /var/lib/upgrade-hook/hello/marker

# 3. a check that asks for a manual fix
mkdir -p /etc/upgrade-hook/products.d /etc/hello-server/checks.d
printf '[product]\\nchecks = /etc/hello-server/checks.d\\n' > /etc/upgrade-hook/products.d/hello.conf
printf '#!/bin/sh\\necho "greeting table damaged: run hello-fsck --repair"\\nexit 3\\n' > /etc/hello-server/checks.d/greeting
chmod 0755 /etc/hello-server/checks.d/greeting
try check upgrade hello-server-1.1
rm /etc/upgrade-hook/products.d/hello.conf

# 4. no room for the backup the upgrade would take
mkdir -p /mnt/small && mount -t tmpfs -o size=16m tmpfs /mnt/small
printf '[backup]\\npaths = /var/lib/hello-server\\ndir = /mnt/small\\n' > /etc/upgrade-hook/products.d/hello.conf
try space upgrade hello-server-1.1

# 5. a real upgrade with a backup, a rollback, the downgrade it prints, then the same build again
printf '[backup]\\npaths = /var/lib/hello-server\\n' > /etc/upgrade-hook/products.d/hello.conf
${DNF} upgrade hello-server-1.1 > /results/upgrade.out 2>&1
# named: the upgrade succeeded, so no backup is rollback's default (it goes back only to a failed attempt's)
upgrade-hook rollback hello "$(ls /var/lib/upgrade-hook/hello/backups | tail -n 1)" > /results/rollback.out 2>&1
try downgrade downgrade hello-server-1.0
upgrade-hook run hello > /results/run-after-downgrade.out 2>&1 || :
try again upgrade hello-server-1.1

# 6. a waiver lets it through, and the upgrade records it
mkdir -p /etc/upgrade-hook/waivers.d
printf '[waiver rolled-back]\\nreason = fixed by hand, ticket 7\\n' > /etc/upgrade-hook/waivers.d/hello.conf
try waived upgrade hello-server-1.1
`;
}
export const VETOES = [
    {
        name: 'stop',
        finding: /\[min-data-version\]: build 1\.2-1 upgrades data of 1\.1-1 or newer; the data is 1\.0-1/,
        remediation: /upgrade to a build of at least 1\.1-1/,
    },
    {
        name: 'failed',
        finding: /\[failed-upgrade\]: the last upgrade of hello to 1\.0-1 failed/,
        remediation: /finish that upgrade first/,
    },
    {
        name: 'check',
        finding: /\[check:greeting\]: .*greeting table damaged: run hello-fsck --repair/,
        remediation: /fix what the check names/,
    },
    {
        name: 'space',
        finding: /\[backup-space\]: not enough space for the backup in \/mnt\/small/,
        remediation: /free space/,
    },
    {
        name: 'again',
        finding: /\[rolled-back\]: build 1\.1-1 was rolled back on this host/,
        remediation: /\[waiver rolled-back\]/,
    },
];
/** What the scenario must have left in RESULTS: every veto held, the downgrade and the waiver went through. */
export function assertPreflightScenario(results) {
    const show = (n) => readResult(results, n) ?? `(no ${n})`;
    for (const c of VETOES) {
        const out = show(`${c.name}.out`);
        assert.notEqual(show(`${c.name}.exit`), '0\n', `${c.name}: dnf went on:\n${out}`);
        assert.match(out, /upgrade-hook: the transaction would install a build whose upgrade cannot work here/, out);
        assert.match(out, c.finding, out);
        assert.match(out, c.remediation, out);
        assert.equal(show(`${c.name}.after`), show(`${c.name}.before`), `${c.name}: something changed`);
        assert.match(show(`${c.name}.after`), /^hello-server-1\.[01]-1\.noarch$/m);
    }
    // the downgrade that completes a rollback is not vetoed
    assert.equal(show('downgrade.exit'), '0\n', show('downgrade.out'));
    // the waiver: dnf goes through, and the upgrade's run-start record carries it
    assert.equal(show('waived.exit'), '0\n', show('waived.out'));
    assert.equal(show('package'), 'hello-server-1.1-1.noarch\n');
    const starts = show('history.jsonl')
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l))
        .filter((x) => x.t === 'run-start');
    assert.deepEqual(starts.at(-1)?.waivers, [{ key: 'rolled-back', reason: 'fixed by hand, ticket 7', expires: null }]);
}

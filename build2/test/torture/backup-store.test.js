// Backups root must not trust (issue 19): a backup directory below a directory a service account owns (the
// account swaps it for a link to a directory of its own holding a planted backup), and a data path that is a
// link the account can point anywhere. backup, the upgrade's backup, plan and rollback refuse, naming the
// culprit, before anything stops; nothing is read through the link nor written where the planted manifest
// says. Run as root (the account is uid 65534).
import assert from 'node:assert/strict';
import { chownSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync, } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { addScript, assertToolBuilt, evidenceScript, makeProduct, readEvidence, removeProduct, tool, writeFigures, } from '../helpers/torture-product.js';
import { treeDiff, treeListing } from '../helpers/torture-tree.js';
const ACCOUNT = 65534;
const skip = process.getuid?.() !== 0 ? 'needs root (chown to the service account)' : undefined;
const messages = [];
after(() => {
    if (messages.length > 0)
        writeFigures('backup-store', { refusals: messages.length, messages });
});
function setup(backupLines) {
    const victim = mkdtempSync(join(tmpdir(), 'uh-torture-victim-'));
    writeFileSync(join(victim, 'precious'), 'keep me\n');
    const p0 = makeProduct({ data: '1.0', build: '2.0' });
    const account = join(p0.root, 'account');
    mkdirSync(account, { mode: 0o755 });
    chownSync(account, ACCOUNT, ACCOUNT);
    const data = join(p0.root, 'data');
    mkdirSync(data);
    writeFileSync(join(data, 'table'), 'rows of 1.0\n');
    const conf = readFileSync(p0.descriptor, 'utf8');
    writeFileSync(p0.descriptor, `${conf}\n[backup]\n${backupLines({ root: p0.root, account, victim, data })}\n`);
    addScript(p0, { kind: 'once', name: '0010_step', body: evidenceScript(p0, '0010_step') });
    return { p: p0, account, victim, data };
}
function cleanup(s) {
    removeProduct(s.p);
    rmSync(s.victim, { recursive: true, force: true });
}
/** Refused with exit 78 naming `culprit`; no script ran; the victim is unchanged. */
function expectRefused(s, args, culprit) {
    const victimBefore = treeListing(s.victim);
    const r = tool(s.p, args);
    const firstError = r.stderr.split('\n').find((l) => l.startsWith('error: ')) ?? '';
    messages.push(`${args[0]}: ${firstError.replaceAll(s.p.root, '$ROOT')}`);
    assert.equal(r.status, 78, `exit status of ${args.join(' ')}: ${r.stdout}${r.stderr}`);
    assert.ok(r.stderr.includes(culprit), `the error names ${culprit}: ${r.stderr}`);
    assert.doesNotMatch(r.stderr, /^\s+at /m, 'no stack trace');
    assert.deepEqual(readEvidence(s.p), [], 'no script ran');
    assert.equal(treeDiff(victimBefore, treeListing(s.victim)), '', 'nothing written where the account chose');
    return r.stderr;
}
test('a backup directory below a directory a service account owns: backup, the upgrade and plan refuse before anything stops', {
    skip,
}, () => {
    assertToolBuilt();
    const s = setup((x) => `paths = ${x.data}\ndir = ${x.account}/backups`);
    try {
        const b = expectRefused(s, ['backup', s.p.name], s.account);
        assert.match(b, /is owned by uid 65534, not root/);
        assert.equal(existsSync(join(s.account, 'backups')), false, 'no backup made where the account can swap it');
        expectRefused(s, ['run', s.p.name], s.account);
        const m = JSON.parse(readFileSync(s.p.marker, 'utf8'));
        assert.deepEqual([m.state, m.reason], ['failed', 'backup-failed'], 'the gate refuses the new build meanwhile');
        const plan = tool(s.p, ['plan', s.p.name]);
        assert.equal(plan.status, 78);
        assert.match(plan.stdout, new RegExp(`PROBLEM: ${s.account}/backups: .*${s.account} is owned by uid 65534`));
    }
    finally {
        cleanup(s);
    }
});
test('the account swaps the backup directory for a link to its own, holding a planted newest backup: rollback writes nothing where it says', {
    skip,
}, () => {
    const s = setup((x) => `paths = ${x.data}\ndir = ${x.account}/backups`);
    try {
        // what the account plants: a backup of "acme" whose manifest sends root's copy onto the victim
        const own = join(s.account, 'own');
        const planted = join(own, 'planted');
        mkdirSync(join(planted, 'files/0'), { recursive: true });
        writeFileSync(join(planted, 'files/0/precious'), 'attacker content\n');
        writeFileSync(join(planted, 'manifest.json'), JSON.stringify({
            schema: 1,
            product: s.p.name,
            name: 'planted',
            dataVersion: '1.0',
            platform: null,
            upgradeTo: '2.0',
            trigger: 'upgrade',
            createdAt: new Date().toISOString(),
            seq: 999,
            paths: [{ path: join(s.victim, 'precious'), copy: 'files/0/precious' }],
            stateFile: s.p.stateFile,
            stateCopied: false,
            historyCopied: false,
            dump: false,
            sizeBytes: 0,
            copyMs: 0,
            syncMs: 0,
        }));
        symlinkSync(own, join(s.account, 'backups'));
        expectRefused(s, ['rollback', s.p.name], s.account);
        expectRefused(s, ['rollback', s.p.name, 'planted'], s.account);
        assert.equal(readFileSync(join(s.victim, 'precious'), 'utf8'), 'keep me\n');
        assert.equal(readFileSync(join(s.data, 'table'), 'utf8'), 'rows of 1.0\n', 'the data is not set aside');
    }
    finally {
        cleanup(s);
    }
});
test('a data path that is a link in a directory the account owns is not followed: plan, backup and the upgrade refuse, naming it', {
    skip,
}, () => {
    // the account points its "data" link at root's directory: root would copy it (and roll back into it)
    const s = setup((x) => `paths = ${x.account}/data`);
    try {
        symlinkSync(s.victim, join(s.account, 'data'));
        const link = join(s.account, 'data');
        const plan = tool(s.p, ['plan', s.p.name]);
        assert.equal(plan.status, 78, plan.stdout + plan.stderr);
        assert.match(plan.stdout, new RegExp(`PROBLEM: ${link}: \\[backup\\] paths: ${link} is a symbolic link, and ${s.account} is owned by uid 65534`));
        expectRefused(s, ['backup', s.p.name], link);
        expectRefused(s, ['run', s.p.name], link);
        const backups = join(s.p.varDir, 'backups');
        const copied = existsSync(backups) ? [...treeListing(backups).keys()].filter((k) => k.endsWith('precious')) : [];
        assert.deepEqual(copied, [], "nothing of root's directory was copied");
    }
    finally {
        cleanup(s);
    }
});

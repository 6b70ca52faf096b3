// docs/status-json.md is what `status --json` really prints: the real output in every state it can be in
// conforms to the schema in that page, and the page's field table names exactly the schema's fields.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { validate } from './json-schema.js';
import { REPO } from './repo.js';
import { scratchProduct } from './scratch-product.js';
const PAGE = readFileSync(`${REPO}docs/status-json.md`, 'utf8');
function documentedSchema() {
    const m = /<!-- status-json-schema -->\s*```json\n([\s\S]*?)\n```/.exec(PAGE);
    assert.ok(m, 'docs/status-json.md has no ```json block after <!-- status-json-schema -->');
    return JSON.parse(m[1]);
}
/** The first column of the "## Fields" table: `a`, `a.b`, or `a.b`, `a.c` in one cell. */
function documentedFields() {
    const table = PAGE.split('## Fields')[1].split('\n### ')[0];
    return table
        .split('\n')
        .filter((l) => l.startsWith('| `'))
        .flatMap((l) => [...l.split('|')[1].matchAll(/`([^`]+)`/g)].map((m) => m[1]));
}
test('the field table and the schema name the same fields', () => {
    const schema = documentedSchema();
    const fromSchema = [];
    for (const [k, v] of Object.entries(schema.properties)) {
        fromSchema.push(k);
        for (const sub of Object.keys((v.properties ?? {})))
            fromSchema.push(`${k}.${sub}`);
    }
    assert.deepEqual([...documentedFields()].sort(), fromSchema.sort());
});
test('status --json conforms to the documented schema in every state', () => {
    const schema = documentedSchema();
    const p = scratchProduct('docsjson');
    const seen = new Map();
    const status = (...extra) => {
        const r = p.uh('status', 'docsjson', '--json', ...extra);
        assert.equal(r.status, 0, r.stderr);
        const doc = JSON.parse(r.stdout);
        const errors = validate(schema, doc);
        assert.deepEqual(errors, [], `${doc.state}: ${r.stdout}`);
        seen.set(doc.state, doc);
        return doc;
    };
    try {
        let s = status();
        assert.equal(s.state, 'not-configured');
        assert.deepEqual(s.data, { version: null, platform: null, assumed: false });
        assert.equal(s.lastRun, null);
        assert.equal(p.uh('stamp', 'docsjson').status, 0);
        s = status();
        assert.equal(s.state, 'up-to-date');
        assert.equal(s.next, null);
        assert.deepEqual(s.descriptor, [p.descriptor]);
        s = status('--build-version', '0.9-1');
        assert.equal(s.state, 'refused');
        assert.equal(typeof s.next, 'string');
        s = status('--build-version', '1.1-1');
        assert.equal(s.state, 'upgrade-needed');
        assert.equal(s.next, 'upgrade-hook run docsjson');
        // What an image build's %posttrans does: SYSTEMD_OFFLINE=1 means services cannot be controlled.
        p.env.SYSTEMD_OFFLINE = '1';
        // the package installed 1.1-1, so the descriptor's build_version says so (posttrans decides by it)
        writeFileSync(p.descriptor, readFileSync(p.descriptor, 'utf8').replace('build_version = 1.0-1', 'build_version = 1.1-1'));
        const deferred = p.uh('posttrans', 'docsjson', '--build-version', '1.1-1');
        delete p.env.SYSTEMD_OFFLINE;
        assert.equal(deferred.status, 0);
        assert.match(deferred.stdout, /upgrade deferred/);
        s = status('--build-version', '1.1-1');
        assert.equal(s.state, 'deferred');
        assert.equal(s.marker.state, 'deferred');
        p.script('once', '3000_fails', '#!/bin/sh\necho "cannot migrate" >&2\nexit 3\n');
        assert.equal(p.uh('run', 'docsjson', '--build-version', '1.1-1').status, 1);
        s = status('--build-version', '1.1-1');
        assert.equal(s.state, 'failed');
        const { scriptPath, scriptSum, ...marker } = s.marker;
        assert.deepEqual({ ...marker, since: '' }, {
            state: 'failed',
            reason: 'script-failed',
            detail: '3000_fails exited with status 3',
            script: '3000_fails',
            since: '',
            from: '1.0-1',
            to: '1.1-1',
            lastOutput: ['cannot migrate'],
        });
        assert.match(String(scriptPath), /once\/3000_fails$/);
        assert.match(String(scriptSum), /^sha256:[0-9a-f]{64}$/);
        const failedRun = s.lastRun;
        assert.equal(failedRun.result, 'failed');
        assert.equal(failedRun.failedScript, '3000_fails');
        assert.equal(failedRun.reason, 'exited with status 3');
        // While an upgrade holds the lock, a script asks for the status: it says running, with the lock's owner.
        p.script('once', '3000_fails', '#!/bin/sh\nexit 0\n');
        p.script('always', '6000_status', `#!/bin/sh\nupgrade-hook status docsjson --json --build-version 1.1-1 >${p.root}/running.json\n`);
        const ok = p.uh('run', 'docsjson', '--build-version', '1.1-1');
        assert.equal(ok.status, 0, ok.stderr);
        const running = JSON.parse(readFileSync(`${p.root}/running.json`, 'utf8'));
        assert.deepEqual(validate(schema, running), []);
        assert.equal(running.state, 'running');
        assert.equal(running.lastRun.result, 'running');
        assert.equal(typeof running.lock.pid, 'number');
        assert.equal(running.lock.phase, 'online', 'the holder says how far it is');
        // the failure the run is getting past stays visible, with what to do if it fails again
        assert.equal(running.marker.previous.reason, 'script-failed');
        assert.match(String(running.next), /if it fails too: upgrade-hook run docsjson/);
        seen.set('running', running);
        s = status('--build-version', '1.1-1');
        assert.equal(s.state, 'up-to-date');
        assert.equal(s.lastRun.result, 'ok');
        const states = schema.properties.state.enum;
        assert.deepEqual([...seen.keys()].sort(), [...states].sort(), 'every documented state was produced and checked');
    }
    finally {
        p.remove();
    }
});

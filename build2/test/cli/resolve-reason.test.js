// `resolve --reason` text reaches every admin's terminal through `status` and `history`: control characters
// are refused at input (nothing recorded), and a record that already holds them (written by an earlier
// version, or by hand) is printed with them escaped, never sent raw; --json stays the same document.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { installedThenUpgraded, makeProduct } from '../helpers/product.js';
const HOSTILE = 'fixed\u001b]0;pwned\u0007\u001b[2J\u009b31m\u202eevil';
function failedAt0020() {
    const p = makeProduct();
    installedThenUpgraded(p, '1.0-1', '1.1-1');
    p.script('once', '0020_fix_index', '#!/bin/sh\nexit 1\n');
    const r = p.run('run', 'acme');
    assert.equal(r.code, 1, r.stderr);
    return p;
}
// a control character (C0 but the line break, DEL, C1) or a bidirectional override, sent raw
const hasRaw = (s) => [...s].some((ch) => {
    const c = ch.codePointAt(0);
    return (c < 0x20 && c !== 0x0a) || (c >= 0x7f && c <= 0x9f) || (c >= 0x202a && c <= 0x202e);
});
test('resolve --reason with a control character: refused (exit 2) naming it; nothing recorded', (t) => {
    const p = failedAt0020();
    t.after(p.cleanup);
    const history = readFileSync(join(p.varDir, 'history.jsonl'), 'utf8');
    const marker = readFileSync(join(p.varDir, 'marker'), 'utf8');
    for (const [reason, named] of [
        [HOSTILE, 'U\\+001B at character 6'],
        ['index rebuilt\nticket 4711', 'U\\+000A at character 14'],
        ['index rebuilt\u202e1174 tekcit', 'U\\+202E at character 14'],
    ]) {
        const r = p.run('resolve', 'acme', '0020_fix_index', '--reason', reason);
        assert.equal(r.code, 2, r.stderr);
        assert.match(r.stderr, new RegExp(`resolve --reason: a control character \\(${named}\\) is not allowed`));
        assert.ok(!hasRaw(r.stderr), 'the refusal itself does not echo it');
    }
    assert.equal(readFileSync(join(p.varDir, 'history.jsonl'), 'utf8'), history);
    assert.equal(readFileSync(join(p.varDir, 'marker'), 'utf8'), marker);
    const ok = p.run('resolve', 'acme', '0020_fix_index', '--reason', 'índice rebuilt by hand — ticket 4711');
    assert.equal(ok.code, 0, ok.stderr);
});
test('a reason recorded with control characters before: status and history print them escaped; --json the same value', (t) => {
    const p = failedAt0020();
    t.after(p.cleanup);
    assert.equal(p.run('resolve', 'acme', '0020_fix_index', '--reason', 'PLACEHOLDER').code, 0);
    // as an earlier version wrote it
    for (const f of [join(p.varDir, 'history.jsonl'), join(p.varDir, 'marker')])
        writeFileSync(f, readFileSync(f, 'utf8').replaceAll('PLACEHOLDER', JSON.stringify(HOSTILE).slice(1, -1)));
    const shown = [
        p.run('status', 'acme'),
        p.run('history', 'acme'),
        p.run('history', 'acme', 'last'),
        p.run('status', 'acme', '--json'),
        p.run('history', 'acme', '--json'),
    ];
    for (const r of shown) {
        assert.equal(r.code, 0, r.stderr);
        assert.ok(!hasRaw(r.stdout), 'no control character reaches the terminal');
    }
    assert.match(shown[0].stdout, /fixed\\x1b\]0;pwned\\x07\\x1b\[2J\\x9b31m\\u202eevil/);
    assert.match(shown[2].stdout, /fixed\\x1b\]0;pwned/);
    const json = JSON.parse(shown[3].stdout);
    assert.ok(json.marker.detail.includes(HOSTILE), '--json holds the same text, escaped as JSON');
});

// `history` reads records an admin (or an admin's tool) may have edited. A record of a known kind with a
// field missing or of another type used to fail inside the view as "internal error"; now it is named with
// the file and the line, with what to do, like a line that is no JSON at all.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { evidenceScript, installedThenUpgraded, makeProduct } from '../helpers/product.js';
const CASES = [
    ['run-start "at" a number', (r) => (r.t === 'run-start' ? { ...r, at: 5 } : undefined)],
    ['script-start without "script"', (r) => (r.t === 'script-start' ? { ...r, script: undefined } : undefined)],
    ['script-end "ms" a string', (r) => (r.t === 'script-end' ? { ...r, ms: 'fast' } : undefined)],
    ['run-end "reason" an object', (r) => (r.t === 'run-end' ? { ...r, reason: { why: 1 } } : undefined)],
];
for (const [what, edit] of CASES)
    test(`history with a record of a known kind whose field is wrong (${what}): names the file and line, no internal error`, (t) => {
        const p = makeProduct();
        t.after(p.cleanup);
        installedThenUpgraded(p, '1.0-1', '1.1-1');
        p.script('once', '0010_users', evidenceScript(p));
        assert.equal(p.run('run', 'acme').code, 0);
        const file = join(p.varDir, 'history.jsonl');
        const lines = readFileSync(file, 'utf8').split('\n').filter(Boolean);
        const at = lines.findIndex((l) => edit(JSON.parse(l)) !== undefined);
        assert.ok(at >= 0, `the history has such a record: ${lines.join('\n')}`);
        lines[at] = JSON.stringify(edit(JSON.parse(lines[at])));
        writeFileSync(file, `${lines.join('\n')}\n`);
        for (const args of [
            ['history', 'acme'],
            ['history', 'acme', 'last'],
            ['history', 'acme', '--json'],
        ]) {
            const r = p.run(...args);
            assert.doesNotMatch(r.stderr, /internal error/i, `${args.join(' ')}: ${r.stderr}`);
            assert.equal(r.code, 78, `${args.join(' ')}: ${r.stderr}`);
            assert.ok(r.stderr.includes(`${file} line ${at + 1} is not a valid record`), `${args.join(' ')}: ${r.stderr}`);
            assert.match(r.stderr, new RegExp(`sed -i ${at + 1}d`));
        }
    });

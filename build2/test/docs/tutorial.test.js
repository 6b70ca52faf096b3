// The tutorial (docs/tutorial.md) cannot rot: its shell blocks run in order, in one bash, against
// dist/upgrade-hook.cjs in a scratch root, and each must exit 0 and print exactly the output the page shows.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { normalize, tutorialBlocks } from './markdown-blocks.js';
import { BUNDLE, REPO } from './repo.js';
const README = readFileSync(`${REPO}README.md`, 'utf8');
const TUTORIAL = readFileSync(`${REPO}docs/tutorial.md`, 'utf8');
function freePort() {
    return new Promise((resolve, reject) => {
        const server = createServer();
        server.once('error', reject);
        server.listen(0, '127.0.0.1', () => {
            const port = server.address().port;
            server.close(() => resolve(port));
        });
    });
}
// The tutorial's database may outlive a failed run: stop it by its pid file, wherever the root ended up.
function stopLeftovers(tmp) {
    for (const dir of existsSync(tmp) ? readdirSync(tmp) : []) {
        const pidfile = join(tmp, dir, 'run/notes-db.pid');
        if (!existsSync(pidfile))
            continue;
        try {
            process.kill(Number(readFileSync(pidfile, 'utf8')), 'SIGKILL');
        }
        catch {
            /* already gone */
        }
    }
}
test('docs/tutorial.md has tested blocks that show what they print; the README points to it', () => {
    const blocks = tutorialBlocks(TUTORIAL);
    assert.ok(blocks.length >= 10, `only ${blocks.length} tested blocks`);
    assert.ok(blocks.filter((b) => b.expected !== undefined).length >= 8);
    const all = blocks.map((b) => b.script).join('\n');
    for (const must of [
        'upgrade-hook plan notes',
        'upgrade-hook posttrans notes',
        'upgrade-hook status notes',
        'upgrade-hook run notes',
        'upgrade-hook gate notes',
        'upgrade-hook state get',
        'UPGRADE_HOOK_RESTART_FILE',
        '/cleanup/',
        '%upgrade_hook_posttrans notes',
        '#!/usr/bin/python3',
    ]) {
        assert.ok(all.includes(must), `the tested blocks never show ${must}`);
    }
    assert.match(TUTORIAL, /Requires=upgrade-hook@notes\.service\nAfter=upgrade-hook@notes\.service/);
    assert.match(README, /\]\(docs\/tutorial\.md\)/);
    assert.match(README, /^## Performance$/m);
    assert.match(README, /^## Reliability$/m);
    assert.match(README, /^npm run demo /m);
    assert.match(README, /^npm run setup && npm test /m);
});
test('every tutorial block runs, in order, and prints what the page shows', async () => {
    assert.ok(existsSync(BUNDLE), `${BUNDLE} is missing: npm run build`);
    const blocks = tutorialBlocks(TUTORIAL);
    const tmp = mkdtempSync(join(tmpdir(), 'uh-tutorial-'));
    const out = join(tmp, 'out');
    const port = String(await freePort());
    // One bash for the whole tutorial, so variables carry from block to block as in a reader's shell; each
    // block's stdout and stderr go, interleaved as on a terminal, to a file of its own.
    const script = [
        `mkdir ${out}`,
        ...blocks.map((b, i) => `{\n${b.script}\n} >${out}/${i}.out 2>&1 </dev/null; echo $? >${out}/${i}.rc; printf '%s' "$ROOT" >${out}/root`),
    ].join('\n');
    writeFileSync(join(tmp, 'tutorial.sh'), script);
    try {
        const r = spawnSync('bash', ['--norc', '--noprofile', join(tmp, 'tutorial.sh')], {
            cwd: REPO,
            encoding: 'utf8',
            timeout: 240_000,
            env: { PATH: process.env.PATH, HOME: process.env.HOME ?? '/root', LANG: 'C.UTF-8', TMPDIR: tmp, PORT: port },
        });
        assert.equal(r.status, 0, `bash: ${r.stderr}`);
        const root = readFileSync(join(out, 'root'), 'utf8');
        assert.ok(root.startsWith(tmp), `ROOT=${root} is not in the test's scratch directory`);
        blocks.forEach((b, i) => {
            const where = `docs/tutorial.md block at line ${b.line}`;
            const printed = readFileSync(join(out, `${i}.out`), 'utf8');
            const rc = readFileSync(join(out, `${i}.rc`), 'utf8').trim();
            assert.equal(rc, '0', `${where} exited ${rc}:\n${printed}`);
            const actual = normalize(printed, { root, port });
            const expected = b.expected === undefined ? '' : normalize(b.expected, { root: '\0', port: '8765' });
            assert.equal(actual, expected, `${where} printed something else than the page shows`);
        });
        assert.ok(!existsSync(root), 'the last block removes the scratch root');
    }
    finally {
        stopLeftovers(tmp);
        rmSync(tmp, { recursive: true, force: true });
    }
});

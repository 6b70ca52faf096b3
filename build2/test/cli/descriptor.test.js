// Descriptor loading: search path, /etc-style override key by key, a path instead of a name, and errors
// that name the file, the line, the key and the fix — without changing anything on disk.
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { cli } from '../helpers/cli.js';
import { evidenceScript, installedThenUpgraded, makeProduct } from '../helpers/product.js';
function snapshot(root) {
    const out = [];
    const walk = (d) => {
        for (const e of readdirSync(d).sort()) {
            const path = join(d, e);
            const st = statSync(path);
            if (st.isDirectory())
                walk(path);
            else
                out.push(`${path} ${st.mode} ${readFileSync(path).toString('base64')}`);
        }
    };
    walk(root);
    return out.join('\n');
}
test('an admin file in a later directory overrides the packaged one key by key', (t) => {
    const p = makeProduct();
    t.after(p.cleanup);
    const etc = join(p.root, 'etc');
    mkdirSync(etc);
    writeFileSync(join(etc, 'acme.conf'), '[product]\nplatform = adminos-2\n');
    p.env.UPGRADE_HOOK_CONFIG_PATH = `${p.confDir}:${etc}`;
    const s = p.run('status', 'acme', '--json');
    assert.equal(s.code, 0, s.stderr);
    const j = JSON.parse(s.stdout);
    assert.equal(j.build.platform, 'adminos-2');
    assert.equal(j.stateFile, p.stateFile, 'keys not overridden come from the packaged file');
    assert.deepEqual(j.descriptor, [join(p.confDir, 'acme.conf'), join(etc, 'acme.conf')]);
});
test('a path instead of a name; an unknown product is a clear error', (t) => {
    const p = makeProduct();
    t.after(p.cleanup);
    installedThenUpgraded(p, '1.0-1', '1.0-1');
    const env = {
        PATH: process.env.PATH,
        UPGRADE_HOOK_LOCK_DIR: p.lockDir,
        UPGRADE_HOOK_CONFIG_PATH: join(p.root, 'nowhere'),
    };
    const byPath = cli(['check', join(p.confDir, 'acme.conf')], env);
    assert.equal(byPath.code, 0, byPath.stderr);
    const unknown = cli(['check', 'acme'], env);
    assert.equal(unknown.code, 78);
    assert.match(unknown.stderr, /unknown product "acme": no acme\.conf in .*nowhere/);
});
const bad = [
    [
        'misspelt key',
        'scritps = /x',
        /acme\.conf line \d+: unknown key "scritps" in \[product\]: did you mean "scripts"\?/,
    ],
    ['unknown section', '[servce db]\nrole = backend', /unknown section \[servce db\]/],
    [
        'overlapping phases',
        '[phases]\noffline = 0001-3500',
        /\[phases\] offline \(0001-3500\) and backend \(3000-5999\) overlap/,
    ],
    [
        'unknown probe',
        '[service db]\nrole = backend\nstart = true\nstop = true\nready = ping:db',
        /ready = ping:db: unknown probe; use tcp:HOST:PORT/,
    ],
    ['bad role', '[service db]\nrole = database\nunit = db.service', /role = database: use backend or app/],
    [
        'unit and commands',
        '[service db]\nrole = backend\nunit = db.service\nstart = x',
        /has both unit and start\/stop commands/,
    ],
    ['bad boolean', 'auto_upgrade = perhaps', /auto_upgrade = perhaps: use yes or no/],
    ['bad scheme', 'version_scheme = debian', /version_scheme = debian: use rpm or semver/],
    ['relative path', 'admin_scripts = etc/acme', /admin_scripts = etc\/acme: must be an absolute path/],
    ['inline garbage line', 'this is not ini', /line \d+: .*is not a \[section\] header/],
    // The extra lines start at line 10 of the descriptor.
    [
        'continuation line under start =',
        '[service db]\nrole = backend\nstart = /bin/true\n  touch /tmp/upgrade-hook-must-not-run\nstop = /bin/true',
        /acme\.conf line 13: the indented line "touch \/tmp\/upgrade-hook-must-not-run" continues \[service db\] start from line 12: .*so it would run as a second shell command; a descriptor value is one line: join it to line 12, or remove the indentation if it is a key of its own/,
    ],
    [
        'indented key under a product key',
        'admin_scripts = /etc/acme\n\tvar_dir = /x',
        /acme\.conf line 11: the indented line "var_dir = \/x" continues \[product\] admin_scripts from line 10: .*remove the indentation if it is a key of its own/,
    ],
    [
        '[DEFAULT] section',
        '[DEFAULT]\nauto_upgrade = no',
        /acme\.conf line 10: \[DEFAULT\] is not allowed in a descriptor: .*move each key into \[product\], \[phases\] or the \[service NAME\] it belongs to/,
    ],
    [
        "a section's problem at its header line",
        '[service db]\n# the database\n\nunit = db.service',
        /acme\.conf line 10: \[service db\] role is required/,
    ],
    ['an empty section at its header line', '[service db]', /acme\.conf line 10: \[service db\] role is required/],
];
for (const [what, extra, message] of bad) {
    test(`descriptor error, exit 78, nothing changed: ${what}`, (t) => {
        const p = makeProduct();
        t.after(p.cleanup);
        installedThenUpgraded(p, '1.0-1', '1.1-1');
        p.descriptor(extra);
        const before = snapshot(p.root);
        for (const cmd of ['run', 'check', 'plan', 'posttrans']) {
            const r = p.run(cmd, 'acme');
            if (cmd === 'posttrans')
                assert.equal(r.code, 0, 'posttrans never fails the transaction');
            else
                assert.equal(r.code, 78, `${cmd}: ${r.stderr}`);
            assert.match(r.stderr, message);
            assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
        }
        assert.equal(snapshot(p.root), before);
    });
}
test('a descriptor that is not UTF-8 is refused naming the file', (t) => {
    const p = makeProduct();
    t.after(p.cleanup);
    writeFileSync(join(p.confDir, 'acme.conf'), Buffer.from([0x5b, 0x70, 0x72, 0x6f, 0x64, 0x75, 0x63, 0x74, 0x5d, 0x0a, 0xff, 0xfe, 0x0a]));
    const r = p.run('check', 'acme');
    assert.equal(r.code, 78);
    assert.match(r.stderr, /acme\.conf/);
    assert.match(r.stderr, /UTF-8/);
});
test('missing required keys are listed together', (t) => {
    const p = makeProduct();
    t.after(p.cleanup);
    writeFileSync(join(p.confDir, 'acme.conf'), '[product]\nplatform = x\n');
    const r = p.run('check', 'acme');
    assert.equal(r.code, 78);
    for (const k of ['build_version', 'state_file', 'state_section', 'scripts'])
        assert.match(r.stderr, new RegExp(`\\[product\\] ${k} is required`));
});
test('usage errors exit 2: unknown command, unknown option, option of another command, wrong arity', () => {
    const env = { PATH: process.env.PATH };
    for (const args of [
        ['frobnicate', 'acme'],
        ['check', 'acme', '--frob'],
        ['check', 'acme', '--force'],
        ['check'],
        ['check', 'a', 'b'],
    ]) {
        const r = cli(args, env);
        assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
        assert.match(r.stderr, /^error: /);
        assert.match(r.stderr, /--help/);
    }
});
test('a state_section configparser or FreeIPA would read differently is refused at its line', (t) => {
    const p = makeProduct();
    t.after(p.cleanup);
    for (const [name, why] of [
        ['ac]me', /contains "\]"/],
        ['DEFAULT', /configparser's default section/],
    ]) {
        writeFileSync(join(p.confDir, 'acme.conf'), readFileSync(join(p.confDir, 'acme.conf'), 'utf8').replace(/^state_section = .*$/m, `state_section = ${name}`));
        const r = p.run('check', 'acme');
        assert.equal(r.code, 78, r.stderr);
        assert.match(r.stderr, /acme\.conf line 5: \[product\] state_section = /);
        assert.match(r.stderr, why);
    }
});
test('a value that looks commented or quoted is a warning, the descriptor still loads; commands are left to the shell', (t) => {
    const p = makeProduct();
    t.after(p.cleanup);
    installedThenUpgraded(p, '1.0-1', '1.0-1');
    p.descriptor([
        '[service db]',
        'role = backend',
        "unit = 'db.service'",
        '[service web]',
        'role = app',
        'unit = web.service # the app',
        '[service cache]',
        'role = backend',
        'start = /bin/true # started',
        'stop = "/bin/true"',
        'ready = exec:/bin/true ; true',
    ].join('\n'));
    const r = p.run('check', 'acme');
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /^warning: \S*acme\.conf line 12: \[service db\] unit = 'db\.service': configparser keeps the quotes in the value; remove them unless they belong to it$/m);
    assert.match(r.stderr, /^warning: \S*acme\.conf line 15: \[service web\] unit = web\.service # the app: configparser keeps "# the app" in the value .*if it is a comment, move it to a line of its own$/m);
    assert.equal(r.stderr.split('\n').filter(Boolean).length, 2, `only those two: ${r.stderr}`);
    assert.equal(p.run('check', 'acme', '-q').stderr, '', '-q hides warnings');
});
test('two products with one var_dir: run refuses before anything runs (78), naming the other; plan lists it', (t) => {
    const p = makeProduct('acme');
    t.after(p.cleanup);
    installedThenUpgraded(p, '1.0-1', '1.1-1');
    p.script('once', '0010_a', evidenceScript(p));
    const acme = readFileSync(join(p.confDir, 'acme.conf'), 'utf8');
    writeFileSync(join(p.confDir, 'beta.conf'), acme.replace('state_section = acme', 'state_section = beta'));
    const r = p.run('run', 'acme');
    assert.equal(r.code, 78, r.stderr);
    assert.match(r.stderr, new RegExp(`acme: var_dir ${p.varDir} is also the var_dir of beta: the products would share one marker and one history`));
    assert.match(r.stderr, /next: set var_dir in \/etc\/upgrade-hook\/products\.d\/acme\.conf/);
    assert.deepEqual(p.evidenceLines(), [], 'no script ran');
    const plan = p.run('plan', 'acme');
    assert.notEqual(plan.code, 0);
    assert.match(`${plan.stdout}${plan.stderr}`, /is also the var_dir of beta/);
    // with its own var_dir the upgrade runs
    writeFileSync(join(p.confDir, 'beta.conf'), acme
        .replace('state_section = acme', 'state_section = beta')
        .replace(`var_dir = ${p.varDir}`, `var_dir = ${p.varDir}-beta`));
    assert.equal(p.run('run', 'acme').code, 0);
    assert.deepEqual(p.evidenceLines(), ['0010_a offline once']);
});

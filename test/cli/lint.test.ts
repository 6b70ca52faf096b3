// `upgrade-hook lint --root DIR NAME` on real build roots: a hand-made one for each rule, and acme's own
// spec built by rpmbuild with %upgrade_hook_check in %check (a clean build passes; each planted mistake
// fails the build naming the file).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import {
  chmodSync,
  cpSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
  existsSync,
  readdirSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { BUNDLE, REPO, cli } from '../helpers/cli.js';

const UNITS = '/usr/lib/systemd/system';
const CONF = '/usr/lib/upgrade-hook/products.d/acme.conf';
const GATED =
  '[Unit]\nRequires=upgrade-hook@acme.service\nAfter=upgrade-hook@acme.service\n\n[Service]\nExecStart=/usr/bin/acme-web\n';

interface BuildRoot {
  root: string;
  put(path: string, body: string, mode?: number): void;
  remove(path: string): void;
  lint(...extra: string[]): ReturnType<typeof cli>;
}

function descriptor(extraProduct = '', extra = ''): string {
  return [
    '[product]',
    'build_version = file:/usr/share/acme/VERSION',
    'state_file = /var/lib/acme/sysupgrade.state',
    'state_section = acme',
    'scripts = /usr/share/acme/upgrade.d',
    extraProduct,
    '',
    '[service postgresql]',
    'role = backend',
    'unit = postgresql.service',
    '',
    '[service acme-web]',
    'role = app',
    'unit = acme-web.service',
    extra,
    '',
  ].join('\n');
}

/** A build root like acme's %install makes: descriptor, VERSION, scripts, a gated app unit. */
function makeRoot(t: { after: (f: () => void) => void }): BuildRoot {
  const root = mkdtempSync(join(tmpdir(), 'uh-lint-'));
  chmodSync(root, 0o755);
  t.after(() => rmSync(root, { recursive: true, force: true }));
  const b: BuildRoot = {
    root,
    put(path, body, mode = 0o644) {
      mkdirSync(dirname(join(root, path)), { recursive: true, mode: 0o755 });
      writeFileSync(join(root, path), body);
      chmodSync(join(root, path), mode);
    },
    remove: (path) => rmSync(join(root, path), { force: true }),
    lint: (...extra) =>
      cli(['lint', '--root', root, 'acme', 'postgresql.service', ...extra], {
        PATH: process.env.PATH,
        LANG: 'C.UTF-8',
      }),
  };
  b.put(CONF, descriptor());
  b.put('/usr/share/acme/VERSION', '1.2-1\n');
  b.put('/usr/share/acme/upgrade.d/once/1000_backup', '#!/bin/sh\ncp -a /etc/acme /var/backups/\n', 0o755);
  b.put(
    '/usr/share/acme/upgrade.d/once/3100_schema',
    '#!/bin/sh\nemail=$(upgrade-hook state get acme acme admin_email)\nupgrade-hook state set "$UPGRADE_HOOK_PRODUCT" acme schema 2\n',
    0o755,
  );
  b.put('/usr/share/acme/upgrade.d/always/6000_health', '#!/bin/sh\n:\n', 0o755);
  b.put(`${UNITS}/acme-web.service`, GATED);
  for (const d of [
    '/usr',
    '/usr/share',
    '/usr/share/acme',
    '/usr/share/acme/upgrade.d',
    '/usr/share/acme/upgrade.d/once',
    '/usr/share/acme/upgrade.d/always',
  ])
    chmodSync(join(root, d), 0o755);
  return b;
}

test('lint: a clean build root passes with no finding (exit 0); --json says the same', (t) => {
  const b = makeRoot(t);
  const r = b.lint();
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stderr, '');
  assert.match(r.stdout, /^acme: lint of .*: 0 error\(s\), 0 warning\(s\)$/m);
  const j = b.lint('--json');
  assert.deepEqual(JSON.parse(j.stdout).findings, []);
});

// Each planted mistake: exit 78, and an error line naming the file as installed.
const mistakes: Array<[string, (b: BuildRoot) => void, RegExp]> = [
  [
    'a gated unit with RefuseManualStop=yes (a drop-in)',
    (b) => b.put(`${UNITS}/acme-web.service.d/refuse.conf`, '[Unit]\nRefuseManualStop=yes\n'),
    /^error: \/usr\/lib\/systemd\/system\/acme-web\.service \(with .*refuse\.conf\): acme-web\.service has RefuseManualStop=yes but every upgrade of acme must stop it/m,
  ],
  [
    'a misspelt descriptor key',
    (b) => b.put(CONF, descriptor('scirpts_timeout = 5')),
    /^error: \/usr\/lib\/upgrade-hook\/products\.d\/acme\.conf: line 6: unknown key "scirpts_timeout" in \[product\]/m,
  ],
  [
    'a build_version file the package does not ship',
    (b) => b.remove('/usr/share/acme/VERSION'),
    /^error: \/usr\/lib\/upgrade-hook\/products\.d\/acme\.conf: \[product\] build_version = file:\/usr\/share\/acme\/VERSION: the build root has no such file/m,
  ],
  [
    'a script that is not executable',
    (b) => chmodSync(join(b.root, '/usr/share/acme/upgrade.d/once/1000_backup'), 0o644),
    /^error: \/usr\/share\/acme\/upgrade\.d\/once\/1000_backup: is not executable/m,
  ],
  [
    'a script without "#!"',
    (b) => b.put('/usr/share/acme/upgrade.d/once/1000_backup', 'cp -a /etc/acme /var/backups/\n', 0o755),
    /^error: \/usr\/share\/acme\/upgrade\.d\/once\/1000_backup: has no "#!" header/m,
  ],
  [
    'a group-writable script',
    (b) => b.put('/usr/share/acme/upgrade.d/always/6000_health', '#!/bin/sh\n', 0o775),
    /^error: \/usr\/share\/acme\/upgrade\.d\/always\/6000_health: script is writable by its group/m,
  ],
  [
    'a misnumbered script',
    (b) => b.put('/usr/share/acme/upgrade.d/once/310_x', '#!/bin/sh\n', 0o755),
    /^error: \/usr\/share\/acme\/upgrade\.d\/once\/310_x: starts with a digit but is not NNNN_name/m,
  ],
  [
    'a script in no phase',
    (b) => b.put(CONF, `${descriptor()}\n[phases]\noffline = 0001-0999\nbackend = 3000-5999\nonline = 6000-9999\n`),
    /^error: \/usr\/share\/acme\/upgrade\.d\/once\/1000_backup: number 1000 is in no phase/m,
  ],
  [
    'a script that calls state for another product',
    (b) =>
      b.put('/usr/share/acme/upgrade.d/once/3200_x', '#!/bin/sh\nupgrade-hook state set acme-old acme k v\n', 0o755),
    /^error: \/usr\/share\/acme\/upgrade\.d\/once\/3200_x line 2: calls upgrade-hook state set acme-old: "acme-old" is not this product/m,
  ],
  [
    'a script that writes the data version',
    (b) =>
      b.put(
        '/usr/share/acme/upgrade.d/once/3200_x',
        '#!/bin/sh\n"$UPGRADE_HOOK" state set acme acme data_version 1.2-1\n',
        0o755,
      ),
    /^error: \/usr\/share\/acme\/upgrade\.d\/once\/3200_x line 2: .*the upgrade stamps data_version itself/m,
  ],
  [
    'a [service] unit that is neither shipped nor external',
    (b) => b.remove(`${UNITS}/acme-web.service`),
    /^error: \/usr\/lib\/upgrade-hook\/products\.d\/acme\.conf: \[service acme-web\] unit = acme-web\.service: no such unit in the build root/m,
  ],
  [
    'the app unit not behind the gate',
    (b) => b.put(`${UNITS}/acme-web.service`, '[Service]\nExecStart=/usr/bin/acme-web\n'),
    /^error: \/usr\/lib\/systemd\/system\/acme-web\.service: acme-web\.service runs acme's code but has no Requires=upgrade-hook@acme\.service/m,
  ],
  [
    'the app unit with Wants= only',
    (b) =>
      b.put(`${UNITS}/acme-web.service`, '[Unit]\nWants=upgrade-hook@acme.service\nAfter=upgrade-hook@acme.service\n'),
    /acme-web\.service: acme-web\.service runs acme's code but only Wants=upgrade-hook@acme\.service .*use Requires=/,
  ],
  [
    'Requires= without After=',
    (b) => b.put(`${UNITS}/acme-web.service`, '[Unit]\nRequires=upgrade-hook@acme.service\n'),
    /acme-web\.service runs acme's code but has Requires=upgrade-hook@acme\.service but no After=/,
  ],
  [
    'a worker of the package not behind the gate',
    (b) => b.put(`${UNITS}/acme-tasks@.service`, '[Service]\nExecStart=/usr/bin/acme-tasks %i\n'),
    /^error: \/usr\/lib\/systemd\/system\/acme-tasks@\.service: acme-tasks@\.service runs acme's code but has no Requires=/m,
  ],
  [
    'a backend behind the gate',
    (b) => b.put(`${UNITS}/postgresql.service.d/upgrade-hook.conf`, GATED),
    /^error: \/usr\/lib\/systemd\/system\/postgresql\.service\.d\/upgrade-hook\.conf .*postgresql\.service is a backend .* but is behind upgrade-hook@acme\.service/m,
  ],
  [
    'a socket that activates an ungated unit',
    (b) => {
      b.put(`${UNITS}/acme-api.socket`, '[Socket]\nListenStream=8418\nService=acme-api.service\n');
      b.put(`${UNITS}/api.service`, '');
      b.put(`${UNITS}/acme-api.service`, '[Unit]\nDescription=api\n[Service]\nExecStart=/usr/bin/acme-api\n');
    },
    /^error: \/usr\/lib\/systemd\/system\/acme-api\.socket: acme-api\.socket activates acme-api\.service, which has no Requires=upgrade-hook@acme\.service: a connection would start new code on old data/m,
  ],
  [
    'a check executable without "#!"',
    (b) => {
      b.put(CONF, descriptor('checks = /usr/share/acme/checks.d'));
      b.put('/usr/share/acme/checks.d/certs', 'exit 0\n', 0o755);
      chmodSync(join(b.root, '/usr/share/acme/checks.d'), 0o755);
    },
    /^error: \/usr\/share\/acme\/checks\.d\/certs: has no "#!" header/m,
  ],
];

for (const [what, plant, message] of mistakes) {
  test(`lint fails (exit 78) on ${what}, naming the file`, (t) => {
    const b = makeRoot(t);
    plant(b);
    const r = b.lint();
    assert.equal(r.code, 78, `${r.stdout}${r.stderr}`);
    assert.match(r.stderr, message);
    assert.match(r.stderr, /^error: acme: lint of .*: [1-9]\d* error\(s\)/m);
  });
}

test('lint: warnings print and pass: a leftover shipped, a gated unit the descriptor does not list, shared numbers', (t) => {
  const b = makeRoot(t);
  b.put('/usr/share/acme/upgrade.d/once/3100_schema.rpmorig', '#!/bin/sh\n', 0o755);
  b.put('/usr/share/acme/upgrade.d/once/3100_schema_b', '#!/bin/sh\n', 0o755);
  b.put(`${UNITS}/acme-mailer.service`, GATED);
  const r = b.lint();
  assert.equal(r.code, 0, r.stderr);
  assert.match(
    r.stderr,
    /^warning: \/usr\/share\/acme\/upgrade\.d\/once\/3100_schema\.rpmorig: editor or package leftover shipped in the package/m,
  );
  assert.match(
    r.stderr,
    /^warning: \/usr\/lib\/systemd\/system\/acme-mailer\.service: acme-mailer\.service is behind upgrade-hook@acme\.service but not in the descriptor/m,
  );
  assert.match(
    r.stderr,
    /^warning: \/usr\/share\/acme\/upgrade\.d\/once\/3100_schema_b: shares number 3100 with 3100_schema/m,
  );
  assert.match(r.stdout, /0 error\(s\), 3 warning\(s\)/);
});

test('lint: a gated oneshot job without RemainAfterExit warns; another installed product listing the same backend is named', (t) => {
  const b = makeRoot(t);
  b.put(
    `${UNITS}/acme-import.service`,
    '[Unit]\nRequires=upgrade-hook@acme.service\nAfter=upgrade-hook@acme.service\n\n[Service]\nType=oneshot\nExecStart=/usr/bin/acme-import\n',
  );
  b.put(
    `${UNITS}/acme-report.service`,
    '[Unit]\nRequires=upgrade-hook@acme.service\nAfter=upgrade-hook@acme.service\n\n[Service]\nType=oneshot\nRemainAfterExit=yes\nExecStart=/usr/bin/acme-report\n',
  );
  // pulp, installed in the same root (with --root /: on the same host), on the same database
  b.put(
    '/etc/upgrade-hook/products.d/pulp.conf',
    [
      '[product]',
      'build_version = 3.0',
      'state_file = /var/lib/pulp/sysupgrade.state',
      'state_section = pulp',
      'scripts = /usr/share/pulp/upgrade.d',
      '',
      '[service postgresql]',
      'role = backend',
      'unit = postgresql.service',
      '',
    ].join('\n'),
  );
  for (const d of ['/etc', '/etc/upgrade-hook', '/etc/upgrade-hook/products.d']) chmodSync(join(b.root, d), 0o755);
  const r = b.lint();
  assert.equal(r.code, 0, r.stderr);
  assert.match(
    r.stderr,
    /^warning: \/usr\/lib\/systemd\/system\/acme-import\.service: acme-import\.service is a run-to-completion job \(Type=oneshot without RemainAfterExit=yes\) behind upgrade-hook@acme\.service/m,
  );
  assert.doesNotMatch(r.stderr, /acme-report\.service is a run-to-completion job/);
  assert.doesNotMatch(r.stderr, /acme-import\.service is behind upgrade-hook@acme\.service but not in the descriptor/);
  assert.match(
    r.stderr,
    /^warning: \/usr\/lib\/upgrade-hook\/products\.d\/acme\.conf: \[service postgresql\] unit = postgresql\.service is also a backend of product pulp \(\/etc\/upgrade-hook\/products\.d\/pulp\.conf\)/m,
  );
});

test('lint: a gate drop-in (%upgrade_hook_dropin) and a socket of a gated unit pass', (t) => {
  const b = makeRoot(t);
  b.put(`${UNITS}/acme-web.service`, '[Service]\nExecStart=/usr/bin/acme-web\n');
  b.put(
    `${UNITS}/acme-web.service.d/upgrade-hook.conf`,
    '[Unit]\nRequires=upgrade-hook@acme.service\nAfter=upgrade-hook@acme.service\n',
  );
  b.put(`${UNITS}/acme-web.socket`, '[Socket]\nListenStream=8417\n');
  b.put(`${UNITS}/acme-rpc.socket`, '[Socket]\nListenStream=8419\nAccept=yes\n');
  b.put(`${UNITS}/acme-rpc@.service`, GATED);
  const r = b.lint();
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stderr, '');
});

test('lint: no --root is a usage error; a root without the descriptor fails naming where it looked', (t) => {
  const b = makeRoot(t);
  const r = cli(['lint', 'acme'], { PATH: process.env.PATH });
  assert.equal(r.code, 2);
  assert.match(r.stderr, /lint needs --root DIR/);
  b.remove(CONF);
  const n = b.lint();
  assert.equal(n.code, 78);
  assert.match(
    n.stderr,
    /^error: \/usr\/lib\/upgrade-hook\/products\.d\/acme\.conf: no descriptor for acme in the build root/m,
  );
});

// acme's spec, built by rpmbuild with the packagers' macros: %check runs %upgrade_hook_check.
const rpmbuild = spawnSync('rpmbuild', ['--version']).status === 0;

function buildAcme(t: { after: (f: () => void) => void }, plant: (src: string) => void) {
  const src = mkdtempSync(join(tmpdir(), 'uh-acme-src-'));
  const top = mkdtempSync(join(tmpdir(), 'uh-acme-top-'));
  t.after(() => {
    rmSync(src, { recursive: true, force: true });
    rmSync(top, { recursive: true, force: true });
  });
  cpSync(join(REPO, 'examples/acme'), src, { recursive: true });
  writeFileSync(
    join(src, 'macros'),
    readFileSync(join(REPO, 'rpm/macros.upgrade-hook'), 'utf8').replaceAll('@VERSION@', '0.1.0'),
  );
  plant(src);
  const r = spawnSync(
    'rpmbuild',
    [
      '--quiet',
      '--load',
      join(src, 'macros'),
      '--define',
      `__upgrade_hook ${process.execPath} ${BUNDLE}`,
      '--define',
      `_topdir ${top}`,
      '--define',
      `_dbpath ${top}/rpmdb`,
      '--define',
      `_sourcedir ${src}`,
      '--define',
      'acme_version 1.2',
      '-bb',
      join(src, 'acme-server.spec'),
    ],
    { encoding: 'utf8', timeout: 120_000 },
  );
  const rpms = existsSync(join(top, 'RPMS/noarch')) ? readdirSync(join(top, 'RPMS/noarch')) : [];
  return { code: r.status, out: `${r.stdout}${r.stderr}`, rpms };
}

// The documented override of the tool %upgrade_hook_check runs holds whichever side of --load it is given on.
test('%upgrade_hook_check: --define "__upgrade_hook ..." before or after loading the macros wins', {
  skip: !rpmbuild && 'no rpm',
}, (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'uh-macros-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const macros = join(dir, 'macros.upgrade-hook');
  writeFileSync(macros, readFileSync(join(REPO, 'rpm/macros.upgrade-hook'), 'utf8').replaceAll('@VERSION@', '0.1.0'));
  const evalCheck = (...args: string[]) => {
    const r = spawnSync(
      'rpm',
      [...args, '--define', 'buildroot /BUILDROOT', '--eval', '%upgrade_hook_check acme postgresql.service'],
      { encoding: 'utf8' },
    );
    assert.equal(r.status, 0, r.stderr);
    return r.stdout.trim();
  };
  const mine = ['--define', '__upgrade_hook /opt/node /src/upgrade-hook.cjs'];
  const expected = '/opt/node /src/upgrade-hook.cjs lint --root /BUILDROOT acme postgresql.service';
  assert.equal(evalCheck(...mine, '--load', macros), expected, 'defined before the macros are loaded');
  assert.equal(evalCheck('--load', macros, ...mine), expected, 'defined after the macros are loaded');
  assert.equal(evalCheck('--load', macros), '/usr/bin/upgrade-hook lint --root /BUILDROOT acme postgresql.service');
});

test("%upgrade_hook_check in acme's %check: the clean spec builds", { skip: !rpmbuild && 'no rpmbuild' }, (t) => {
  const r = buildAcme(t, () => {});
  assert.equal(r.code, 0, r.out);
  assert.deepEqual(r.rpms, ['acme-server-1.2-1.noarch.rpm']);
});

const planted: Array<[string, (src: string) => void, RegExp]> = [
  [
    'a script shipped without the executable bit',
    (s) => chmodSync(join(s, 'versions/1.2/upgrade.d/once/3200_index_contact'), 0o644),
    /error: \/usr\/share\/acme\/upgrade\.d\/once\/3200_index_contact: is not executable/,
  ],
  [
    'a descriptor key misspelt',
    (s) =>
      writeFileSync(
        join(s, 'conf/acme.conf'),
        readFileSync(join(s, 'conf/acme.conf'), 'utf8').replace('auto_upgrade = yes', 'auto_upgarde = yes'),
      ),
    /error: \/usr\/lib\/upgrade-hook\/products\.d\/acme\.conf: line \d+: unknown key "auto_upgarde" in \[product\]: did you mean "auto_upgrade"\?/,
  ],
  [
    'the app unit without the gate',
    (s) =>
      writeFileSync(
        join(s, 'systemd/acme-web.service'),
        readFileSync(join(s, 'systemd/acme-web.service'), 'utf8').replace(
          /^Requires=upgrade-hook@acme\.service\n/m,
          '',
        ),
      ),
    /error: \/usr\/lib\/systemd\/system\/acme-web\.service: acme-web\.service runs acme's code but has no Requires=upgrade-hook@acme\.service/,
  ],
  [
    "a script that names another product's state",
    (s) =>
      writeFileSync(
        join(s, 'versions/1.2/upgrade.d/once/6300_note'),
        '#!/bin/sh\nupgrade-hook state set acme-server acme note 1\n',
        { mode: 0o755 },
      ),
    /error: \/usr\/share\/acme\/upgrade\.d\/once\/6300_note line 2: calls upgrade-hook state set acme-server/,
  ],
  [
    'a misnumbered script',
    (s) => writeFileSync(join(s, 'versions/1.2/upgrade.d/once/320_typo'), '#!/bin/sh\n', { mode: 0o755 }),
    /error: \/usr\/share\/acme\/upgrade\.d\/once\/320_typo: starts with a digit but is not NNNN_name/,
  ],
];

for (const [what, plant, message] of planted) {
  test(`%upgrade_hook_check fails acme's build on ${what}, naming the file`, {
    skip: !rpmbuild && 'no rpmbuild',
  }, (t) => {
    const r = buildAcme(t, plant);
    assert.notEqual(r.code, 0, 'the build failed');
    assert.match(r.out, message);
    assert.match(r.out, /Bad exit status from .* \(%check\)/);
    assert.deepEqual(r.rpms, [], 'no package was written');
  });
}

// issue 19: [backup] rules
test('lint: a [backup] dir another product of the build root names is an error; a data path it lacks is a warning', (t) => {
  const b = makeRoot(t);
  b.put(CONF, descriptor('', '[backup]\npaths = /var/lib/acme /var/lib/acme/*.db\ndir = /var/backups/shared'));
  b.put('/var/lib/acme/.keep', '');
  b.put(
    '/usr/lib/upgrade-hook/products.d/acme-reports.conf',
    descriptor('', '[backup]\npaths = /var/lib/acme-reports\ndir = /var/backups/shared'),
  );
  const r = b.lint();
  assert.equal(r.code, 78, `${r.stdout}${r.stderr}`);
  assert.match(
    r.stderr,
    /^error: \/usr\/lib\/upgrade-hook\/products\.d\/acme\.conf: \[backup\] dir \/var\/backups\/shared is also the backup directory of acme-reports/m,
  );
  assert.match(
    r.stderr,
    /^warning: \/usr\/lib\/upgrade-hook\/products\.d\/acme\.conf: \[backup\] paths: \/var\/lib\/acme\/\*\.db does not exist \(paths are not patterns: list each path\) in the build root/m,
  );
  assert.doesNotMatch(r.stderr, /\/var\/lib\/acme does not exist/);
});

// issue 24: [rehearse] rules
test('lint: [rehearse] with nothing for matrix to compare is an error; no neutralize and a hook not shipped are warnings', (t) => {
  const b = makeRoot(t);
  b.put(CONF, descriptor('', '[rehearse]\nseed = /usr/share/acme/rehearse/seed --fixtures\ninstall = true'));
  const r = b.lint();
  assert.equal(r.code, 78, `${r.stdout}${r.stderr}`);
  assert.match(
    r.stderr,
    /^error: \/usr\/lib\/upgrade-hook\/products\.d\/acme\.conf: \[rehearse\] has no digest and there are no \[backup\] paths: matrix has nothing to compare/m,
  );
  assert.match(
    r.stderr,
    /^warning: \/usr\/lib\/upgrade-hook\/products\.d\/acme\.conf: \[rehearse\] has no neutralize/m,
  );
  assert.match(
    r.stderr,
    /^warning: \/usr\/lib\/upgrade-hook\/products\.d\/acme\.conf: \[rehearse\] seed runs \/usr\/share\/acme\/rehearse\/seed, which is not in the build root/m,
  );

  // shipped, with a digest and a neutralize hook: nothing to say about [rehearse]
  b.put('/usr/share/acme/rehearse/seed', '#!/bin/sh\n', 0o755);
  b.put(
    CONF,
    descriptor(
      '',
      '[rehearse]\nseed = /usr/share/acme/rehearse/seed --fixtures\ndigest = psql -Atc "select count(*) from t"\nneutralize = systemctl mask acme-mail.timer',
    ),
  );
  const ok = b.lint();
  assert.doesNotMatch(ok.stderr, /\[rehearse\]/, ok.stderr);
});

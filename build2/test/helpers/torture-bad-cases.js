// The corpus of bad input for test/torture/bad-input.test.ts: how to break a good product, what to run,
// the exit status DESIGN.md assigns, what the error must name and what fix it must suggest.
import { appendFileSync, chmodSync, chownSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync, } from 'node:fs';
import { join } from 'node:path';
const NOBODY = 65534;
const upgradeCommands = (p) => [
    ['run', p.name],
    ['gate', p.name],
];
const once = (p, name) => join(p.scripts, 'once', name);
function descriptorEdit(p, from, to) {
    const text = readFileSync(p.descriptor, 'utf8');
    if (!from.test(text))
        throw new Error(`corpus bug: ${from} not in the descriptor`);
    writeFileSync(p.descriptor, text.replace(from, to));
}
const c = (x) => ({ commands: upgradeCommands, status: 78, ...x });
export function badInputCases() {
    return [
        // The state file.
        c({
            kind: 'binary state file',
            mutate: (p) => writeFileSync(p.stateFile, Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0xff, 0xfe, 0, 1, 2, 0x80, 0x0a])),
            culprit: (p) => p.stateFile,
            fix: /convert it to UTF-8 or restore it/,
        }),
        c({
            kind: 'state file truncated mid-line',
            mutate: (p) => writeFileSync(p.stateFile, '[demo]\ndata_vers'),
            culprit: (p) => p.stateFile,
            fix: /fix or remove it/,
        }),
        c({
            kind: 'state file truncated in a section header',
            mutate: (p) => writeFileSync(p.stateFile, '[demo]\ndata_version = 1.0\n[ipa'),
            culprit: (p) => p.stateFile,
            fix: /fix|remove/,
        }),
        c({
            kind: 'state file with a duplicate section',
            mutate: (p) => appendFileSync(p.stateFile, '[demo]\nx = 1\n'),
            culprit: (p) => p.stateFile,
            fix: /merge them/,
        }),
        c({
            kind: 'invalid data version in the state file',
            mutate: (p) => writeFileSync(p.stateFile, '[demo]\ndata_version = not a version!\n'),
            culprit: (p) => p.stateFile,
            fix: /epoch:version-release/,
        }),
        c({
            kind: 'corrupt history line',
            mutate: (p) => writeFileSync(p.history, '{"t":"run-start"\n'),
            culprit: (p) => p.history,
            fix: /delete that line/,
        }),
        // The descriptor.
        c({
            kind: 'misspelt descriptor key',
            mutate: (p) => descriptorEdit(p, /^\[product\]\n/m, '[product]\nauto_upgade = no\n'),
            culprit: () => '"auto_upgade"',
            fix: /did you mean "auto_upgrade"/,
        }),
        c({
            kind: 'misspelt required key',
            mutate: (p) => descriptorEdit(p, /^scripts = /m, 'scirpts = '),
            culprit: () => '"scirpts"',
            fix: /did you mean "scripts"/,
        }),
        c({
            kind: 'misspelt section',
            mutate: (p) => appendFileSync(p.descriptor, '\n[phase]\noffline = 0001-2999\n'),
            culprit: () => '[phase]',
            fix: /did you mean \[phases\]/,
        }),
        c({
            kind: 'required key missing',
            mutate: (p) => descriptorEdit(p, /^state_file = .*\n/m, ''),
            culprit: () => 'state_file',
            fix: /e\.g\. state_file = /,
        }),
        c({
            kind: 'relative scripts path',
            mutate: (p) => descriptorEdit(p, /^scripts = .*$/m, 'scripts = upgrade.d'),
            culprit: () => 'scripts = upgrade.d',
            fix: /absolute path/,
        }),
        c({
            kind: 'descriptor not UTF-8',
            mutate: (p) => appendFileSync(p.descriptor, Buffer.from('# caf\xe9 latin-1 comment\n', 'latin1')),
            culprit: (p) => p.descriptor,
            fix: /convert it to UTF-8/,
        }),
        c({
            kind: 'descriptor with a byte order mark',
            mutate: (p) => writeFileSync(p.descriptor, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), readFileSync(p.descriptor)])),
            culprit: (p) => p.descriptor,
            fix: /remove it/,
        }),
        c({
            kind: 'duplicate descriptor key',
            mutate: (p) => descriptorEdit(p, /^\[product\]\n/m, '[product]\nauto_upgrade = yes\nauto_upgrade = no\n'),
            culprit: () => 'auto_upgrade',
            fix: /remove|keep one|merge/,
        }),
        c({
            kind: 'bad boolean',
            mutate: (p) => descriptorEdit(p, /^\[product\]\n/m, '[product]\nauto_upgrade = maybe\n'),
            culprit: () => 'auto_upgrade = maybe',
            fix: /use yes or no/,
        }),
        c({
            kind: 'bad script_timeout',
            mutate: (p) => descriptorEdit(p, /^\[product\]\n/m, '[product]\nscript_timeout = ten\n'),
            culprit: () => 'script_timeout = ten',
            fix: /whole number of seconds/,
        }),
        c({
            kind: 'unknown version scheme',
            mutate: (p) => descriptorEdit(p, /^\[product\]\n/m, '[product]\nversion_scheme = debian\n'),
            culprit: () => 'version_scheme = debian',
            fix: /use rpm or semver/,
        }),
        c({
            kind: 'overlapping phases',
            mutate: (p) => appendFileSync(p.descriptor, '\n[phases]\noffline = 0001-3500\n'),
            culprit: () => 'overlap',
            fix: /give each script number to exactly one phase/,
        }),
        c({
            kind: 'phases out of order',
            mutate: (p) => appendFileSync(p.descriptor, '\n[phases]\noffline = 6000-9999\nonline = 0001-2999\n'),
            culprit: () => '[phases]',
            fix: /offline < backend < online/,
        }),
        c({
            kind: 'unknown readiness probe',
            mutate: (p) => appendFileSync(p.descriptor, '\n[service db]\nrole = backend\nstart = true\nstop = true\nready = ftp://localhost/\n'),
            culprit: () => 'ready = ftp://localhost/',
            fix: /use tcp:HOST:PORT/,
        }),
        c({
            kind: 'service without start/stop or unit',
            mutate: (p) => appendFileSync(p.descriptor, '\n[service db]\nrole = backend\n'),
            culprit: () => '[service db]',
            fix: /unit = NAME\.service/,
        }),
        c({
            kind: 'bad service role',
            mutate: (p) => appendFileSync(p.descriptor, '\n[service db]\nrole = database\nunit = db.service\n'),
            culprit: () => 'role = database',
            fix: /use backend or app/,
        }),
        c({
            kind: 'bad configured_if',
            mutate: (p) => descriptorEdit(p, /^\[product\]\n/m, '[product]\nconfigured_if = exists /etc/x\n'),
            culprit: () => 'configured_if',
            fix: /state:SECTION:KEY=VALUE/,
        }),
        // The build version.
        c({
            kind: 'missing build-version file',
            mutate: (p) => descriptorEdit(p, /^build_version = .*$/m, `build_version = file:${p.root}/VERSION`),
            culprit: (p) => `${p.root}/VERSION`,
            fix: /reinstall the package/,
        }),
        c({
            kind: 'empty build-version file',
            mutate: (p) => {
                writeFileSync(join(p.root, 'VERSION'), '\n');
                descriptorEdit(p, /^build_version = .*$/m, `build_version = file:${p.root}/VERSION`);
            },
            culprit: (p) => `${p.root}/VERSION`,
            fix: /reinstall the package/,
        }),
        c({
            kind: 'invalid rpm build version',
            mutate: (p) => descriptorEdit(p, /^build_version = .*$/m, 'build_version = 2.0-'),
            culprit: () => 'build_version',
            fix: /epoch:version-release/,
        }),
        c({
            kind: 'build version invalid for semver',
            mutate: (p) => descriptorEdit(p, /^build_version = .*$/m, 'version_scheme = semver\nbuild_version = 2.0'),
            culprit: () => '"2.0"',
            fix: /semver|MAJOR\.MINOR\.PATCH|e\.g\./,
        }),
        c({
            kind: 'invalid --build-version',
            mutate: () => { },
            commands: (p) => [
                ['run', p.name, '--build-version', 'x y'],
                ['check', p.name, '--build-version', 'x y'],
            ],
            status: 78,
            culprit: () => '--build-version',
            fix: /epoch:version-release/,
        }),
        // Scripts.
        c({
            kind: 'script without #!',
            mutate: (p) => writeFileSync(once(p, '3010_second'), 'echo hi\n'),
            culprit: (p) => once(p, '3010_second'),
            fix: /add one, e\.g\. #!\/bin\/sh/,
        }),
        c({
            kind: 'script not executable',
            mutate: (p) => chmodSync(once(p, '3010_second'), 0o644),
            culprit: (p) => once(p, '3010_second'),
            fix: /chmod 0755/,
        }),
        c({
            kind: 'script writable by others',
            mutate: (p) => chmodSync(once(p, '3010_second'), 0o757),
            culprit: (p) => once(p, '3010_second'),
            fix: /chmod go-w/,
        }),
        c({
            kind: 'script owned by another user',
            mutate: (p) => chownSync(once(p, '3010_second'), NOBODY, NOBODY),
            culprit: (p) => once(p, '3010_second'),
            fix: /chown root/,
        }),
        c({
            kind: 'script directory writable by others',
            mutate: (p) => chmodSync(join(p.scripts, 'once'), 0o777),
            culprit: (p) => join(p.scripts, 'once'),
            fix: /chmod go-w/,
        }),
        c({
            kind: 'scripts root writable by its group',
            mutate: (p) => chmodSync(p.scripts, 0o775),
            culprit: (p) => p.scripts,
            fix: /chmod go-w/,
        }),
        c({
            kind: 'scripts directory missing',
            mutate: (p) => rmSync(p.scripts, { recursive: true }),
            culprit: (p) => p.scripts,
            fix: /create it or fix "scripts"/,
        }),
        c({
            kind: 'typo in a script name (3 digits)',
            mutate: (p) => writeFileSync(once(p, '010_fourth'), '#!/bin/sh\n', { mode: 0o755 }),
            culprit: (p) => once(p, '010_fourth'),
            fix: /rename it/,
        }),
        c({
            kind: 'typo in a script name (no underscore)',
            mutate: (p) => writeFileSync(once(p, '0020fourth'), '#!/bin/sh\n', { mode: 0o755 }),
            culprit: (p) => once(p, '0020fourth'),
            fix: /rename it/,
        }),
        c({
            kind: 'script number in no phase',
            mutate: (p) => {
                appendFileSync(p.descriptor, '\n[phases]\noffline = 0001-1999\n');
                writeFileSync(once(p, '2500_gap'), '#!/bin/sh\n', { mode: 0o755 });
            },
            culprit: (p) => once(p, '2500_gap'),
            fix: /renumber it or fix \[phases\]/,
        }),
        c({
            kind: 'dangling script symlink',
            mutate: (p) => symlinkSync('/nonexistent/script', once(p, '0020_link')),
            culprit: (p) => once(p, '0020_link'),
            fix: /dangling link/,
        }),
        c({
            kind: 'directory with a script name',
            mutate: (p) => mkdirSync(once(p, '0020_dir')),
            culprit: (p) => once(p, '0020_dir'),
            fix: /regular file|remove|rename/,
        }),
        // The command line.
        c({
            kind: 'unknown product',
            mutate: () => { },
            commands: () => [
                ['run', 'nosuch'],
                ['gate', 'nosuch'],
                ['check', 'nosuch'],
            ],
            culprit: () => '"nosuch"',
            fix: /known products|check the name/,
        }),
        c({
            kind: 'descriptor path that does not exist',
            mutate: () => { },
            commands: (p) => [['run', join(p.root, 'etc', 'missing.conf')]],
            culprit: (p) => join(p.root, 'etc', 'missing.conf'),
            fix: /does not exist/,
        }),
        c({
            kind: 'invalid product name',
            mutate: () => { },
            commands: () => [['run', 'bad name!']],
            status: 2,
            culprit: () => '"bad name!"',
            fix: /use letters, digits/,
        }),
        c({
            kind: 'unknown command',
            mutate: () => { },
            commands: (p) => [['upgrade', p.name]],
            status: 2,
            culprit: () => '"upgrade"',
            fix: /upgrade-hook --help/,
        }),
        c({
            kind: 'unknown option',
            mutate: () => { },
            commands: (p) => [['run', p.name, '--frobnicate']],
            status: 2,
            culprit: () => '--frobnicate',
            fix: /--help/,
        }),
        c({
            kind: 'option the command does not take',
            mutate: () => { },
            commands: (p) => [['check', p.name, '--force']],
            status: 2,
            culprit: () => '--force',
            fix: /check --help/,
        }),
        c({
            kind: 'missing product argument',
            mutate: () => { },
            commands: () => [['run'], ['gate']],
            status: 2,
            culprit: () => 'NAME',
            fix: /--help/,
        }),
        c({
            kind: 'bad --wait value',
            mutate: () => { },
            commands: (p) => [['run', p.name, '--wait', 'soon']],
            status: 2,
            culprit: () => '--wait soon',
            fix: /whole number of seconds/,
        }),
    ];
}

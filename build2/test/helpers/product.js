// A throwaway product in a temp dir: descriptor, scripts, state file, var dir, log and lock dir, all
// under one root, so tests run the real tool on real files without touching the machine.
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli } from './cli.js';
export function makeProduct(name = 'acme', opts = {}) {
    const root = mkdtempSync(join(tmpdir(), 'uh-test-'));
    chmodSync(root, 0o755);
    const p = {
        root,
        name,
        confDir: join(root, 'conf'),
        scriptsDir: join(root, 'scripts'),
        stateFile: join(root, 'state', 'sysupgrade.state'),
        varDir: join(root, 'var', name),
        logFile: join(root, 'log', 'upgrade.log'),
        lockDir: join(root, 'lock'),
        evidence: join(root, 'evidence'),
        env: {},
        run: (...args) => cli(args, p.env),
        script(kind, sname, body, mode = 0o755) {
            const dir = join(p.scriptsDir, kind);
            mkdirSync(dir, { recursive: true, mode: 0o755 });
            const path = join(dir, sname);
            writeFileSync(path, body);
            chmodSync(path, mode);
            return path;
        },
        setBuild(version) {
            writeFileSync(join(root, 'VERSION'), `${version}\n`);
        },
        descriptor(extra = '', productExtra = '') {
            writeFileSync(join(p.confDir, `${name}.conf`), [
                '[product]',
                `build_version = file:${join(root, 'VERSION')}`,
                `platform = ${opts.platform ?? 'testos-1'}`,
                `state_file = ${p.stateFile}`,
                `state_section = ${name}`,
                `scripts = ${p.scriptsDir}`,
                `var_dir = ${p.varDir}`,
                `log_file = ${p.logFile}`,
                productExtra,
                extra,
                '',
            ].join('\n'));
        },
        evidenceLines: () => (existsSync(p.evidence) ? readFileSync(p.evidence, 'utf8').split('\n').filter(Boolean) : []),
        history: () => existsSync(join(p.varDir, 'history.jsonl'))
            ? readFileSync(join(p.varDir, 'history.jsonl'), 'utf8')
                .split('\n')
                .filter(Boolean)
                .map((l) => JSON.parse(l))
            : [],
        marker: () => existsSync(join(p.varDir, 'marker'))
            ? JSON.parse(readFileSync(join(p.varDir, 'marker'), 'utf8'))
            : undefined,
        cleanup: () => rmSync(root, { recursive: true, force: true }),
    };
    for (const d of [p.confDir, join(p.scriptsDir, 'always'), join(p.scriptsDir, 'once'), join(root, 'state')])
        mkdirSync(d, { recursive: true, mode: 0o755 });
    p.env = {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        LANG: 'C.UTF-8',
        UPGRADE_HOOK_CONFIG_PATH: p.confDir,
        UPGRADE_HOOK_LOCK_DIR: p.lockDir,
        UH_EVIDENCE: p.evidence,
    };
    p.setBuild(opts.build ?? '1.0-1');
    p.descriptor();
    return p;
}
/** A shell script that appends "NAME PHASE KIND" to the evidence file (scripts get a clean env: the path is baked in). */
export function evidenceScript(p, extra = '') {
    return `#!/bin/sh\necho "$(basename "$0") $UPGRADE_HOOK_PHASE $UPGRADE_HOOK_KIND" >> ${p.evidence}\n${extra}\n`;
}
/** Installs version `from`, stamps it, then moves the build to `to`: the state of a host right after `rpm -U`. */
export function installedThenUpgraded(p, from, to) {
    p.setBuild(from);
    const r = p.run('stamp', p.name);
    if (r.code !== 0)
        throw new Error(`stamp failed: ${r.stderr}`);
    p.setBuild(to);
}

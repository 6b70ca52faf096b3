// A throw-away product for the torture tests: descriptor, scripts, state file, var dir and lock dir, all
// inside one temp directory, and ways to run the real bundled tool against it.
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
export const REPO = fileURLToPath(new URL('../../..', import.meta.url));
// UPGRADE_HOOK_TORTURE_TOOL runs the suite against another bundle (e.g. a committed one: git show HEAD:dist/…).
export const TOOL = process.env.UPGRADE_HOOK_TORTURE_TOOL ?? join(REPO, 'dist/upgrade-hook.cjs');
export function makeProduct(spec = {}) {
    const name = spec.name ?? 'demo';
    const root = mkdtempSync(join(spec.parent ?? tmpdir(), 'uh-torture-'));
    chmodSync(root, 0o755);
    const p = {
        name,
        root,
        etc: join(root, 'etc'),
        descriptor: join(root, 'etc', `${name}.conf`),
        scripts: join(root, 'scripts'),
        stateFile: join(root, 'state', 'sysupgrade.state'),
        varDir: join(root, 'var'),
        history: join(root, 'var', 'history.jsonl'),
        marker: join(root, 'var', 'marker'),
        logFile: join(root, 'log', 'upgrade.log'),
        lockDir: join(root, 'lock', 'upgrade-hook'),
        evidence: join(root, 'evidence'),
        env: {},
    };
    for (const d of [
        p.etc,
        join(root, 'state'),
        p.varDir,
        join(root, 'log'),
        p.scripts,
        ...['once', 'always', 'cleanup'].map((k) => join(p.scripts, k)),
    ]) {
        mkdirSync(d, { recursive: true, mode: 0o755 });
        chmodSync(d, 0o755);
    }
    writeFileSync(p.descriptor, descriptorText(p, spec));
    if (spec.data !== undefined)
        writeFileSync(p.stateFile, `[${name}]\ndata_version = ${spec.data}\n`, { mode: 0o600 });
    for (const s of spec.scripts ?? [])
        addScript(p, s);
    p.env = productEnv(p);
    return p;
}
function descriptorText(p, spec) {
    return [
        '[product]',
        `build_version = ${spec.build ?? '2.0'}`,
        `state_file = ${p.stateFile}`,
        `state_section = ${p.name}`,
        `scripts = ${p.scripts}`,
        `var_dir = ${p.varDir}`,
        `log_file = ${p.logFile}`,
        ...(spec.productLines ?? []),
        '',
        spec.extra ?? '',
    ].join('\n');
}
export function addScript(p, s) {
    const path = join(p.scripts, s.kind, s.name);
    writeFileSync(path, s.body);
    chmodSync(path, s.mode ?? 0o755);
    return path;
}
/** A script that leaves "start NAME" and "done NAME" in the evidence file, with a short pause between. */
export function evidenceScript(p, name, sleep = '0.005') {
    return `#!/bin/sh\necho "start ${name}" >> ${p.evidence}\nsleep ${sleep}\necho "done ${name}" >> ${p.evidence}\n`;
}
/** The caller's environment without anything that would steer the tool (bridge flags, old test settings). */
export function productEnv(p) {
    const env = {};
    for (const [k, v] of Object.entries(process.env))
        if (!k.startsWith('UPGRADE_HOOK') && k !== 'SYSTEMD_OFFLINE')
            env[k] = v;
    env.UPGRADE_HOOK_CONFIG_PATH = p.etc;
    env.UPGRADE_HOOK_LOCK_DIR = p.lockDir;
    return env;
}
export function tool(p, args, timeoutMs = 60_000) {
    const t0 = Date.now();
    const r = spawnSync(process.execPath, [TOOL, ...args], {
        env: p.env,
        encoding: 'utf8',
        timeout: timeoutMs,
        stdio: ['ignore', 'pipe', 'pipe'],
    });
    return { status: r.status, signal: r.signal, stdout: r.stdout ?? '', stderr: r.stderr ?? '', ms: Date.now() - t0 };
}
/** The tool in its own process group (so a kill of -pid takes its scripts too). */
export function spawnTool(p, args) {
    return spawn(process.execPath, [TOOL, ...args], { env: p.env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
}
export function toolResult(child, t0 = Date.now()) {
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (b) => (stdout += b.toString()));
    child.stderr?.on('data', (b) => (stderr += b.toString()));
    return new Promise((resolve) => {
        child.on('close', (status, signal) => resolve({ status, signal, stdout, stderr, ms: Date.now() - t0 }));
    });
}
/** Every complete line must be a JSON record; a last line without newline is a torn record (counted). */
export function readHistoryStrict(file) {
    if (!existsSync(file))
        return { records: [], tornTail: false };
    const text = readFileSync(file, 'utf8');
    const lines = text.split('\n');
    const last = lines.pop();
    const records = lines
        .filter((l) => l !== '')
        .map((l, i) => {
        try {
            return JSON.parse(l);
        }
        catch {
            throw new Error(`${file} line ${i + 1} is not JSON: ${l.slice(0, 120)}`);
        }
    });
    return { records, tornTail: last !== '' };
}
export function readEvidence(p) {
    return existsSync(p.evidence) ? readFileSync(p.evidence, 'utf8').split('\n').filter(Boolean) : [];
}
/** Figures of a torture test, for the test's own output and for scripts/reliability-report.mjs. */
export function writeFigures(test, figures) {
    const dir = join(REPO, 'build', 'reliability');
    mkdirSync(dir, { recursive: true });
    const record = { test, at: new Date().toISOString(), ...figures };
    writeFileSync(join(dir, `${test}.json`), `${JSON.stringify(record, null, 2)}\n`);
    process.stdout.write(`# figures ${test}: ${JSON.stringify(figures)}\n`);
}
export function assertToolBuilt() {
    if (!existsSync(TOOL))
        throw new Error(`${TOOL} is missing: run npm run build first`);
}
/** Removes the product's temp dir (called when a test passed; a failure leaves it for inspection). */
export function removeProduct(p) {
    rmSync(p.root, { recursive: true, force: true });
}

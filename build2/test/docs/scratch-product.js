// A small real product in a temp directory for the docs tests: descriptor, scripts, state and lock all under
// one root, run through the bundled tool exactly as an admin would run it.
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BUNDLE } from './repo.js';
export function scratchProduct(name, extraProduct = '') {
    const root = mkdtempSync(join(tmpdir(), 'uh-docs-'));
    chmodSync(root, 0o755);
    const products = join(root, 'products.d');
    const scripts = join(root, 'upgrade.d');
    for (const d of [products, join(scripts, 'always'), join(scripts, 'once'), join(scripts, 'cleanup')])
        mkdirSync(d, { recursive: true, mode: 0o755 });
    const descriptor = join(products, `${name}.conf`);
    writeFileSync(descriptor, [
        '[product]',
        'build_version = 1.0-1',
        'platform = debian',
        `state_file = ${root}/state/sysupgrade.state`,
        `state_section = ${name}`,
        `scripts = ${scripts}`,
        `var_dir = ${root}/var`,
        `log_file = ${root}/log/upgrade.log`,
        extraProduct,
        '',
    ].join('\n'));
    const env = {
        PATH: process.env.PATH,
        LANG: 'C.UTF-8',
        UPGRADE_HOOK_CONFIG_PATH: products,
        UPGRADE_HOOK_LOCK_DIR: join(root, 'lock'),
    };
    return {
        root,
        env,
        descriptor,
        script(kind, file, body) {
            const path = join(scripts, kind, file);
            writeFileSync(path, body, { mode: 0o755 });
            chmodSync(path, 0o755);
        },
        uh(...args) {
            const r = spawnSync(process.execPath, [BUNDLE, ...args], {
                env,
                encoding: 'utf8',
                stdio: ['ignore', 'pipe', 'pipe'],
            });
            return { status: r.status, stdout: r.stdout, stderr: r.stderr };
        },
        remove() {
            rmSync(root, { recursive: true, force: true });
        },
    };
}

// A product for the rollback torture tests: its data directory ROOT/acme/data lies in a directory the
// service account (nobody) owns, as the README's /var/lib/acme/data does; a backup of data 1.0 is taken,
// then the data is "upgraded" to 2.0 (new file contents, state 2.0, build 2.0), ready to be rolled back.
import { chmodSync, chownSync, existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, writeFileSync, } from 'node:fs';
import { join } from 'node:path';
import { makeProduct, tool } from './torture-product.js';
export const NOBODY = 65534;
export const DATA_FILES = ['f01', 'f02', 'f03', 'f04', 'f05'];
export function rollbackProduct(spec = {}) {
    const p = makeProduct({ data: '1.0', build: '1.0', ...spec });
    const acme = spec.acme ?? join(p.root, 'acme');
    const data = join(acme, 'data');
    const owner = spec.owner ?? NOBODY;
    mkdirSync(data, { recursive: true });
    chmodSync(acme, 0o755);
    chownSync(acme, owner, owner);
    chownSync(data, owner, owner);
    for (const f of DATA_FILES) {
        writeFileSync(join(data, f), `${f} of 1.0\n`, { mode: 0o640 });
        chownSync(join(data, f), owner, owner);
    }
    if (spec.bigFile) {
        const big = join(data, 'big.bin');
        writeFileSync(big, Buffer.alloc(spec.bigFile, 7));
        chownSync(big, owner, owner);
    }
    // a single-file data path next to the data, in the account's directory too
    const conf = join(acme, 'acme.conf');
    if (spec.confFile) {
        writeFileSync(conf, 'conf of 1.0\n', { mode: 0o640 });
        chownSync(conf, owner, owner);
    }
    writeFileSync(p.descriptor, `${readFileSync(p.descriptor, 'utf8')}\n[backup]\npaths = ${data}${spec.confFile ? ` ${conf}` : ''}\n`);
    const b = tool(p, ['backup', p.name]);
    if (b.status !== 0)
        throw new Error(`backup: ${b.stderr}`);
    upgradeTo2(Object.assign(p, { acme, data, backups: join(p.varDir, 'backups') }));
    return Object.assign(p, { acme, data, backups: join(p.varDir, 'backups') });
}
/** What an upgrade to 2.0 would leave: new contents, the state file and the build at 2.0. */
export function upgradeTo2(p) {
    for (const f of DATA_FILES)
        if (existsSync(join(p.data, f)))
            writeFileSync(join(p.data, f), `${f} of 2.0\n`);
    const conf = join(p.acme, 'acme.conf');
    if (existsSync(conf) && !lstatSync(conf).isSymbolicLink())
        writeFileSync(conf, 'conf of 2.0\n');
    writeFileSync(p.stateFile, `[${p.name}]\ndata_version = 2.0\n`, { mode: 0o600 });
    writeFileSync(p.descriptor, readFileSync(p.descriptor, 'utf8').replace(/^build_version = .*$/m, 'build_version = 2.0'));
}
/** The work directories rollbacks left next to a path (`NAME.before-rollback-ID`). */
export function setAsideDirs(dir, name) {
    return existsSync(dir) ? readdirSync(dir).filter((n) => n.startsWith(`${name}.before-rollback-`)) : [];
}
export function dataContents(p) {
    return DATA_FILES.map((f) => existsSync(join(p.data, f)) ? readFileSync(join(p.data, f), 'utf8').trim() : `${f} missing`);
}
/**
 * The newest backup's name: rollback is named in these tests, since the data they set up is no failed
 * upgrade's (with no name, rollback goes only to the backup a failed or interrupted upgrade took).
 */
export function newestBackup(p) {
    const backups = join(p.varDir, 'backups');
    const manifests = readdirSync(backups)
        .filter((n) => !n.startsWith('.') && existsSync(join(backups, n, 'manifest.json')))
        .map((n) => ({
        n,
        m: JSON.parse(readFileSync(join(backups, n, 'manifest.json'), 'utf8')),
    }));
    manifests.sort((a, b) => (a.m.seq ?? 0) - (b.m.seq ?? 0) || a.m.createdAt.localeCompare(b.m.createdAt));
    const newest = manifests.at(-1);
    if (!newest)
        throw new Error(`no backup in ${backups}`);
    return newest.n;
}
export const contentsOf = (version) => DATA_FILES.map((f) => `${f} of ${version}`);

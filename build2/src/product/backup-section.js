import { closest } from './spelling.js';
export const BACKUP_KEYS = ['paths', 'dump', 'restore', 'dir', 'keep', 'required'];
export const DEFAULT_KEEP = 2;
/** The spellings of yes and no a descriptor accepts, as configparser's getboolean() does. */
export const BOOLEANS = {
    yes: true,
    true: true,
    on: true,
    '1': true,
    no: false,
    false: false,
    off: false,
    '0': false,
};
/** `paths` is a whitespace-separated list of absolute paths (a path with a space cannot be listed). */
export function parseBackupSection(section, varDir, at) {
    for (const [key, v] of section.keys) {
        if (BACKUP_KEYS.includes(key))
            continue;
        const guess = closest(key, BACKUP_KEYS);
        at(v, `unknown key "${key}" in [backup]${guess ? `: did you mean "${guess}"?` : `; allowed: ${BACKUP_KEYS.join(', ')}`}`);
    }
    const get = (k) => {
        const v = section.keys.get(k);
        return v && v.value !== '' ? v : undefined;
    };
    const pathsV = get('paths');
    const paths = pathsV ? pathsV.value.split(/\s+/).filter(Boolean) : [];
    for (const p of paths) {
        if (!p.startsWith('/'))
            at(pathsV, `[backup] paths: ${p} must be an absolute path (paths = /var/lib/NAME /etc/NAME)`);
        else if (normalize(p) === '/')
            at(pathsV, `[backup] paths: / is not a product's data; list the product's own directories`);
    }
    const dump = get('dump')?.value;
    const restore = get('restore')?.value;
    if (!pathsV && !dump)
        at(section, "[backup] needs paths = (the product's data directories and files) or dump = (a command that writes $UPGRADE_HOOK_DUMP_FILE)");
    if (dump && !restore)
        at(get('dump'), '[backup] dump needs restore = (the command that reads $UPGRADE_HOOK_DUMP_FILE back), or rollback could not restore it');
    if (restore && !dump)
        at(get('restore'), '[backup] restore without dump = has nothing to restore; add dump = or remove restore');
    const dirV = get('dir');
    const dir = dirV?.value ?? `${varDir}/backups`;
    if (dirV && !dirV.value.startsWith('/'))
        at(dirV, `[backup] dir = ${dirV.value}: must be an absolute path`);
    for (const p of paths) {
        if (!p.startsWith('/'))
            continue;
        if (inside(dir, p))
            at(dirV ?? pathsV, `[backup] dir ${dir} is inside the backed-up path ${p}: each backup would copy the ones before it; put dir elsewhere`);
    }
    const keepV = get('keep');
    let keep = DEFAULT_KEEP;
    if (keepV) {
        if (/^\d+$/.test(keepV.value) && Number(keepV.value) >= 1)
            keep = Number(keepV.value);
        else
            at(keepV, `[backup] keep = ${keepV.value}: use a whole number of backups, 1 or more (default ${DEFAULT_KEEP})`);
    }
    const requiredV = get('required');
    let required = true;
    if (requiredV) {
        const b = BOOLEANS[requiredV.value.toLowerCase()];
        if (b === undefined)
            at(requiredV, `[backup] required = ${requiredV.value}: use yes or no`);
        else
            required = b;
    }
    return { paths: paths.map(normalize), dump, restore, dir: normalize(dir), keep, required };
}
function normalize(p) {
    const n = p.replace(/\/+/g, '/').replace(/\/$/, '');
    return n === '' ? '/' : n;
}
/** Is `p` the directory `dir` or below it? */
export function inside(p, dir) {
    const a = normalize(p);
    const b = normalize(dir);
    return a === b || a.startsWith(b === '/' ? '/' : `${b}/`);
}

// Finds a product's descriptor files on the search path, reads them and validates the merged result.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { UpgradeHookError } from '../errors.js';
import { whyDescriptorUntrusted } from './trusted-file.js';
import { DEFAULT_SECTION, parseIniBuffer } from '../state/ini-document.js';
import { overlay } from './raw-descriptor.js';
import { validateDescriptor } from './validate.js';
export const DEFAULT_SEARCH_PATH = ['/usr/lib/upgrade-hook/products.d', '/etc/upgrade-hook/products.d'];
const NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.@+-]*$/;
/** The descriptor directories, lowest priority first; UPGRADE_HOOK_CONFIG_PATH replaces the default two. */
export function searchPath(env) {
    const custom = env.UPGRADE_HOOK_CONFIG_PATH;
    return custom ? custom.split(':').filter(Boolean) : DEFAULT_SEARCH_PATH;
}
/** A NAME with a '/' is a path to one descriptor file; otherwise NAME.conf on the search path, layered. */
export function descriptorFiles(ref, env) {
    if (ref.includes('/')) {
        if (!isFile(ref))
            throw new UpgradeHookError('DESCRIPTOR_NOT_FOUND', `descriptor file ${ref} does not exist or is not a file`);
        // the name becomes paths (var_dir's default, the lock): `...conf` would make it `..`
        const name = basename(ref).replace(/\.conf$/, '');
        if (!NAME_PATTERN.test(name)) {
            throw new UpgradeHookError('USAGE', `invalid product name "${name}" (from the file name of ${ref}): name the descriptor NAME.conf, NAME of letters, digits and . _ - @ +, starting with a letter or digit`);
        }
        return { name, files: [ref] };
    }
    if (!NAME_PATTERN.test(ref)) {
        throw new UpgradeHookError('USAGE', `invalid product name "${ref}": use letters, digits and . _ - @ +, or a path to a descriptor file`);
    }
    const dirs = searchPath(env);
    const files = dirs.map((d) => join(d, `${ref}.conf`)).filter(isFile);
    if (files.length === 0) {
        const known = listProducts(env, (dir) => readdirSync(dir));
        throw new UpgradeHookError('DESCRIPTOR_NOT_FOUND', `unknown product "${ref}": no ${ref}.conf in ${dirs.join(' or ')}`, {
            hint: `${known.length ? `known products: ${known.join(', ')}` : 'no product is installed'}; or pass the path to a descriptor file`,
        });
    }
    return { name: ref, files };
}
/**
 * Reads and validates a product's descriptor; `warn` gets one line per doubtful value that is kept.
 * `trustedUids`: owners a descriptor and its directories may have besides root (the invoking user).
 */
export function loadDescriptor(ref, env, warn = () => { }, trustedUids = [process.geteuid?.() ?? 0]) {
    const { name, files } = descriptorFiles(ref, env);
    let raw;
    for (const file of files) {
        // a descriptor holds commands root runs (start, stop, ready = exec:): only root may be able to change it
        const untrusted = whyDescriptorUntrusted(file, trustedUids);
        if (untrusted) {
            const fromEnv = env.UPGRADE_HOOK_CONFIG_PATH && !ref.includes('/')
                ? ` (found through UPGRADE_HOOK_CONFIG_PATH=${env.UPGRADE_HOOK_CONFIG_PATH}; it is honoured only for directories only root can change)`
                : '';
            throw new UpgradeHookError('UNSAFE_PATH', `refusing descriptor ${file}: ${untrusted}${fromEnv}`, {
                hint: 'nothing was run; fix the ownership and mode, or install the descriptor in /usr/lib/upgrade-hook/products.d',
            });
        }
        const layer = readRawDescriptor(name, file);
        raw = raw ? overlay(raw, layer) : layer;
    }
    const result = validateDescriptor(raw);
    const where = (p) => `${p.file} line ${p.line}: ${p.message}`;
    for (const w of result.warnings)
        warn(where(w));
    if (!result.ok) {
        throw new UpgradeHookError('DESCRIPTOR_INVALID', result.problems.map(where).join('\n'), {
            hint: `fix the descriptor, then check it with: upgrade-hook plan ${ref}`,
        });
    }
    const broad = varDirTooBroad(result.descriptor.varDir);
    if (broad)
        throw new UpgradeHookError('DESCRIPTOR_INVALID', `${files[files.length - 1]}: var_dir = ${result.descriptor.varDir} ${broad}`, { hint: `use a directory of the product's own, e.g. /var/lib/upgrade-hook/${name}` });
    return result.descriptor;
}
// The tool owns var_dir: it wipes VAR_DIR/tmp on every run. A shared system directory must not be it.
function varDirTooBroad(varDir) {
    const depth = varDir.split('/').filter(Boolean).length;
    return depth < 3
        ? "is too broad: the tool removes and recreates its tmp/ on every run, so it must be a directory of the product's own, at least three levels below /"
        : undefined;
}
function readRawDescriptor(name, file) {
    let buf;
    try {
        buf = readFileSync(file);
    }
    catch (e) {
        throw new UpgradeHookError('DESCRIPTOR_NOT_FOUND', `cannot read descriptor ${file}: ${e.message}`, {
            cause: e,
        });
    }
    const doc = parseIniBuffer(buf, file, 'DESCRIPTOR_INVALID');
    const sections = new Map();
    // DEFAULT is read too, so that validation can refuse it instead of its keys being silently ignored.
    const names = doc.headerLine(DEFAULT_SECTION) === undefined ? doc.sections() : [DEFAULT_SECTION, ...doc.sections()];
    for (const section of names) {
        const keys = new Map(doc.entries(section).map((e) => [e.key, rawValue(e, file)]));
        sections.set(section, { name: section, file, line: doc.headerLine(section), keys });
    }
    return { name, sources: [file], sections };
}
function rawValue(e, file) {
    const [first = '', ...rest] = e.value.split('\n');
    const text = rest.find((l) => l !== '');
    if (e.continuedAt === undefined || text === undefined)
        return { value: first, file, line: e.line };
    return { value: first, file, line: e.line, continuation: { line: e.continuedAt, text } };
}
function isFile(path) {
    try {
        return statSync(path).isFile();
    }
    catch {
        return false;
    }
}
/** Every product name visible on the search path (for bridge runs and shell completion). */
export function listProducts(env, readdir) {
    const names = new Set();
    for (const dir of searchPath(env)) {
        let entries = [];
        try {
            entries = readdir(dir);
        }
        catch {
            continue;
        }
        for (const e of entries)
            if (e.endsWith('.conf') && NAME_PATTERN.test(e.slice(0, -5)))
                names.add(e.slice(0, -5));
    }
    return [...names].sort();
}

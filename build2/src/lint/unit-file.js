// systemd unit files as `lint` needs them: the [Unit]/[Socket]/[Service] keys it looks at, with
// systemd's rules for lists (space-separated, an empty assignment resets), comments and continuation
// lines, and drop-ins (UNIT.d/*.conf, and TEMPLATE@.service.d for an instance) merged after the unit.
import { isDir, listDir, readText } from './probe.js';
import { join } from 'node:path';
/** Unit directories a package installs into, lowest priority first (as installed paths). */
export const UNIT_DIRS = ['/lib/systemd/system', '/usr/lib/systemd/system', '/etc/systemd/system'];
/** Parses one unit file's text into SECTION.Key → values, on top of `into`. */
export function parseUnitText(text, into = new Map()) {
    let section = '';
    const lines = text.split('\n');
    for (let i = 0; i < lines.length; i++) {
        let line = lines[i].trim();
        while (line.endsWith('\\') && i + 1 < lines.length) {
            const next = lines[++i].trim();
            line = `${line.slice(0, -1)} ${next.startsWith('#') || next.startsWith(';') ? '' : next}`.trim();
        }
        if (line === '' || line.startsWith('#') || line.startsWith(';'))
            continue;
        const header = /^\[(.+)\]$/.exec(line);
        if (header) {
            section = header[1];
            continue;
        }
        const eq = line.indexOf('=');
        if (eq < 0)
            continue;
        const key = `${section}.${line.slice(0, eq).trim()}`;
        const value = line.slice(eq + 1).trim();
        if (value === '')
            into.set(key, []);
        else
            into.set(key, [...(into.get(key) ?? []), ...value.split(/\s+/)]);
    }
    return into;
}
/** The template a unit instance comes from: acme-worker@3.service → acme-worker@.service. */
export function templateOf(unit) {
    const m = /^([^@]+)@[^.]*(\.[a-z]+)$/.exec(unit);
    return m ? `${m[1]}@${m[2]}` : undefined;
}
/** Every unit file the build root ships, by name (a later unit directory wins), with its drop-ins. */
export function readUnits(root) {
    const files = new Map();
    const dropIns = new Map();
    for (const dir of UNIT_DIRS) {
        const abs = join(root, dir);
        for (const entry of listDir(abs)) {
            const path = join(abs, entry);
            if (entry.endsWith('.d') && isDir(path)) {
                const unit = entry.slice(0, -2);
                for (const conf of listDir(path)
                    .filter((f) => f.endsWith('.conf'))
                    .sort())
                    dropIns.set(unit, [...(dropIns.get(unit) ?? []), join(dir, entry, conf)]);
            }
            else if (/\.(service|socket|timer|path|target|mount)$/.test(entry))
                files.set(entry, join(dir, entry));
        }
    }
    const units = new Map();
    for (const [name, path] of files) {
        const keys = parseUnitText(readText(join(root, path)));
        const applied = [...(dropIns.get(templateOf(name) ?? '') ?? []), ...(dropIns.get(name) ?? [])];
        for (const d of applied)
            parseUnitText(readText(join(root, d)), keys);
        units.set(name, { name, path, keys, dropIns: applied, shipped: true });
    }
    // drop-ins for units the package does not ship (e.g. a gate drop-in for another package's unit)
    for (const [name, ds] of dropIns) {
        if (units.has(name))
            continue;
        const keys = new Map();
        for (const d of ds)
            parseUnitText(readText(join(root, d)), keys);
        units.set(name, { name, path: ds[0], keys, dropIns: ds, shipped: false });
    }
    return units;
}

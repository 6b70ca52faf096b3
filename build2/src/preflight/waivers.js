// The admin's waivers: /etc/upgrade-hook/waivers.d/NAME.conf, one [waiver KEY] section each, with a reason and
// an optional last day (expires = YYYY-MM-DD). A waiver turns a preflight inhibitor into a warning; the file is
// held to the descriptors' rule (root's, in root's directories), since it lets an upgrade through.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { UpgradeHookError } from '../errors.js';
import { whyDescriptorUntrusted } from '../product/trusted-file.js';
import { parseIniBuffer } from '../state/ini-document.js';
export const DEFAULT_WAIVERS_DIR = '/etc/upgrade-hook/waivers.d';
export function waiversFile(product, env) {
    return join(env.UPGRADE_HOOK_WAIVERS_DIR || DEFAULT_WAIVERS_DIR, `${product}.conf`);
}
/** The product's waivers; none when the file does not exist. Bad content: an error naming the file and line. */
export function readWaivers(product, env, trustedUids) {
    const file = waiversFile(product, env);
    if (!existsSync(file))
        return [];
    const untrusted = whyDescriptorUntrusted(file, trustedUids);
    if (untrusted)
        throw new UpgradeHookError('UNSAFE_PATH', `refusing waivers ${file}: ${untrusted}`, {
            hint: 'a waiver lets an upgrade through: only root may be able to change the file',
        });
    const doc = parseIniBuffer(readFileSync(file), file, 'DESCRIPTOR_INVALID');
    const out = [];
    const bad = (line, why) => new UpgradeHookError('DESCRIPTOR_INVALID', `${file} line ${line ?? 1}: ${why}`, {
        hint: 'write each waiver as [waiver KEY] with reason = TEXT and, optionally, expires = YYYY-MM-DD',
    });
    for (const section of doc.sections()) {
        const m = /^waiver\s+(\S+)$/.exec(section);
        if (!m)
            throw bad(doc.headerLine(section), `unknown section [${section}]; use [waiver KEY]`);
        const keys = new Map(doc.entries(section).map((e) => [e.key, e]));
        for (const [k, e] of keys)
            if (k !== 'reason' && k !== 'expires')
                throw bad(e.line, `unknown key ${k} in [${section}]; use reason and expires`);
        const reason = keys.get('reason')?.value.trim();
        if (!reason)
            throw bad(doc.headerLine(section), `[${section}] has no reason: say why the finding is waived`);
        const expires = keys.get('expires')?.value.trim() || null;
        if (expires !== null && !validDate(expires))
            throw bad(keys.get('expires').line, `[${section}] expires = ${expires}: use a date YYYY-MM-DD`);
        out.push({ key: m[1], reason, expires, file });
    }
    return out;
}
function validDate(s) {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(s))
        return false;
    const d = new Date(`${s}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(s);
}
/** Today as YYYY-MM-DD in UTC: a waiver holds through its last day. */
export const today = (now = new Date()) => now.toISOString().slice(0, 10);
/**
 * The waivers that hold today, for the run-start record: every upgrade says which findings an admin waived.
 * A waivers file that cannot be read is preflight's to report; the upgrade records that it could not tell.
 */
export function waiversInEffect(product, env, euid) {
    let all;
    try {
        all = readWaivers(product, env, [euid]);
    }
    catch (e) {
        return { waivers: [{ key: '?', reason: `unreadable: ${e.message}`, expires: null }] };
    }
    const now = today();
    const holding = all.filter((w) => w.expires === null || w.expires >= now);
    return holding.length ? { waivers: holding.map(({ key, reason, expires }) => ({ key, reason, expires })) } : {};
}

import { templateOf } from './unit-file.js';
const OWN_UNITS = /^upgrade-hook(-finish)?@/;
export function lintUnits(d, descriptorFile, units, external, out) {
    const gate = `upgrade-hook@${d.name}.service`;
    const listed = new Map(d.services.filter((s) => s.unit).map((s) => [s.unit, s]));
    const find = (unit) => units.get(unit) ?? units.get(templateOf(unit) ?? '');
    const shipped = (unit) => find(unit)?.shipped === true;
    for (const s of d.services) {
        if (!s.unit || shipped(s.unit) || external.includes(s.unit))
            continue;
        out.error(descriptorFile, `[service ${s.name}] unit = ${s.unit}: no such unit in the build root (${unitDirsHint}); ship it, fix the name, or name it as external (another package's unit): upgrade-hook lint --root DIR ${d.name} ${s.unit} (%upgrade_hook_check ${d.name} ${s.unit})`);
    }
    for (const u of units.values()) {
        if (!u.name.endsWith('.service') || OWN_UNITS.test(u.name))
            continue;
        const spec = listed.get(u.name);
        const notGated = gateProblem(u, gate);
        const where = u.dropIns.length ? `${u.path} (with ${u.dropIns.join(', ')})` : u.path;
        if ((notGated === undefined || spec !== undefined) && isYes(last(u, 'Unit.RefuseManualStop')))
            out.error(where, `${u.name} has RefuseManualStop=yes but every upgrade of ${d.name} must stop it: systemctl stop is refused (exit 4) and the upgrade fails with the product half down; remove RefuseManualStop= (upgrade-hook refuses to upgrade while it is set)`);
        if (spec?.role === 'backend') {
            if (notGated === undefined)
                out.error(where, `${u.name} is a backend ([service ${spec.name}] role = backend) but is behind ${gate}: the upgrade needs it up in its backend phase; remove Requires=${gate} (see docs/systemd.md)`);
            continue;
        }
        if (!u.shipped)
            continue;
        if (notGated !== undefined) {
            // other units of the build root (or of the system, with --root /) are not the product's business
            if (spec !== undefined || looksLikeProduct(u.name, d.name))
                out.error(where, `${u.name} runs ${d.name}'s code but ${notGated}; add Requires=${gate} and After=${gate} to [Unit], or a drop-in (%upgrade_hook_dropin ${u.name} ${d.name})`);
            continue;
        }
        if (last(u, 'Service.Type') === 'oneshot' && !isYes(last(u, 'Service.RemainAfterExit'))) {
            out.warn(where, `${u.name} is a run-to-completion job (Type=oneshot without RemainAfterExit=yes) behind ${gate}: an upgrade stops a run in progress and leaves the next run to its timer or path unit (inactive is its success state); if nothing triggers it, it runs again only when someone starts it`);
            continue; // not an app to list: it has no readiness to wait for
        }
        if (!spec && !u.name.includes('@')) {
            out.warn(where, `${u.name} is behind ${gate} but not in the descriptor: the upgrade stops and starts it like an app but waits for no readiness; list it as [service NAME] role = app, unit = ${u.name} if the online phase needs it up`);
        }
    }
    for (const u of units.values()) {
        if (!u.name.endsWith('.socket') || !u.shipped)
            continue;
        const accept = (u.keys.get('Socket.Accept') ?? []).at(-1);
        const base = u.name.slice(0, -'.socket'.length);
        const target = (u.keys.get('Socket.Service') ?? []).at(-1) ??
            (accept && /^(yes|true|on|1)$/i.test(accept) ? `${base}@.service` : `${base}.service`);
        if (!looksLikeProduct(u.name, d.name) && !looksLikeProduct(target, d.name) && !listed.has(target))
            continue;
        const t = find(target);
        if (!t) {
            out.error(u.path, `${u.name} activates ${target}, which the build root does not ship: a connection would start it without ${gate}; ship it behind the gate or fix Service=`);
            continue;
        }
        const problem = gateProblem(t, gate);
        if (problem !== undefined)
            out.error(u.path, `${u.name} activates ${target}, which ${problem}: a connection would start new code on old data; put ${target} behind the gate (Requires=${gate}, After=${gate})`);
    }
}
const last = (u, key) => (u.keys.get(key) ?? []).at(-1);
const isYes = (v) => v !== undefined && /^(yes|true|on|1)$/i.test(v);
/** acme-web.service, acme.service, acme@x.service, acme-tasks@.service: named after product acme. */
function looksLikeProduct(unit, product) {
    return [`${product}-`, `${product}.`, `${product}@`].some((p) => unit.startsWith(p));
}
const unitDirsHint = '/usr/lib/systemd/system or /etc/systemd/system';
/** Why a unit is not behind the gate, or undefined when it is (Requires= or BindsTo=, and After=). */
export function gateProblem(u, gate) {
    const has = (key) => (u.keys.get(`Unit.${key}`) ?? []).includes(gate);
    const required = has('Requires') || has('BindsTo');
    if (!required)
        return has('Wants')
            ? `only Wants=${gate} (a failed gate would not stop the start): use Requires=`
            : `has no Requires=${gate}`;
    if (!has('After'))
        return `has Requires=${gate} but no After=${gate} (it would start alongside the gate, on old data)`;
    return undefined;
}

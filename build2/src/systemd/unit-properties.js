// `systemctl show` output as data: one block of KEY=VALUE lines per unit, blocks separated by a blank line.
// Pure, so the topology logic is tested without a systemd.
export const SHOWN_PROPERTIES = [
    'Id',
    'LoadState',
    'ActiveState',
    'Job',
    'RequiredBy',
    'BoundBy',
    'ConsistsOf',
    'WantedBy',
    'RequisiteOf',
    'Requires',
    'Wants',
    'BindsTo',
    'TriggeredBy',
    'Triggers',
    'NeedDaemonReload',
    'Markers',
    'Type',
    'RemainAfterExit',
    'Result',
    'RefuseManualStop',
];
// systemctl quotes a name that holds a backslash: "system-topo\\x2dworker.slice" is system-topo\x2dworker.slice
const unquote = (name) => name.length > 1 && name.startsWith('"') && name.endsWith('"') ? name.slice(1, -1).replace(/\\\\/g, '\\') : name;
const list = (v) => (v ?? '').split(/\s+/).filter(Boolean).map(unquote);
/** The blocks in the order systemctl printed them (the order of the units asked for). */
export function parseShow(text) {
    const units = [];
    for (const block of text.split(/\n\s*\n/)) {
        const p = new Map();
        for (const line of block.split('\n')) {
            const eq = line.indexOf('=');
            if (eq > 0)
                p.set(line.slice(0, eq), line.slice(eq + 1));
        }
        const id = p.get('Id');
        if (!id)
            continue;
        units.push({
            id,
            loadState: p.get('LoadState') ?? '',
            activeState: p.get('ActiveState') ?? '',
            job: jobType(p.get('Job')),
            stopsWithIt: [...list(p.get('RequiredBy')), ...list(p.get('BoundBy')), ...list(p.get('ConsistsOf'))],
            pulledInBy: [
                ...list(p.get('RequiredBy')),
                ...list(p.get('WantedBy')),
                ...list(p.get('BoundBy')),
                ...list(p.get('RequisiteOf')),
            ],
            pullsIn: [...list(p.get('Requires')), ...list(p.get('Wants')), ...list(p.get('BindsTo'))],
            triggeredBy: list(p.get('TriggeredBy')),
            triggers: list(p.get('Triggers')),
            needsDaemonReload: p.get('NeedDaemonReload') === 'yes',
            markers: list(p.get('Markers')),
            wantedBy: list(p.get('WantedBy')),
            type: p.get('Type') ?? '',
            remainAfterExit: p.get('RemainAfterExit') === 'yes',
            result: p.get('Result') ?? '',
            refuseManualStop: p.get('RefuseManualStop') === 'yes',
        });
    }
    return units;
}
// `Job=` is empty, "0" or "ID TYPE" depending on the systemd version.
function jobType(v) {
    const parts = (v ?? '').trim().split(/\s+/).filter(Boolean);
    if (parts.length === 0 || parts[0] === '0')
        return undefined;
    return parts[parts.length - 1];
}
/** Up, or on its way up or down: a unit a phase that needs it stopped must stop. */
export function isRunning(u) {
    return u !== undefined && ['active', 'activating', 'reloading', 'deactivating'].includes(u.activeState);
}
/** A service that runs to completion and is inactive again when it succeeded (Type=oneshot without
 * RemainAfterExit=yes: an import, a report, a cleanup started by a timer or a path unit). */
export function isRunToCompletion(u) {
    return u?.id.endsWith('.service') === true && u.type === 'oneshot' && !u.remainAfterExit;
}
/** A run-to-completion job whose last run succeeded: inactive is its success state. */
export function ranToSuccess(u) {
    return isRunToCompletion(u) && u.activeState === 'inactive' && u.result === 'success';
}

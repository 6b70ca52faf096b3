export function pickBackup(i) {
    const all = i.backups;
    if (all.length === 0)
        return {
            refuse: {
                code: 'ROLLBACK_FAILED',
                message: `${i.product}: no backup in ${i.dir}`,
                hint: `take one with: upgrade-hook backup ${i.product}`,
            },
        };
    if (i.requested !== undefined) {
        const b = all.find((x) => x.name === i.requested);
        if (b)
            return { pick: b };
        return {
            refuse: {
                code: 'USAGE',
                message: `${i.product}: no backup named ${i.requested} in ${i.dir}; there are: ${all.map((x) => x.name).join(', ')}`,
                hint: `see: upgrade-hook backup list ${i.product}`,
            },
        };
    }
    const own = [...all]
        .reverse()
        .find((b) => i.dataVersion !== undefined &&
        b.manifest.dataVersion === i.dataVersion &&
        b.manifest.upgradeTo !== null &&
        i.attemptTo.includes(b.manifest.upgradeTo));
    if (own)
        return { pick: own };
    const why = i.attemptTo.length === 0
        ? `no upgrade of this data failed or was cut short, so no backup is the obvious one to go back to`
        : `the upgrade to ${i.attemptTo[0]} took no backup of data ${i.dataVersion ?? '(unknown)'}`;
    return {
        refuse: {
            code: 'REFUSED',
            message: [
                `${i.product}: not rolling back without a backup named: ${why}; the data now on disk is ${i.dataVersion ?? 'of unknown version'}, and going back to another backup would lose data:`,
                ...[...all].reverse().map((b) => `  ${whatWouldBeLost(b, i.dataVersion)}`),
                'nothing was stopped or changed',
            ].join('\n'),
            hint: `if that loss is what you want, name the backup: upgrade-hook rollback ${i.product} BACKUP (upgrade-hook backup list ${i.product} shows them)`,
        },
    };
}
/** The marker's target, then the targets of the runs since the last successful run or stamp (`--only` runs aside). */
export function pendingTargets(markerTo, records) {
    let since = [];
    for (const r of records) {
        if (r.t === 'run-start' && r.by !== 'only' && r.only === undefined)
            since.push(r.to);
        else if ((r.t === 'run-end' && r.result === 'ok') || r.t === 'baseline')
            since = [];
    }
    return [...new Set([...(markerTo === undefined ? [] : [markerTo]), ...since])];
}
/** One line: what restoring `b` over data `now` throws away. */
export function whatWouldBeLost(b, now) {
    const m = b.manifest;
    if (now === undefined)
        return `backup ${b.name} holds ${m.dataVersion}: whatever the data became since ${m.createdAt} would be lost`;
    if (m.dataVersion !== now)
        return `backup ${b.name} holds ${m.dataVersion}: the ${m.dataVersion} -> ${now} upgrade would be lost`;
    const taken = m.trigger === 'manual' ? 'taken by hand' : `taken before an earlier attempt to upgrade to ${m.upgradeTo ?? '?'}`;
    return `backup ${b.name} holds ${m.dataVersion} (${taken} at ${m.createdAt}): the changes made to the data since then would be lost`;
}
/**
 * The places a backup would write that the descriptor does not name, one line each. A listed path that is a
 * symbolic link is restored into its target: allowed when the link still leads there (`resolved`).
 */
export function foreignTargets(m, descriptorPaths, stateFile, resolved) {
    const out = [];
    const listed = new Set(descriptorPaths);
    for (const p of m.paths) {
        if (p.link === undefined) {
            if (!listed.has(p.path))
                out.push(`${p.path} is not in [backup] paths`);
        }
        else if (!listed.has(p.link))
            out.push(`${p.link} (restored into ${p.path}) is not in [backup] paths`);
        else if (resolved(p.link) !== p.path)
            out.push(`${p.link} was a link to ${p.path} when backed up; it now leads to ${resolved(p.link) ?? 'nothing'}`);
    }
    if (m.stateFile !== stateFile)
        out.push(`its state file ${m.stateFile} is not the descriptor's (${stateFile})`);
    return out;
}

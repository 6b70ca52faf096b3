// A descriptor as read from its files, before validation: every value keeps the file and line it came from,
// so an error can point at the exact place to fix.
/** Lays a later file over an earlier one key by key (the /etc override of a /usr/lib descriptor). */
export function overlay(base, top) {
    const sections = new Map();
    for (const [name, s] of base.sections)
        sections.set(name, { ...s, keys: new Map(s.keys) });
    for (const [name, s] of top.sections) {
        const existing = sections.get(name);
        if (!existing)
            sections.set(name, { ...s, keys: new Map(s.keys) });
        else
            for (const [k, v] of s.keys)
                existing.keys.set(k, v);
    }
    return { name: base.name, sources: [...base.sources, ...top.sources], sections };
}

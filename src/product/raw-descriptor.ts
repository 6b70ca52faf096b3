// A descriptor as read from its files, before validation: every value keeps the file and line it came from,
// so an error can point at the exact place to fix.

export interface RawValue {
  /** The value's first line: what the key holds once a continuation below it is fixed. */
  value: string;
  file: string;
  line: number;
  /** An indented line under the key, which configparser reads as more of the value (never allowed). */
  continuation?: { line: number; text: string };
}

export interface RawSection {
  name: string;
  file: string;
  /** The line of the section's `[name]` header. */
  line: number;
  keys: Map<string, RawValue>;
}

export interface RawDescriptor {
  name: string;
  sources: string[];
  sections: Map<string, RawSection>;
}

/** Lays a later file over an earlier one key by key (the /etc override of a /usr/lib descriptor). */
export function overlay(base: RawDescriptor, top: RawDescriptor): RawDescriptor {
  const sections = new Map<string, RawSection>();
  for (const [name, s] of base.sections) sections.set(name, { ...s, keys: new Map(s.keys) });
  for (const [name, s] of top.sections) {
    const existing = sections.get(name);
    if (!existing) sections.set(name, { ...s, keys: new Map(s.keys) });
    else for (const [k, v] of s.keys) existing.keys.set(k, v);
  }
  return { name: base.name, sources: [...base.sources, ...top.sources], sections };
}

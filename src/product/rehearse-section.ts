// The descriptor's [rehearse] section (issue 24, docs/rehearse.md), validated (pure): the packager's hooks a
// rehearsal and the upgrade matrix run as root inside their throwaway container. Each is a /bin/sh command.
import type { RehearseHooks } from './descriptor.js';
import type { RawSection } from './raw-descriptor.js';
import { closest } from './spelling.js';

export const REHEARSE_KEYS = ['install', 'seed', 'digest', 'neutralize'] as const;

type At = (v: { file: string; line: number }, message: string) => void;

export function parseRehearseSection(section: RawSection, at: At): RehearseHooks {
  for (const [key, v] of section.keys) {
    if ((REHEARSE_KEYS as readonly string[]).includes(key)) continue;
    const guess = closest(key, REHEARSE_KEYS);
    at(
      v,
      `unknown key "${key}" in [rehearse]${guess ? `: did you mean "${guess}"?` : `; allowed: ${REHEARSE_KEYS.join(', ')}`}`,
    );
  }
  const get = (k: string): string | undefined => {
    const v = section.keys.get(k)?.value.trim();
    return v ? v : undefined;
  };
  return { install: get('install'), seed: get('seed'), digest: get('digest'), neutralize: get('neutralize') };
}

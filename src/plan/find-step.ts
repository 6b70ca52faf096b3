// A step as the admin names it on the command line: `0020_fix_index`, or `once/0020_fix_index` when an
// always- and a once-script share the name. A name that matches nothing lists the close matches.
import { UpgradeHookError } from '../errors.js';
import { closeMatches } from '../product/spelling.js';
import type { ScriptFile } from '../script/script.js';

export function findStep(ref: string, scripts: readonly ScriptFile[], product: string): ScriptFile {
  const slash = ref.indexOf('/');
  const kind = slash > 0 ? ref.slice(0, slash) : undefined;
  const name = slash > 0 ? ref.slice(slash + 1) : ref;
  const hits = scripts.filter((s) => s.name === name && (kind === undefined || s.kind === kind));
  if (hits.length === 1) return hits[0]!;
  if (hits.length > 1) {
    throw new UpgradeHookError(
      'USAGE',
      `${product}: "${ref}" is ${hits.map((s) => `${s.kind}/${s.name}`).join(' and ')}: name one`,
      { hint: `e.g. ${hits[0]!.kind}/${hits[0]!.name}` },
    );
  }
  const all = scripts.map((s) => `${s.kind}/${s.name}`);
  const close = closeMatches(ref, all);
  throw new UpgradeHookError(
    'USAGE',
    `${product}: no step "${ref}"${close.length ? `; close matches: ${close.join(', ')}` : all.length ? '' : ' (the product has no scripts)'}`,
    {
      hint: `see the steps with: upgrade-hook plan ${product}`,
    },
  );
}

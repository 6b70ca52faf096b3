// Whether root may act on a descriptor: the file and every directory from / down to it root's (or a
// trusted uid's) and writable by nobody else (fs/secure-path.ts), checked on its real path.
import { lstatSync, realpathSync } from 'node:fs';
import { dirname } from 'node:path';
import { unsafeAncestor } from '../fs/secure-path.js';

/** Why the file cannot be trusted, or undefined. */
export function whyDescriptorUntrusted(file: string, trustedUids: readonly number[]): string | undefined {
  let real: string;
  try {
    real = realpathSync(file);
  } catch (e) {
    return `it cannot be resolved (${(e as NodeJS.ErrnoException).code})`;
  }
  const ancestor = unsafeAncestor(dirname(real), trustedUids);
  if (ancestor) return `${ancestor.path} ${ancestor.why}`;
  const st = lstatSync(real);
  const via = real === file ? '' : ` (${file} leads to ${real})`;
  if (st.uid !== 0 && !trustedUids.includes(st.uid))
    return `it is owned by uid ${st.uid}, not root${via}: chown root it`;
  if (st.mode & 0o022) return `it is writable by ${st.mode & 0o002 ? 'anyone' : 'its group'}${via}: chmod go-w it`;
  return undefined;
}

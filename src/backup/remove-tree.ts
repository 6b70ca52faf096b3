// Removes a tree below a held directory without ever following a link: each directory is opened by its
// parent's descriptor (O_NOFOLLOW) and emptied through that descriptor, so a subdirectory swapped for a
// link to /etc midway costs only the link. Used wherever root removes what lies in a directory another
// user can write (the data a rollback set aside, a partial restore).
import { readdirSync, rmdirSync, unlinkSync } from 'node:fs';
import { HeldDir } from './held-dir.js';

// how often one name is looked at again after it changed under us: someone may keep changing it
const MAX_ATTEMPTS = 10;

/** Removes `name` inside `dir` (a file, a link, or a whole directory); nothing there is fine. */
export function removeEntry(dir: HeldDir, name: string): void {
  for (let attempt = 0; ; attempt++) {
    const st = dir.lstatIn(name);
    if (!st) return;
    if (!st.isDirectory()) {
      try {
        unlinkSync(dir.at(name));
        return;
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        if (code === 'ENOENT') return;
        // a directory swapped back in since the lstat (Linux says EISDIR, POSIX allows EPERM): go round again
        if ((code === 'EISDIR' || code === 'EPERM') && attempt < MAX_ATTEMPTS) continue;
        throw e;
      }
    }
    let sub: HeldDir;
    try {
      sub = HeldDir.openIn(dir, name);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') return;
      // swapped for a link or a file since the lstat: go round again and remove that instead
      if ((code === 'ELOOP' || code === 'ENOTDIR') && attempt < MAX_ATTEMPTS) continue;
      throw e;
    }
    try {
      removeContents(sub);
    } finally {
      sub.close();
    }
    try {
      rmdirSync(dir.at(name));
      return;
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') return;
      // something was added or swapped in meanwhile: empty it again
      if ((code === 'ENOTEMPTY' || code === 'EEXIST' || code === 'ENOTDIR') && attempt < MAX_ATTEMPTS) continue;
      throw e;
    }
  }
}

/** Removes everything inside `dir`, except the names `keep` says to keep. */
export function removeContents(dir: HeldDir, keep: (name: string) => boolean = () => false): void {
  for (const name of readdirSync(dir.self())) if (!keep(name)) removeEntry(dir, name);
}

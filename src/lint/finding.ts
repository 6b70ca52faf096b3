// What `upgrade-hook lint` reports: one finding per mistake, naming the file as it will be installed.

export interface Finding {
  level: 'error' | 'warning';
  /** The path as installed (the build root stripped), e.g. /usr/share/acme/upgrade.d/once/3100_x. */
  file: string;
  message: string;
}

export class Findings {
  readonly all: Finding[] = [];
  error(file: string, message: string): void {
    this.all.push({ level: 'error', file, message });
  }
  warn(file: string, message: string): void {
    this.all.push({ level: 'warning', file, message });
  }
  get errors(): number {
    return this.all.filter((f) => f.level === 'error').length;
  }
  get warnings(): number {
    return this.all.filter((f) => f.level === 'warning').length;
  }
}

/** A path of the build root as it will be installed: /BUILDROOT/usr/x → /usr/x. */
export function installedPath(root: string, path: string): string {
  const r = root.replace(/\/+$/, '');
  if (r === '' || r === '/') return path;
  return path === r ? '/' : path.startsWith(`${r}/`) ? path.slice(r.length) : path;
}

/** An installed path inside the build root: /usr/x → /BUILDROOT/usr/x. */
export function underRoot(root: string, path: string): string {
  const r = root.replace(/\/+$/, '');
  return `${r}${path.startsWith('/') ? '' : '/'}${path}`;
}

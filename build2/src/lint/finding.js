// What `upgrade-hook lint` reports: one finding per mistake, naming the file as it will be installed.
export class Findings {
    all = [];
    error(file, message) {
        this.all.push({ level: 'error', file, message });
    }
    warn(file, message) {
        this.all.push({ level: 'warning', file, message });
    }
    get errors() {
        return this.all.filter((f) => f.level === 'error').length;
    }
    get warnings() {
        return this.all.filter((f) => f.level === 'warning').length;
    }
}
/** A path of the build root as it will be installed: /BUILDROOT/usr/x → /usr/x. */
export function installedPath(root, path) {
    const r = root.replace(/\/+$/, '');
    if (r === '' || r === '/')
        return path;
    return path === r ? '/' : path.startsWith(`${r}/`) ? path.slice(r.length) : path;
}
/** An installed path inside the build root: /usr/x → /BUILDROOT/usr/x. */
export function underRoot(root, path) {
    const r = root.replace(/\/+$/, '');
    return `${r}${path.startsWith('/') ? '' : '/'}${path}`;
}

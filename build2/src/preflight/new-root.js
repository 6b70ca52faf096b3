// The new build as a package would install it, read from DIR (the files a dnf plugin extracted from the
// downloaded RPM into a root-only directory): its vendor descriptor with the host's admin overrides on top,
// and the package's own paths (scripts, checks, the version and platform files) taken from DIR. The data
// paths (state file, var_dir, backups) stay the host's: preflight judges the new rules against today's data.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { UpgradeHookError } from '../errors.js';
import { loadDescriptor, searchPath } from '../product/load.js';
export function loadNewBuild(name, newRoot, env, warn, trustedUids) {
    // the first directory of the search path is the vendor's (/usr/lib/upgrade-hook/products.d), the rest the admin's
    const [vendor = '', ...admin] = searchPath(env);
    const inRoot = (p) => join(newRoot, p);
    if (!existsSync(inRoot(join(vendor, `${name}.conf`))))
        throw new UpgradeHookError('DESCRIPTOR_NOT_FOUND', `the new build in ${newRoot} has no ${join(vendor, `${name}.conf`)}: it is not a build of ${name}`, { hint: `pass the directory holding the new package's files: upgrade-hook preflight ${name} --new-root DIR` });
    const d = loadDescriptor(name, { ...env, UPGRADE_HOOK_CONFIG_PATH: [inRoot(vendor), ...admin].join(':') }, warn, trustedUids);
    // a path the new package ships is read from DIR; one it does not (an admin's) stays the host's
    const packaged = (p) => (existsSync(inRoot(p)) ? inRoot(p) : p);
    const source = (s) => s?.kind === 'file' ? { ...s, path: packaged(s.path) } : s;
    return {
        ...d,
        buildVersion: source(d.buildVersion),
        platform: source(d.platform),
        scriptsDir: packaged(d.scriptsDir),
        checksDir: d.checksDir === undefined ? undefined : packaged(d.checksDir),
    };
}

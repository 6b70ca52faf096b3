// Resolves what the installed code is: its build version and platform, from a file, the rpmdb or a literal.
import { readFileSync } from 'node:fs';
import { UpgradeHookError } from '../errors.js';
import { validateVersion } from '../version/index.js';
import { buildVersionDisagreement } from './build-agreement.js';
export function resolveBuildInfo(d, override, rpmQuery) {
    const version = override ?? resolve(d.buildVersion, 'build_version', rpmQuery);
    validateVersion(d.versionScheme, version, override !== undefined ? '--build-version' : describe(d.buildVersion, 'build_version'));
    const platform = d.platform ? resolve(d.platform, 'platform', rpmQuery) : undefined;
    return { version, platform };
}
/** Why the package's version (posttrans/plan --build-version) disagrees with the descriptor's build, or undefined. */
export function disagreementWithDescriptor(d, fromPackage, descriptorBuild) {
    validateVersion(d.versionScheme, fromPackage, '--build-version');
    return buildVersionDisagreement(d.versionScheme, fromPackage, descriptorBuild.version, describe(d.buildVersion, 'build_version'));
}
function describe(src, key) {
    if (src.kind === 'file')
        return `${key} (file ${src.path})`;
    if (src.kind === 'rpm')
        return `${key} (rpm package ${src.package})`;
    return `${key} (descriptor)`;
}
function resolve(src, key, rpmQuery) {
    if (src.kind === 'literal')
        return src.value;
    if (src.kind === 'rpm')
        return rpmQuery(src.package);
    let text;
    try {
        text = readFileSync(src.path, 'utf8');
    }
    catch (e) {
        throw new UpgradeHookError('BUILD_VERSION_UNAVAILABLE', `cannot read ${key} from ${src.path}: ${e.code ?? e.message}`, {
            hint: `reinstall the package that owns ${src.path}, or fix ${key} in the descriptor`,
            cause: e,
        });
    }
    const value = text.split('\n')[0].trim();
    if (value === '') {
        throw new UpgradeHookError('BUILD_VERSION_UNAVAILABLE', `${src.path} is empty: it should hold the ${key} on its first line`, {
            hint: `reinstall the package that owns ${src.path}, or fix ${key} in the descriptor`,
        });
    }
    return value;
}

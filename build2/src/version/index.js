// Version schemes a product can declare (`version_scheme` in its descriptor): validation with messages
// that say where a bad value came from, and a three-way comparison. Pure: no I/O.
import { UpgradeHookError } from '../errors.js';
import { compareEvr, parseEvr } from './evr.js';
import { compareSemver, validateSemver } from './semver-scheme.js';
export const VERSION_SCHEMES = ['rpm', 'semver'];
export { rpmvercmp } from './rpmvercmp.js';
export { compareEvr, formatEvr, parseEvr } from './evr.js';
export function isVersionScheme(value) {
    return VERSION_SCHEMES.includes(value);
}
/** -1, 0 or 1 as a is older than, the same as, or newer than b; throws VERSION_INVALID on a bad value. */
export function compareVersions(scheme, a, b) {
    switch (scheme) {
        case 'rpm':
            return compareEvr(parseEvr(a), parseEvr(b));
        case 'semver':
            return compareSemver(a, b);
        default:
            throw unknownScheme(scheme);
    }
}
/**
 * Throws VERSION_INVALID unless value is valid in scheme. origin says where the value came from and is
 * part of the message, e.g. "build_version (file /usr/share/acme/VERSION)".
 */
export function validateVersion(scheme, value, origin) {
    switch (scheme) {
        case 'rpm':
            parseEvr(value, origin);
            return;
        case 'semver':
            validateSemver(value, origin);
            return;
        default:
            throw unknownScheme(scheme);
    }
}
// Only reachable from untyped callers (a descriptor value passed through without isVersionScheme).
function unknownScheme(scheme) {
    return new UpgradeHookError('DESCRIPTOR_INVALID', `unknown version scheme ${JSON.stringify(scheme)} (use one of: ${VERSION_SCHEMES.join(', ')})`);
}

// The semver scheme (https://semver.org 2.0.0) through the `semver` package, strict mode: prerelease
// versions sort before their release, build metadata ("+build.5") is ignored when comparing.
// Only the two functions, not semver's index: it loads every module of the package (ranges, coerce, …).
import semverCompare from 'semver/functions/compare.js';
import semverValid from 'semver/functions/valid.js';
import { UpgradeHookError } from '../errors.js';
import { describeBlankOrControl, describeInvalid } from './invalid.js';
const SEMVER_HINT = 'use MAJOR.MINOR.PATCH[-prerelease][+build], e.g. 2.3.4 or 2.3.4-rc.1';
/** Throws VERSION_INVALID unless value is a strict semver version ("v1.2.3" is accepted, as by semver). */
export function validateSemver(value, origin) {
    const fail = (problem) => {
        throw new UpgradeHookError('VERSION_INVALID', describeInvalid('semver', value, origin, problem, SEMVER_HINT));
    };
    if (value === '')
        fail('the value is empty');
    // semver.valid() trims; a stored version must be the exact token, so blanks are refused here.
    const blank = describeBlankOrControl(value);
    if (blank !== undefined)
        fail(blank);
    if (semverValid(value, { loose: false }) === null)
        fail('it is not a semantic version');
}
export function compareSemver(a, b) {
    validateSemver(a);
    validateSemver(b);
    return semverCompare(a, b, { loose: false });
}

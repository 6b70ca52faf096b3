// rpm "epoch:version-release" strings: strict parsing (a bad build or data version must stop the tool
// with a message that names the value and the fix) and comparison the way rpm compares EVRs.
//
// Comparison = rpm's rpmverCmp() (lib/rpmver.c, what `rpm.vercmp` in rpm's Lua uses since 4.16):
// epoch numerically (missing = 0), then version, then release, each with rpmvercmp.
// One-sided release (agreed rule, and also exactly what rpmverCmp does): when only one side has a
// release, the side WITH a release is newer, so 1.0 < 1.0-1 and 1:2.0 < 1:2.0-0. This is NOT rpm's
// dependency-matching rule (rpmdsCompare, where "Requires: x >= 1.0" ignores the release and 1.0
// matches 1.0-1): a data version is an exact stamp, and data stamped 1.0-1 must not count as up to
// date for a build that only says 1.0, nor the other way round.
import { UpgradeHookError } from '../errors.js';
import { codePoint, describeBlankOrControl, describeInvalid } from './invalid.js';
import { rpmvercmp } from './rpmvercmp.js';
const FORMAT_HINT = 'use epoch:version-release, e.g. 1:2.3-4';
const ALLOWED_CHARS = 'letters, digits and . _ + ~ ^ (plus one ":" after the epoch and one "-" before the release)';
/** Parses and validates an EVR; throws VERSION_INVALID naming the value, its origin and what is wrong. */
export function parseEvr(value, origin) {
    const fail = (problem) => {
        throw new UpgradeHookError('VERSION_INVALID', describeInvalid('rpm', value, origin, problem, FORMAT_HINT));
    };
    if (value === '')
        fail('the value is empty');
    const badChar = firstForbiddenChar(value);
    if (badChar !== undefined)
        fail(badChar);
    const colons = value.split(':').length - 1;
    if (colons > 1)
        fail(`it has ${colons} ":" but only one is allowed, after the epoch`);
    let epoch = '0';
    let rest = value;
    if (colons === 1) {
        const [rawEpoch = '', afterColon = ''] = value.split(':');
        if (rawEpoch === '')
            fail('the epoch before ":" is empty');
        if (rawEpoch.startsWith('-'))
            fail(`the epoch "${rawEpoch}" is negative`);
        if (!/^[0-9]+$/.test(rawEpoch))
            fail(`the epoch "${rawEpoch}" is not a number`);
        epoch = rawEpoch.replace(/^0+(?=.)/, '');
        rest = afterColon;
    }
    const dashes = rest.split('-').length - 1;
    if (dashes > 1)
        fail(`it has ${dashes} "-" but rpm allows "-" only once, between version and release`);
    // rpm splits the release off at the last '-' (parseEVR's strrchr); with at most one it is the only one.
    const cut = rest.lastIndexOf('-');
    const version = cut === -1 ? rest : rest.slice(0, cut);
    const release = cut === -1 ? undefined : rest.slice(cut + 1);
    if (version === '')
        fail(colons === 1 ? 'the version after ":" is empty' : 'the version is empty');
    if (release === '')
        fail('the release after "-" is empty');
    return { epoch, version, release };
}
/** Orders two parsed EVRs: epoch, then version, then release (a missing release is older). */
export function compareEvr(a, b) {
    // Both epochs are digit strings without leading zeros: rpmvercmp orders them numerically at any length.
    const byEpoch = rpmvercmp(a.epoch, b.epoch);
    if (byEpoch !== 0)
        return byEpoch;
    const byVersion = rpmvercmp(a.version, b.version);
    if (byVersion !== 0)
        return byVersion;
    if (a.release === undefined || b.release === undefined) {
        if (a.release === b.release)
            return 0;
        return a.release === undefined ? -1 : 1;
    }
    return rpmvercmp(a.release, b.release);
}
/** The canonical string: epoch shown only when not 0. */
export function formatEvr(evr) {
    const epoch = evr.epoch === '0' ? '' : `${evr.epoch}:`;
    return `${epoch}${evr.version}${evr.release === undefined ? '' : `-${evr.release}`}`;
}
// The first character rpm would not accept in a version, described for a human; undefined if none.
function firstForbiddenChar(value) {
    if (/^[A-Za-z0-9._+~^:-]*$/.test(value))
        return undefined;
    const blank = describeBlankOrControl(value);
    if (blank !== undefined)
        return blank;
    for (const ch of value) {
        if (/^[A-Za-z0-9._+~^:-]$/.test(ch))
            continue;
        const what = ch.charCodeAt(0) > 0x7f ? `non-ASCII character "${ch}" (${codePoint(ch)})` : `character "${ch}"`;
        return `${what} is not allowed; rpm versions allow ${ALLOWED_CHARS}`;
    }
    return undefined;
}

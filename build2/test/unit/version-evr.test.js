// EVR parsing, validation messages and comparison (the one-sided release rule included).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { UpgradeHookError } from '../../src/errors.js';
import { compareVersions, formatEvr, parseEvr, validateVersion } from '../../src/version/index.js';
import { EVR_ORDERING } from './version-tables.js';
test('parses epoch:version-release, missing epoch = 0, missing release = undefined', () => {
    assert.deepEqual(parseEvr('1:2.3-4'), { epoch: '1', version: '2.3', release: '4' });
    assert.deepEqual(parseEvr('2.3-4.el9'), { epoch: '0', version: '2.3', release: '4.el9' });
    assert.deepEqual(parseEvr('2.3'), { epoch: '0', version: '2.3', release: undefined });
    assert.deepEqual(parseEvr('007:1.0~rc1^git2'), { epoch: '7', version: '1.0~rc1^git2', release: undefined });
    assert.deepEqual(parseEvr('0:1_2+3'), { epoch: '0', version: '1_2+3', release: undefined });
    assert.equal(formatEvr(parseEvr('0:1.0-1')), '1.0-1');
    assert.equal(formatEvr(parseEvr('03:1.0')), '3:1.0');
});
const invalid = [
    ['', /: the value is empty \(use epoch:version-release, e\.g\. 1:2\.3-4\)$/],
    [
        '1..0-x y',
        /^invalid rpm version "1\.\.0-x y": space is not allowed \(use epoch:version-release, e\.g\. 1:2\.3-4\)$/,
    ],
    [' 1.0', /space is not allowed/],
    ['1.0\n', /^invalid rpm version "1\.0\\n": newline is not allowed/],
    ['1.0\r', /carriage return is not allowed/],
    ['1\t0', /tab is not allowed/],
    ['1.0\0', /control character U\+0000 is not allowed/],
    ['1.0\x1b', /control character U\+001B is not allowed/],
    ['1.0\u0085', /control character U\+0085 is not allowed/],
    ['1.0\u00a0', /whitespace U\+00A0 is not allowed/],
    ['1.0é', /non-ASCII character "é" \(U\+00E9\) is not allowed; rpm versions allow letters, digits and \. _ \+ ~ \^/],
    ['1.0/2', /character "\/" is not allowed/],
    ['1.0%{x}', /character "%" is not allowed/],
    ['1,0', /character "," is not allowed/],
    ['1:2:3', /it has 2 ":" but only one is allowed, after the epoch/],
    [':1.0', /the epoch before ":" is empty/],
    ['-1:1.0', /the epoch "-1" is negative/],
    ['a:1.0', /the epoch "a" is not a number/],
    ['1.5:1.0', /the epoch "1\.5" is not a number/],
    ['1:', /the version after ":" is empty/],
    ['1:-1', /the version after ":" is empty/],
    ['-1', /the version is empty/],
    ['1.0-', /the release after "-" is empty/],
    ['1:1.0-', /the release after "-" is empty/],
    ['1-2-3', /it has 2 "-" but rpm allows "-" only once, between version and release/],
];
test('invalid rpm versions are refused with VERSION_INVALID, naming the value and the problem', () => {
    for (const [value, message] of invalid) {
        assert.throws(() => parseEvr(value), (e) => e instanceof UpgradeHookError && e.code === 'VERSION_INVALID' && e.exitStatus === 78 && message.test(e.message), `${JSON.stringify(value)} should fail with ${message}`);
        assert.throws(() => compareVersions('rpm', value, '1.0'), { code: 'VERSION_INVALID' });
        assert.throws(() => compareVersions('rpm', '1.0', value), { code: 'VERSION_INVALID' });
    }
});
test('validateVersion names where the value came from', () => {
    const origin = 'build_version (file /usr/share/acme/VERSION)';
    assert.throws(() => validateVersion('rpm', '2.3-4\n', origin), {
        code: 'VERSION_INVALID',
        message: 'invalid rpm version "2.3-4\\n" in build_version (file /usr/share/acme/VERSION): newline is not allowed (use epoch:version-release, e.g. 1:2.3-4)',
    });
    assert.doesNotThrow(() => validateVersion('rpm', '1:2.3-4.el9_2', origin));
    const long = `${'1.'.repeat(100)}x y`;
    assert.throws(() => validateVersion('rpm', long, 'data_version'), (e) => {
        const msg = e.message;
        return msg.includes('..." in data_version: space is not allowed') && msg.length < 200;
    });
});
test('EVR ordering: epoch, then version, then release; one-sided release is newer', () => {
    for (const [a, b, expected] of EVR_ORDERING) {
        assert.equal(compareVersions('rpm', a, b), expected, `compare(${a}, ${b})`);
        assert.equal(compareVersions('rpm', b, a), -expected || 0, `compare(${b}, ${a})`);
    }
});

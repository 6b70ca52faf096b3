// The semver scheme: strict validation with clear messages, semver 2.0.0 precedence.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compareVersions, isVersionScheme, validateVersion, VERSION_SCHEMES } from '../../src/version/index.js';
test('prerelease ordering follows semver 2.0.0 (its own example chain)', () => {
    const chain = [
        '1.0.0-alpha',
        '1.0.0-alpha.1',
        '1.0.0-alpha.beta',
        '1.0.0-beta',
        '1.0.0-beta.2',
        '1.0.0-beta.11',
        '1.0.0-rc.1',
        '1.0.0',
        '1.0.1',
        '1.1.0',
        '2.0.0-0',
        '2.0.0',
        '10.0.0',
    ];
    for (let i = 0; i < chain.length; i++) {
        for (let j = 0; j < chain.length; j++) {
            const a = chain[i];
            const b = chain[j];
            assert.equal(compareVersions('semver', a, b), Math.sign(i - j) || 0, `${a} vs ${b}`);
        }
    }
});
test('build metadata is ignored, a leading v is accepted', () => {
    assert.equal(compareVersions('semver', '1.0.0+build.1', '1.0.0+build.2'), 0);
    assert.equal(compareVersions('semver', '1.0.0+zzz', '1.0.0'), 0);
    assert.equal(compareVersions('semver', '1.0.0-rc.1+b', '1.0.0'), -1);
    assert.equal(compareVersions('semver', 'v1.2.3', '1.2.3'), 0);
});
const invalid = [
    [
        '',
        /^invalid semver version "" in build_version: the value is empty \(use MAJOR\.MINOR\.PATCH\[-prerelease\]\[\+build\], e\.g\. 2\.3\.4 or 2\.3\.4-rc\.1\)$/,
    ],
    ['1.2', /^invalid semver version "1\.2" in build_version: it is not a semantic version \(use MAJOR/],
    ['1.2.3.4', /"1\.2\.3\.4" in build_version: it is not a semantic version/],
    ['01.2.3', /it is not a semantic version/],
    ['1.2.3-01', /it is not a semantic version/], // numeric prerelease ids have no leading zeros
    ['1:1.2.3', /it is not a semantic version/],
    [' 1.2.3', /space is not allowed/],
    ['1.2.3\n', /newline is not allowed/],
];
test('invalid semver values are refused with VERSION_INVALID naming the value and origin', () => {
    for (const [value, message] of invalid) {
        assert.throws(() => validateVersion('semver', value, 'build_version'), { code: 'VERSION_INVALID', message }, JSON.stringify(value));
        assert.throws(() => compareVersions('semver', value, '1.0.0'), { code: 'VERSION_INVALID' });
    }
});
test('an rpm-style release is a semver prerelease: valid, and older than the release', () => {
    assert.doesNotThrow(() => validateVersion('semver', '1.2.3-4.el9', 'build_version'));
    assert.equal(compareVersions('semver', '1.2.3-4.el9', '1.2.3'), -1);
});
test('scheme names', () => {
    assert.deepEqual([...VERSION_SCHEMES], ['rpm', 'semver']);
    assert.ok(isVersionScheme('rpm') && isVersionScheme('semver'));
    assert.ok(!isVersionScheme('RPM') && !isVersionScheme('deb'));
    assert.throws(() => compareVersions('deb', '1', '2'), {
        code: 'DESCRIPTOR_INVALID',
        message: /unknown version scheme "deb" \(use one of: rpm, semver\)/,
    });
});

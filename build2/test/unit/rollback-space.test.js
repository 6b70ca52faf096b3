// The rollback's space rule (src/backup/rollback-space.ts): per filesystem, what is restored onto it plus
// headroom against what is free there (and what an interrupted attempt's partial restore frees first).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { rollbackHeadroom, rollbackSpaceProblem } from '../../src/backup/rollback-space.js';
const MiB = 1024 * 1024;
const w = (dev, on, free, bytes, freed = 0) => ({
    dev,
    on,
    free: free * MiB,
    bytes: bytes * MiB,
    freed: freed * MiB,
});
test('rollback space: a table of filesystems, writes and free space', () => {
    const rows = [
        ['nothing restored (every path absent in the backup)', [w(1, '/var/lib/acme', 0, 0)], undefined],
        ['room enough on the one filesystem', [w(1, '/var/lib/acme', 100, 50)], undefined],
        [
            'exactly the bytes, no headroom: refused',
            [w(1, '/var/lib/acme', 50, 50)],
            /needs 51\.8 MiB .* has 50\.0 MiB free; free 1\.8 MiB there/,
        ],
        [
            'two paths on one filesystem add up',
            [w(1, '/var/lib/acme', 100, 60), w(1, '/etc/acme', 100, 60)],
            /the filesystem of \/var\/lib\/acme, \/etc\/acme needs 123 MiB \(120 MiB restored/,
        ],
        ['two filesystems are judged apart', [w(1, '/var/lib/acme', 100, 60), w(2, '/srv', 100, 60)], undefined],
        [
            'only the short one is named',
            [w(1, '/var/lib/acme', 100, 60), w(2, '/srv', 10, 60)],
            /^not enough space to roll back \(the data replaced is kept aside\): the filesystem of \/srv needs [^;]*; free [\d.]+ MiB there$/,
        ],
        ['an interrupted attempt frees its partial restore first', [w(1, '/var/lib/acme', 10, 50, 45)], undefined],
        [
            'and says so when that is not enough',
            [w(1, '/var/lib/acme', 1, 50, 20)],
            /counting 20\.0 MiB of an interrupted attempt's partial restore/,
        ],
    ];
    for (const [name, writes, want] of rows) {
        const got = rollbackSpaceProblem(writes);
        if (want === undefined)
            assert.equal(got, undefined, name);
        else
            assert.match(got ?? '', want, name);
    }
    assert.equal(rollbackHeadroom(0), MiB);
    assert.equal(rollbackHeadroom(64 * MiB), 2 * MiB);
});

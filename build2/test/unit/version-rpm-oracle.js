// The real rpm as an oracle: compares many pairs with rpm's own Lua `rpm.vercmp` in one `rpm --eval`.
// rpm 4.16+ implements rpm.vercmp as rpmverCmp(rpmverParse(a), rpmverParse(b)): full epoch:version-release
// comparison (missing epoch = 0, a missing release older than any release). For strings without ':' and
// '-' that is exactly rpmvercmp(a, b). rpm.vercmp raises an error on an empty string: callers avoid it.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
/** rpm --version, or a thrown Error telling how to install rpm (the oracle tests must fail, not skip). */
export function rpmVersion() {
    try {
        return execFileSync('rpm', ['--version'], { encoding: 'utf8' }).trim();
    }
    catch (e) {
        throw new Error(`the rpm oracle needs the real rpm: apt-get install rpm (${e.message})`);
    }
}
/** rpm.vercmp(a, b) for every pair, in order. */
export function rpmVercmpBatch(pairs) {
    rpmVersion();
    for (const [a, b] of pairs) {
        if (a === '' || b === '' || /[\t\n\r\0]/.test(a + b))
            throw new Error(`pair not representable: ${JSON.stringify([a, b])}`);
    }
    const dir = mkdtempSync(join(tmpdir(), 'uh-vercmp-'));
    try {
        const pairsFile = join(dir, 'pairs.tsv');
        const script = join(dir, 'vercmp.lua');
        writeFileSync(pairsFile, pairs.map(([a, b]) => `${a}\t${b}\n`).join(''));
        writeFileSync(script, [
            'local out = {}',
            `for line in io.lines(${JSON.stringify(pairsFile)}) do`,
            '  local a, b = line:match("^([^\\t]*)\\t([^\\t]*)$")',
            '  out[#out + 1] = tostring(rpm.vercmp(a, b))',
            'end',
            'io.write(table.concat(out, "\\n"), "\\n")',
        ].join('\n'));
        const stdout = execFileSync('rpm', ['--eval', `%{lua: dofile(${JSON.stringify(script)})}`], {
            encoding: 'utf8',
            maxBuffer: 64 * 1024 * 1024,
        });
        const results = stdout.split('\n').filter((line) => line !== '');
        if (results.length !== pairs.length) {
            throw new Error(`rpm answered ${results.length} lines for ${pairs.length} pairs: ${stdout.slice(0, 300)}`);
        }
        return results.map((line, i) => {
            const n = Number(line);
            if (n !== -1 && n !== 0 && n !== 1)
                throw new Error(`rpm answered ${JSON.stringify(line)} for pair ${i}`);
            return n;
        });
    }
    finally {
        rmSync(dir, { recursive: true, force: true });
    }
}

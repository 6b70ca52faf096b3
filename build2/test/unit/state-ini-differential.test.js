// Table of tricky state files: for each, our reading (values, DEFAULT fallback, errors and their line)
// must equal Python configparser's, run as the oracle.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pyParse } from './state-oracle.js';
import { FILE, assertSameReading, tryParse } from './state-ini-helpers.js';
const accepted = {
    'plain FreeIPA file': '[acme]\ndata_version = 4.11.1\nplatform = fedora\n\n[installation]\ncomplete = True\n\n',
    'no spaces': '[s]\nk=v\n',
    'colon delimiter': '[s]\nk: v\nj :w\n',
    'first delimiter wins': '[s]\nurl = http://x:8080/a=b\nratio: 1=2\n',
    'percent, quotes, semicolons kept': '[s]\np = 50%\n%k = %(x)s\nq = "quoted" \'too\'\nc = value ; not a comment\nh = a # b\n',
    'empty values': '[s]\na =\nb=\nc :\n',
    unicode: '[sección]\nclé = värde 日本 😀\n',
    'keys differing in case': '[s]\nKey = 1\nkey = 2\nKEY = 3\n',
    'sections differing in case': '[S]\na = 1\n[s]\na = 2\n',
    'spaces in section names': '[ spaced name ]\nk = v\n[a b]\nk = w\n',
    'header with text after it': '[s] trailing words\nk = v\n[a]b]\nk = w\n',
    'spaces in keys': '[s]\nmulti word key = v\n  indented key = w\n',
    'multi-line value': '[s]\nk = line1\n\tline2\n  line3\nnext = x\n',
    'blank lines inside a value': '[s]\nk = a\n\n\n  b\n\nn = 1\n',
    'first line empty': '[s]\nk =\n\tb\n\tc\n',
    'comments between continuation lines': '[s]\nk = a\n# comment\n  b\n; other\n\tc\n',
    'blank then indented key is a continuation': '[s]\nk = 1\n\n  x = 3\n',
    'indented header after a key is a continuation': '[s]\nk = 1\n  [t]\n',
    'indented header after a header is a header': '[s]\n  [t]\nk = 1\n',
    'indented keys at same level': '[s]\n  a = 1\n  b = 2\n',
    'deeper key is a continuation': '[s]\na = 1\n    b = 2\n',
    'shallower key after indented': '[s]\n    a = 1\n  b = 2\n',
    'comments everywhere': '# top\n; top2\n\n[s]\n# c\n  # indented comment\nk = v\n;end\n',
    'DEFAULT section and fallback': '[DEFAULT]\nd = 1\nshared = base\n[s]\nshared = own\n[t]\nx = y\n',
    'DEFAULT twice': '[DEFAULT]\na = 1\n[s]\nk = v\n[DEFAULT]\nb = 2\n',
    'only DEFAULT': '[DEFAULT]\na = 1\n',
    'lowercase default is a section': '[default]\na = 1\n',
    'CRLF line ends': '[s]\r\nk = v\r\nm = a\r\n\tb\r\n',
    'lone CR is a line end': '[s]\rk = v\rj = w\r',
    'no final newline': '[s]\nk = v',
    'empty file': '',
    'only comments': '# nothing\n',
    'whitespace variants': '[s]\n\x0c\nk =\u00a0v\u00a0\n\u3000\nj = \x85x\x1c\n',
    'tab before delimiter': '[s]\nk\t=\tv\n',
    'trailing whitespace in value lines': '[s]\nk = a   \n   b   \n',
    'key named DEFAULT': '[s]\nDEFAULT = 1\n',
    'value with brackets': '[s]\nk = [x]\n',
    'empty section': '[s]\n[t]\n',
};
const rejected = {
    'duplicate key': '[acme]\ndata_version = 1\nplatform = x\ndata_version = 2\n',
    'duplicate key, other delimiter and spacing': '[s]\nk = 1\nk:2\n',
    'duplicate key across DEFAULT blocks': '[DEFAULT]\na = 1\n[s]\n[DEFAULT]\na = 2\n',
    'duplicate section': '[s]\na = 1\n[t]\n[s]\nb = 2\n',
    'key before any section': 'k = v\n[s]\n',
    'indented key before any section': '   k = v\n',
    'line without delimiter': '[s]\njust words\n',
    'empty key': '[s]\n= v\n',
    'empty key with colon': '[s]\n : v\n',
    'empty brackets': '[s]\n[]\n',
    BOM: '\uFEFF[s]\nk = v\n',
    'BOM before comment': '\uFEFF# c\n[s]\n',
    'invalid UTF-8': Buffer.from([0x5b, 0x73, 0x5d, 0x0a, 0x6b, 0x20, 0x3d, 0x20, 0xff, 0x0a]),
    'latin-1 text': Buffer.from('[s]\nk = caf\xe9\n', 'latin1'),
    'truncated UTF-8': Buffer.from([0x5b, 0x73, 0x5d, 0x0a, 0x6b, 0x3d, 0xe6, 0x97]),
    'UTF-8 encoded surrogate': Buffer.from([0x5b, 0x73, 0x5d, 0x0a, 0x6b, 0x3d, 0xed, 0xa0, 0x80, 0x0a]),
    'overlong UTF-8': Buffer.from([0x5b, 0x73, 0x5d, 0x0a, 0x6b, 0x3d, 0xc0, 0xaf, 0x0a]),
};
test('tricky files configparser accepts: we read the same values', () => {
    const names = Object.keys(accepted);
    const py = pyParse(names.map((n) => accepted[n]));
    names.forEach((name, i) => {
        assert.ok(py[i].ok, `oracle should accept "${name}": ${JSON.stringify(py[i])}`);
        assertSameReading(accepted[name], py[i]);
    });
});
test('files configparser rejects: we reject them too, naming the file and the line', () => {
    const names = Object.keys(rejected);
    const py = pyParse(names.map((n) => rejected[n]));
    names.forEach((name, i) => {
        assert.ok(!py[i].ok, `oracle should reject "${name}"`);
        assertSameReading(rejected[name], py[i]);
    });
});
test('error messages say what is wrong and what to do', () => {
    const msg = (t) => tryParse(t).message;
    assert.equal(msg(rejected['duplicate key']), `${FILE} line 4: duplicate key "data_version" in section [acme] (first at line 2); remove one of them`);
    assert.equal(msg(rejected['duplicate section']), `${FILE} line 4: duplicate section [s] (first at line 1); merge them into one`);
    assert.match(msg(rejected['key before any section']), /line 1: "k = v" comes before any \[section\] header; put it under a section/);
    assert.match(msg(rejected['line without delimiter']), /line 2: "just words" is not a \[section\] header, a "key = value" line or a comment/);
    assert.match(msg(rejected.BOM), /line 1: starts with a byte order mark/);
    assert.match(msg(rejected['invalid UTF-8']), /line 2: not valid UTF-8 text \(bad byte 0xff at offset 8\)/);
});
test('NUL bytes are refused although configparser would read them (binary data is never a state file)', () => {
    const input = '[s]\nk = a\0b\n';
    const [py] = pyParse([input]);
    assert.ok(py.ok, 'configparser reads NUL bytes as text');
    const ours = tryParse(input);
    assert.ok(ours instanceof Error);
    assert.match(ours.message, new RegExp(`^${FILE} line 2: contains a NUL byte`));
});
test('an unedited document is written back byte for byte', () => {
    for (const text of Object.values(accepted)) {
        const doc = tryParse(text);
        assert.ok(!(doc instanceof Error));
        assert.equal(doc.toString(), text);
    }
});

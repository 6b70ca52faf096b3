// Python's configparser as the oracle for the INI tests: one python3 process per batch of cases (JSON on
// stdin), so thousands of cases cost one interpreter start. The parser is configured like FreeIPA's
// StateFile: ConfigParser(interpolation=None), optionxform = str, files read in text mode (UTF-8,
// universal newlines). No tests are declared here.
import { execFileSync } from 'node:child_process';
const SCRIPT = String.raw `
import base64, configparser, io, json, re, sys

def new_parser():
    p = configparser.ConfigParser(interpolation=None)
    p.optionxform = str
    if req.get('python39'):
        # Python 3.6-3.9 (RHEL 8 and 9) end a section header at its first ']'; 3.10 at its last (bpo-38741).
        p.SECTCRE = re.compile(r"\[(?P<header>[^]]+)\]")
    return p

def parse(data):
    p = new_parser()
    try:
        p.read_file(io.TextIOWrapper(io.BytesIO(data), encoding='utf-8'), source='case.ini')
    except (configparser.Error, UnicodeDecodeError) as e:
        lines = []
        if getattr(e, 'lineno', None):
            lines.append(e.lineno)
        for err in getattr(e, 'errors', []):
            lines.append(err[0])
        return {'ok': False, 'error': type(e).__name__, 'lines': lines, 'msg': str(e)[:300]}
    return {
        'ok': True,
        'sections': [[s, list(p._sections[s].items())] for s in p.sections()],
        'defaults': list(p._defaults.items()),
        'visible': [[s, list(p.items(s, raw=True))] for s in p.sections()],
    }

def write(case):
    p = new_parser()
    try:
        for k, v in case['defaults']:
            p.set('DEFAULT', k, v)
        for name, items in case['sections']:
            p.add_section(name)
            for k, v in items:
                p.set(name, k, v)
    except (configparser.Error, ValueError, TypeError) as e:
        return {'ok': False, 'error': type(e).__name__}
    out = io.StringIO()
    p.write(out)
    return {'ok': True, 'text': out.getvalue()}

req = json.load(sys.stdin)
if req['mode'] == 'parse':
    res = [parse(base64.b64decode(c)) for c in req['cases']]
else:
    res = [write(c) for c in req['cases']]
json.dump(res, sys.stdout)
`;
function run(mode, cases, options = {}) {
    const out = execFileSync('python3', ['-c', SCRIPT], {
        input: JSON.stringify({ mode, cases, python39: options.python39 === true }),
        maxBuffer: 1 << 28,
        encoding: 'utf8',
    });
    return JSON.parse(out);
}
/** configparser's reading of each file content (bytes, or text encoded as UTF-8). */
export function pyParse(files, options = {}) {
    return run('parse', files.map((f) => (typeof f === 'string' ? Buffer.from(f, 'utf8') : f).toString('base64')), options);
}
/** What configparser's write() produces for each structure. */
export function pyWrite(cases) {
    return run('write', cases);
}

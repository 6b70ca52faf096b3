// Property tests against Python's configparser, thousands of generated cases per property, one python
// process per batch. fast-check generates the cases (fc.sample); the oracle answers them all at once.
// Reproduce a failure with STATE_PROPERTY_SEED=<seed printed in the message>.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { DEFAULT_SECTION, parseIni, type IniDocument } from '../../src/state/ini-document.js';
import { keyProblem, sectionNameProblem, valueProblem } from '../../src/state/ini-representable.js';
import { splitLines } from '../../src/state/ini-text.js';
import { pyParse, pyWrite, type Pairs, type WriteCase } from './state-oracle.js';
import { FILE, assertSameReading, dump, tryParse } from './state-ini-helpers.js';

const seed = Number(process.env.STATE_PROPERTY_SEED ?? Date.now() % 2 ** 31);
const RUNS = Number(process.env.STATE_PROPERTY_RUNS ?? 3000);
const sample = <T>(arb: fc.Arbitrary<T>, numRuns = RUNS): T[] => fc.sample(arb, { numRuns, seed });
const where = `(seed ${seed})`;

const plain = fc.constantFrom('a', 'b', 'k', 'Z', '1', '_', '.', '-', '/');
const tricky = fc.constantFrom(
  ' ',
  '\t',
  '=',
  ':',
  '%',
  '#',
  ';',
  '[',
  ']',
  '"',
  "'",
  '\\',
  'é',
  '日',
  '😀',
  '\x0c',
  '\x85',
  '\xa0',
  '\u2028',
  '\u3000',
  '\n',
  '\r',
);
const char = fc.oneof({ arbitrary: plain, weight: 5 }, { arbitrary: tricky, weight: 2 });
const text = (maxLength = 8) => fc.string({ unit: char, maxLength });
const name = text(6).filter((s) => s !== DEFAULT_SECTION);

const structure: fc.Arbitrary<WriteCase> = fc.record({
  sections: fc.uniqueArray(
    fc.tuple(name, fc.uniqueArray(fc.tuple(text(), text()), { selector: (p) => p[0], maxLength: 4 })),
    {
      selector: (s) => s[0],
      maxLength: 4,
    },
  ),
  defaults: fc.oneof(
    fc.constant([] as Pairs),
    fc.uniqueArray(fc.tuple(text(), text()), { selector: (p) => p[0], maxLength: 2 }),
  ),
});

const representable = (s: string, k: string, v: string) =>
  sectionNameProblem(s) === undefined && keyProblem(k) === undefined && valueProblem(v) === undefined;

test('our writer: configparser reads back every key, value, section and order we set', () => {
  type Op = { section: string; key: string; value: string };
  const ops = fc.array(
    fc.record({ section: fc.oneof(name, fc.constant(DEFAULT_SECTION)), key: text(), value: text(12) }),
    { maxLength: 12 },
  );
  const cases = sample(ops).map((list) => {
    const doc = parseIni('', FILE, 'STATE_CORRUPT');
    const expected = new Map<string, Map<string, string>>();
    let refused = 0;
    for (const op of list as Op[]) {
      const before = doc.toString();
      try {
        doc.set(op.section, op.key, op.value);
      } catch (e) {
        assert.ok(
          !representable(op.section, op.key, op.value),
          `set refused a representable value ${where}: ${String(e)}`,
        );
        assert.equal(doc.toString(), before, 'a refused set must not change the document');
        refused++;
        continue;
      }
      if (!expected.has(op.section)) expected.set(op.section, new Map());
      expected.get(op.section)!.set(op.key, op.value);
    }
    return { doc, expected, refused };
  });
  // Read back by today's configparser and by Python 3.9's (RHEL 8 and 9), which ends a header at its first ']'.
  const texts = cases.map((c) => c.doc.toString());
  const readers = [
    ['python3', pyParse(texts)],
    ['python 3.9 headers', pyParse(texts, { python39: true })],
  ] as const;
  let kept = 0;
  cases.forEach(({ doc, expected }, i) => {
    for (const [reader, py] of readers) {
      const r = py[i]!;
      assert.ok(r.ok, `${reader} rejects our output ${where}: ${JSON.stringify(doc.toString())}: ${!r.ok && r.msg}`);
      const pairs = (m?: Map<string, string>): Pairs => [...(m ?? new Map<string, string>())];
      const sections = [...expected].filter(([s]) => s !== DEFAULT_SECTION).map(([s, m]) => [s, pairs(m)]);
      assert.deepEqual(
        { sections: r.sections, defaults: r.defaults },
        { sections, defaults: pairs(expected.get(DEFAULT_SECTION)) },
        `${reader} ${where} ${JSON.stringify(doc.toString())}`,
      );
    }
    kept += [...expected.values()].reduce((n, m) => n + m.size, 0);
  });
  assert.ok(kept > RUNS, `too few values survived the representability filter: ${kept}`);
});

test("configparser's own output: we read the same, and our representability rules match its round trip", () => {
  const cases = sample(structure);
  const written = pyWrite(cases);
  const texts = written.flatMap((w) => (w.ok ? [w.text] : []));
  const py = pyParse(texts);
  let roundTrips = 0;
  let strictOnly = 0;
  let t = 0;
  cases.forEach((input, i) => {
    const w = written[i]!;
    if (!w.ok) return;
    const r = py[t++]!;
    assertSameReading(w.text, r);
    const all: Array<[string, string, string]> = [
      ...input.defaults.map(([k, v]) => [DEFAULT_SECTION, k, v] as [string, string, string]),
      ...input.sections.flatMap(([s, items]) => items.map(([k, v]) => [s, k, v] as [string, string, string])),
    ];
    const weAccept =
      all.every(([s, k, v]) => representable(s, k, v)) &&
      input.sections.every(([s]) => sectionNameProblem(s) === undefined);
    const itRoundTrips =
      r.ok &&
      JSON.stringify({ sections: r.sections, defaults: r.defaults }) ===
        JSON.stringify({ sections: input.sections, defaults: input.defaults });
    if (weAccept)
      assert.ok(itRoundTrips, `we call representable what configparser changes ${where}: ${JSON.stringify(input)}`);
    if (itRoundTrips && !weAccept) {
      // Deliberately stricter: a key starting with '[' only survives when no ']' follows on its line, and a
      // section name with ']' only in Python 3.10 and newer.
      const stricter = all.some(([, k]) => k.startsWith('[')) || input.sections.some(([s]) => s.includes(']'));
      assert.ok(stricter, `we refuse what configparser round-trips ${where}: ${JSON.stringify(input)}`);
      strictOnly++;
    }
    if (itRoundTrips) roundTrips++;
  });
  assert.ok(roundTrips > RUNS / 10, `too few round-tripping cases (${roundTrips}) to mean anything`);
  console.log(
    `# configparser output: ${t} files, ${roundTrips} round-trip, ${strictOnly} refused only by the '[' key or ']' section rule`,
  );
});

// Random files built from the kinds of lines configparser knows, with odd indentation and line ends.
const indent = fc.constantFrom('', '', '', ' ', '  ', '\t', '\u3000');
const smallKey = fc.constantFrom('a', 'b', 'Key', 'key', 'x y', '%p', 'é');
const eol = fc.constantFrom('\n', '\n', '\n', '\r\n', '\r');
const line = fc.oneof(
  {
    arbitrary: fc.tuple(indent, fc.constantFrom('s', 't', 'DEFAULT', ' u ', 'a]b')).map(([i, n]) => `${i}[${n}]`),
    weight: 2,
  },
  {
    arbitrary: fc
      .tuple(indent, smallKey, fc.constantFrom('=', ' = ', ': ', ' :', '\t=  '), text(10))
      .map((p) => p.join('').replace(/[\r\n]/g, '')),
    weight: 6,
  },
  {
    arbitrary: fc
      .tuple(indent, fc.constantFrom(' ', '\t', '    '), text(8))
      .map((p) => p.join('').replace(/[\r\n]/g, '')),
    weight: 2,
  },
  {
    arbitrary: fc.tuple(indent, fc.constantFrom('#', ';'), text(6)).map((p) => p.join('').replace(/[\r\n]/g, '')),
    weight: 1,
  },
  { arbitrary: fc.constantFrom('', ' ', '\t', '\x0c'), weight: 2 },
);
// Mostly one line-end style per file; a few mix them. With a lone CR right before a '\n' blank line,
// removing the key between them makes "\r\n" (one line end), so mixed files are checked for values only.
const file = fc
  .tuple(
    fc.constantFrom('[s]', '[t]', ''),
    fc.array(fc.tuple(line, eol), { maxLength: 14 }),
    fc.boolean(),
    fc.constantFrom('\n', '\r\n', '\r', 'mixed'),
  )
  .map(([head, body, finalEol, style]) => {
    const end = (e: string) => (style === 'mixed' ? e : style);
    const t = (head ? `${head}${end('\n')}` : '') + body.map(([l, e]) => l + end(e)).join('');
    return { text: finalEol ? t : t.replace(/(\r\n|\r|\n)$/, ''), mixed: style === 'mixed' };
  });
const edit = fc.record({
  kind: fc.constantFrom('existing', 'new-key', 'new-section', 'unset'),
  pick: fc.nat(),
  key: smallKey,
  value: text(12),
});

test('random files: we read them like configparser; set/unset change only the edited lines', () => {
  const cases = sample(fc.tuple(file, edit));
  const before = pyParse(cases.map(([f]) => f.text));
  const edits: Array<{
    doc: IniDocument;
    original: string;
    mixed: boolean;
    expected: ReturnType<typeof dump>;
    span?: [number, number];
  }> = [];
  cases.forEach(([{ text: f, mixed }, op], i) => {
    assertSameReading(f, before[i]!);
    const doc = tryParse(f);
    if (doc instanceof Error) return;
    const expected = dump(doc);
    const targets = expected.sections.flatMap(([sec, items]) => items.map(([key]) => [sec, key] as const));
    const picked = targets[op.pick % Math.max(targets.length, 1)] ?? (['s', op.key] as const);
    const value = valueProblem(op.value) === undefined ? op.value : 'v';
    const own = (sec: string) =>
      sec === DEFAULT_SECTION ? expected.defaults : expected.sections.find(([n]) => n === sec)?.[1];
    const section = op.kind === 'new-section' ? 'new section' : picked[0];
    const key = op.kind === 'existing' || op.kind === 'unset' ? picked[1] : op.key;
    const entry = doc.entries(section).find((e) => e.key === key);
    const span: [number, number] | undefined = entry && [entry.line - 1, entry.endLine - 1];
    const items = own(section);
    const index = items?.findIndex(([n]) => n === key) ?? -1;
    if (op.kind !== 'unset' && section.includes(']')) {
      assert.throws(() => doc.set(section, key, value), /contains "\]"/, 'a section name with ] is never written');
      return;
    }
    // A key configparser read from the file may still be one we refuse to write (one starting with '[' and
    // no ']' after it): the edit is refused naming the key, and the document is unchanged.
    if (op.kind !== 'unset' && keyProblem(key) !== undefined) {
      assert.throws(
        () => doc.set(section, key, value),
        (e: Error) => e.message.includes(JSON.stringify(key)),
        where,
      );
      assert.equal(doc.toString(), f, `a refused edit changes nothing ${where}`);
      return;
    }
    if (op.kind === 'unset') {
      assert.equal(doc.unset(section, key), entry !== undefined);
      if (items && index >= 0) items.splice(index, 1);
    } else {
      doc.set(section, key, value);
      if (items && index >= 0) items[index]![1] = value;
      else if (items) items.push([key, value]);
      else expected.sections.push([section, [[key, value]]]);
    }
    edits.push({ doc, original: f, mixed, expected, span });
  });
  const after = pyParse(edits.map((e) => e.doc.toString()));
  edits.forEach(({ doc, original, mixed, expected, span }, i) => {
    const r = after[i]!;
    const show = `${where} ${JSON.stringify(original)} -> ${JSON.stringify(doc.toString())}`;
    assert.ok(r.ok, `configparser rejects the edited file ${show}: ${!r.ok && r.msg}`);
    assert.deepEqual({ sections: r.sections, defaults: r.defaults }, expected, show);
    if (!mixed) assertOnlyEditedLinesChanged(original, doc.toString(), span, show);
  });
  console.log(`# random files: ${cases.length} generated, ${edits.length} accepted and edited`);
  assert.ok(edits.length > RUNS / 4, `too few valid random files (${edits.length})`);
});

// Lines outside the edit are byte-identical: after removing the common head and tail, what is left of
// the old file lies within the edited key's lines (or is the last line that gained a line end).
function assertOnlyEditedLinesChanged(
  oldText: string,
  newText: string,
  span: [number, number] | undefined,
  show: string,
): void {
  const a = splitLines(oldText).map((l) => l.text + l.eol);
  const b = splitLines(newText).map((l) => l.text + l.eol);
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
  const changedOld = a.slice(head, a.length - tail);
  if (changedOld.length === 0) return;
  if (span && head >= span[0] && a.length - tail - 1 <= span[1]) return;
  const gainedEol = changedOld.length === 1 && head === a.length - 1 && b[head]!.startsWith(changedOld[0]!);
  assert.ok(gainedEol, `lines outside the edit changed ${show}: ${JSON.stringify(changedOld)}`);
}

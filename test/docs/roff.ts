// Just enough of man(7) to read our own pages back as text: sections, .TP items, fonts and escapes removed.

const ALTERNATING = new Set(['BR', 'RB', 'BI', 'IB', 'IR', 'RI']);

/** The arguments of a request line, honouring "double quotes". */
function splitArgs(text: string): string[] {
  const out: string[] = [];
  const re = /"((?:[^"]|"")*)"|(\S+)/g;
  for (let m = re.exec(text); m; m = re.exec(text)) out.push(m[1] !== undefined ? m[1].replace(/""/g, '"') : m[2]!);
  return out;
}

/** Escapes and inline font changes to plain characters. */
export function plainText(s: string): string {
  return s
    .replace(/\\f(\[[^\]]*\]|.)/g, '')
    .replace(/\\-/g, '-')
    .replace(/\\\(em/g, '—')
    .replace(/\\\(bu/g, '•')
    .replace(/\\&/g, '')
    .replace(/\\e/g, '\\');
}

/** One source line as the words it shows (alternating-font requests join their arguments). */
export function lineText(line: string): string {
  const m = /^\.(\S+)\s*(.*)$/.exec(line);
  if (!m) return plainText(line);
  const [, macro, rest] = m as unknown as [string, string, string];
  const args = splitArgs(rest);
  if (ALTERNATING.has(macro)) return plainText(args.join(''));
  if (macro === 'OP') return plainText(`[${args.join(' ')}]`);
  return plainText(args.join(' '));
}

export interface RoffSection {
  name: string;
  lines: string[];
  /** The text of every .TP item's tag line (also .TQ extra tags). */
  tags: string[];
  text: string;
}

export function sections(roff: string): RoffSection[] {
  const out: RoffSection[] = [];
  const lines = roff.split('\n').filter((l) => !l.startsWith('.\\"'));
  let current: RoffSection | undefined;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.startsWith('.SH')) {
      current = { name: lineText(line), lines: [], tags: [], text: '' };
      out.push(current);
      continue;
    }
    if (!current) continue;
    current.lines.push(line);
    if ((line === '.TP' || line === '.TQ') && lines[i + 1] !== undefined) current.tags.push(lineText(lines[i + 1]!));
  }
  for (const s of out) s.text = s.lines.filter((l) => !/^\.(PP|TP|TQ|RS|RE|br|EX|EE|YS|IP)\b/.test(l) || l.startsWith('.IP ')).map(lineText).join('\n');
  return out;
}

export function section(roff: string, name: string): RoffSection {
  const s = sections(roff).find((x) => x.name === name);
  if (!s) throw new Error(`no section ${name}`);
  return s;
}

/** Does `text` mention the option `--name` (or `-x`) as a whole word? */
export function mentions(text: string, flag: string): boolean {
  const escaped = flag.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(^|[^\\w-])${escaped}(?![\\w-])`, 'm').test(text);
}

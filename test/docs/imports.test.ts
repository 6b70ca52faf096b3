// docs/ARCHITECTURE.md's "Import direction", held to the code: no import circle between the files of src/,
// type-only imports included (issue 22), and no two-way tie between folders beyond the ones the document
// lists as still open (the list may only shrink; issue 22 asks for at most two).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { REPO } from './repo.js';

const SRC = join(REPO, 'src');
const IMPORT =
  /(?:import|export)\s+(?:type\s+)?(?:[^'"]*?\sfrom\s+)?['"](\.[^'"]+)['"]|import\(\s*['"](\.[^'"]+)['"]\s*\)/g;

function importGraph(): Map<string, Set<string>> {
  const files = readdirSync(SRC, { recursive: true })
    .map(String)
    .filter((f) => f.endsWith('.ts'));
  const graph = new Map<string, Set<string>>();
  for (const f of files) {
    const out = new Set<string>();
    for (const m of readFileSync(join(SRC, f), 'utf8').matchAll(IMPORT)) {
      const spec = m[1] ?? m[2]!;
      out.add(relative(SRC, resolve(dirname(join(SRC, f)), spec)).replace(/\.js$/, '.ts'));
    }
    graph.set(f, out);
  }
  return graph;
}

// Tarjan's strongly connected components: each of more than one file is a circle.
function circles(graph: Map<string, Set<string>>): string[][] {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (v: string) => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!graph.has(w)) continue;
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) !== index.get(v)) return;
    const scc: string[] = [];
    let w: string;
    do {
      w = stack.pop()!;
      onStack.delete(w);
      scc.push(w);
    } while (w !== v);
    if (scc.length > 1) found.push(scc.sort());
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return found;
}

const folderOf = (f: string) => (f.includes('/') ? f.split('/')[0]! : f.replace(/\.ts$/, ''));

test('no import circle between the files of src/, type-only imports included', () => {
  assert.deepEqual(circles(importGraph()), []);
});

test('the two-way ties between folders are the ones ARCHITECTURE.md lists as open, no more', () => {
  const arrows = new Set<string>();
  for (const [f, outs] of importGraph())
    for (const t of outs) if (folderOf(f) !== folderOf(t)) arrows.add(`${folderOf(f)}->${folderOf(t)}`);
  const ties = [...arrows]
    .map((a) => a.split('->') as [string, string])
    .filter(([a, b]) => a < b && arrows.has(`${b}->${a}`))
    .map(([a, b]) => `${a}↔${b}`)
    .sort();
  const doc = readFileSync(join(REPO, 'docs', 'ARCHITECTURE.md'), 'utf8');
  const listed = /<!-- open-ties -->([\s\S]*?)<!-- \/open-ties -->/.exec(doc)?.[1] ?? '';
  const documented = [...listed.matchAll(/`([a-z-]+↔[a-z-]+)`/g)].map((m) => m[1]!).sort();
  assert.deepEqual(ties, documented, 'a new two-way tie between folders: remove it, or (only if it must stay) list it');
});

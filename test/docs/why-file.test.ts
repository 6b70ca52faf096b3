// Issue 22: one file of reasons. DESIGN.md says what the contract is and marks what the project changed
// "(changed: …)"; the why of each change is in docs/decisions.md, linked from the mark, never written twice.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { REPO } from './repo.js';

const design = readFileSync(`${REPO}docs/DESIGN.md`, 'utf8');
const decisions = readFileSync(`${REPO}docs/decisions.md`, 'utf8');

test('every (changed: …) mark of DESIGN.md links its why in decisions.md, to an anchor that exists', () => {
  const marks = [...design.matchAll(/\*\*\(changed: ([\s\S]*?)\)\*\*/g)].map((m) => m[1]!).filter((m) => m !== '…');
  assert.ok(marks.length >= 2, `expected the marks of DESIGN.md, found ${marks.length}`);
  for (const mark of marks) {
    const link = /\(decisions\.md(#[\w-]+)?\)/.exec(mark);
    assert.ok(link, `a (changed: …) mark without its why in decisions.md: ${mark.slice(0, 80)}…`);
    if (link[1]) assert.ok(decisions.includes(`id="${link[1].slice(1)}"`), `decisions.md has no anchor ${link[1]}`);
  }
});

test('DESIGN.md gives no second list of reasons: it points to decisions.md', () => {
  assert.match(design.slice(0, 800), /\[decisions\.md\]\(decisions\.md\)/);
  assert.doesNotMatch(design, /listed in the README's "decisions"/);
});

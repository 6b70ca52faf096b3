// The pure parts of lint: state calls in a script's text, unit-file parsing and the gate test.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { findStateCalls, stateCallProblems } from '../../src/lint/state-calls.js';
import { parseUnitText, templateOf } from '../../src/lint/unit-file.js';
import { gateProblem } from '../../src/lint/lint-units.js';

const calls: Array<[string, string, 'ok' | RegExp]> = [
  ['by name', 'v=$(upgrade-hook state get acme acme email)', 'ok'],
  ['by $UPGRADE_HOOK_PRODUCT', 'upgrade-hook state set "$UPGRADE_HOOK_PRODUCT" acme k v', 'ok'],
  ['by ${UPGRADE_HOOK_PRODUCT}', 'upgrade-hook state get ${UPGRADE_HOOK_PRODUCT} acme k', 'ok'],
  ['through $UPGRADE_HOOK', '"$UPGRADE_HOOK" state get acme acme k', 'ok'],
  ['through /usr/bin/upgrade-hook', 'x=`/usr/bin/upgrade-hook state get acme acme k`', 'ok'],
  ['another product', 'upgrade-hook state get ipa acme k', /"ipa" is not this product/],
  ['another product through $UPGRADE_HOOK', '${UPGRADE_HOOK} state set other s k v', /"other" is not this product/],
  ['an unknown variable', 'upgrade-hook state get "$P" acme k', /a variable that may not be this product/],
  ['writes data_version', 'upgrade-hook state set acme acme data_version 2', /stamps data_version itself/],
  ['unsets platform', 'upgrade-hook state unset acme acme platform', /stamps platform itself/],
  ['reads data_version: fine', 'upgrade-hook state get acme acme data_version', 'ok'],
  ['data_version of another section: fine', 'upgrade-hook state set acme plugin data_version 2', 'ok'],
  ['a comment is not a call', '# upgrade-hook state set other s k v', 'ok'],
];

for (const [what, line, expect] of calls) {
  test(`state call: ${what}`, () => {
    const found = findStateCalls(`#!/bin/sh\n${line}\n`);
    const problems = stateCallProblems(found, 'acme', 'acme');
    if (expect === 'ok') assert.deepEqual(problems, []);
    else {
      assert.equal(problems.length, 1, JSON.stringify(found));
      assert.equal(problems[0]!.line, 2);
      assert.match(problems[0]!.message, expect);
    }
  });
}

test('unit text: lists add up, an empty assignment resets, comments and continuations', () => {
  const keys = parseUnitText(
    '[Unit]\n# Requires=x.service\nRequires=a.service \\\n  b.service\nAfter=a.service\nAfter=\nAfter=c.service\n[Service]\nExecStart=/bin/x\n',
  );
  assert.deepEqual(keys.get('Unit.Requires'), ['a.service', 'b.service']);
  assert.deepEqual(keys.get('Unit.After'), ['c.service']);
  assert.deepEqual(keys.get('Service.ExecStart'), ['/bin/x']);
  parseUnitText('[Unit]\nRequires=d.service\n', keys);
  assert.deepEqual(keys.get('Unit.Requires'), ['a.service', 'b.service', 'd.service'], 'a drop-in adds to the list');
});

test('templates of instances', () => {
  assert.equal(templateOf('acme-worker@3.service'), 'acme-worker@.service');
  assert.equal(templateOf('acme-worker@.service'), 'acme-worker@.service');
  assert.equal(templateOf('acme.service'), undefined);
});

test('gate problems', () => {
  const gate = 'upgrade-hook@acme.service';
  const u = (text: string) => ({
    name: 'u.service',
    path: '/u',
    keys: parseUnitText(text),
    dropIns: [],
    shipped: true,
  });
  assert.equal(gateProblem(u(`[Unit]\nRequires=${gate}\nAfter=${gate}\n`), gate), undefined);
  assert.equal(gateProblem(u(`[Unit]\nBindsTo=${gate}\nAfter=network.target ${gate}\n`), gate), undefined);
  assert.match(gateProblem(u(`[Unit]\nWants=${gate}\nAfter=${gate}\n`), gate)!, /only Wants=/);
  assert.match(gateProblem(u(`[Unit]\nRequires=${gate}\n`), gate)!, /no After=/);
  assert.match(gateProblem(u('[Unit]\nRequires=other.service\n'), gate)!, /has no Requires=/);
});

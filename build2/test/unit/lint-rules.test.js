// The pure parts of lint: state calls in a script's text, unit-file parsing and the gate test.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { findStateCalls, stateCallProblems } from '../../src/lint/state-calls.js';
import { parseUnitText, templateOf } from '../../src/lint/unit-file.js';
import { gateProblem, lintUnits } from '../../src/lint/lint-units.js';
import { Findings } from '../../src/lint/finding.js';
import { descriptor, unitService } from './runner-world.js';
const calls = [
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
        if (expect === 'ok')
            assert.deepEqual(problems, []);
        else {
            assert.equal(problems.length, 1, JSON.stringify(found));
            assert.equal(problems[0].line, 2);
            assert.match(problems[0].message, expect);
        }
    });
}
test('unit text: lists add up, an empty assignment resets, comments and continuations', () => {
    const keys = parseUnitText('[Unit]\n# Requires=x.service\nRequires=a.service \\\n  b.service\nAfter=a.service\nAfter=\nAfter=c.service\n[Service]\nExecStart=/bin/x\n');
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
    const u = (text) => ({
        name: 'u.service',
        path: '/u',
        keys: parseUnitText(text),
        dropIns: [],
        shipped: true,
    });
    assert.equal(gateProblem(u(`[Unit]\nRequires=${gate}\nAfter=${gate}\n`), gate), undefined);
    assert.equal(gateProblem(u(`[Unit]\nBindsTo=${gate}\nAfter=network.target ${gate}\n`), gate), undefined);
    assert.match(gateProblem(u(`[Unit]\nWants=${gate}\nAfter=${gate}\n`), gate), /only Wants=/);
    assert.match(gateProblem(u(`[Unit]\nRequires=${gate}\n`), gate), /no After=/);
    assert.match(gateProblem(u('[Unit]\nRequires=other.service\n'), gate), /has no Requires=/);
});
// Issue 21 item 9: the unit shapes an upgrade cannot handle, or handles in its own way.
test('unit rules: RefuseManualStop=yes behind the gate or on a backend is an error; a gated oneshot job warns', () => {
    const d = descriptor([unitService('db', 'backend'), unitService('web', 'app')]);
    const gated = '[Unit]\nRequires=upgrade-hook@acme.service\nAfter=upgrade-hook@acme.service\n';
    const files = {
        'web.service': `${gated}RefuseManualStop=yes\n`,
        'db.service': '[Unit]\nRefuseManualStop=true\n',
        'acme-import.service': `${gated}[Service]\nType=oneshot\n`,
        'acme-setup.service': `${gated}[Service]\nType=oneshot\nRemainAfterExit=yes\n`,
        'acme-mailer.service': `${gated}RefuseManualStop=no\n`,
    };
    const units = new Map(Object.entries(files).map(([name, text]) => [
        name,
        { name, path: `/usr/lib/systemd/system/${name}`, keys: parseUnitText(text), dropIns: [], shipped: true },
    ]));
    const out = new Findings();
    lintUnits(d, '/usr/lib/upgrade-hook/products.d/acme.conf', units, [], out);
    const said = out.all.map((f) => `${f.level} ${f.file.split('/').pop()}: ${f.message.split(':')[0]}`);
    assert.deepEqual(said.filter((l) => /RefuseManualStop|run-to-completion/.test(l)), [
        'error web.service: web.service has RefuseManualStop=yes but every upgrade of acme must stop it',
        'error db.service: db.service has RefuseManualStop=yes but every upgrade of acme must stop it',
        'warning acme-import.service: acme-import.service is a run-to-completion job (Type=oneshot without RemainAfterExit=yes) behind upgrade-hook@acme.service',
    ], said.join('\n'));
});

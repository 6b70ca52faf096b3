// A script's restart requests (runner in memory, runner-world.ts): honoured for services up in its
// phase, ignored for those the phase keeps down, warned about for names the descriptor does not have.
import assert from 'node:assert/strict';
import { afterEach, test } from 'node:test';
import { descriptor, script, service, World } from './runner-world.js';
let w;
afterEach(() => w.cleanup());
const product = () => descriptor([service('db', 'backend'), service('web', 'app')]);
test('a backend script asking for a restart of db: db is stopped and started before the next script', async () => {
    w = new World(product());
    w.scripts.set('3000_tune', { restart: ['db'] });
    const outcome = await w.execute(w.plan([script('once', '3000_tune'), script('once', '3100_after')]));
    assert.deepEqual(outcome, { kind: 'done' });
    assert.deepEqual(w.calls, [
        'stop web',
        'run 3000_tune [backend] up=db',
        'stop db',
        'start db',
        'run 3100_after [backend] up=db',
        'start web',
    ]);
});
test('a request for a service its phase keeps down is ignored', async () => {
    w = new World(product());
    w.scripts.set('3000_tune', { restart: ['web'] });
    await w.execute(w.plan([script('once', '3000_tune'), script('once', '3100_after')]));
    assert.deepEqual(w.calls, [
        'stop web',
        'run 3000_tune [backend] up=db',
        'run 3100_after [backend] up=db',
        'start web',
    ]);
});
test('a request is honoured once, even when asked twice', async () => {
    w = new World(product());
    w.scripts.set('6000_tune', { restart: ['web', 'web'] });
    await w.execute(w.plan([script('once', '6000_tune'), script('once', '6100_next')]));
    assert.deepEqual(w.calls, [
        'run 6000_tune [online] up=db,web',
        'stop web',
        'start web',
        'run 6100_next [online] up=db,web',
    ]);
});
test('a request for an unknown service is a warning naming the services there are', async () => {
    w = new World(product());
    w.scripts.set('6000_tune', { restart: ['dbx'] });
    assert.deepEqual(await w.execute(w.plan([script('once', '6000_tune')])), { kind: 'done' });
    assert.ok(w.said.includes('warn: a script asked to restart unknown service "dbx"; the descriptor has: db, web'), w.said.join('\n'));
    assert.deepEqual(w.calls, ['run 6000_tune [online] up=db,web']);
});

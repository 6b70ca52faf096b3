// /proc/PID/stat parsing: a command name with spaces and parentheses must not shift the fields.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hasExited, parseProcStat, readProcStat } from '../../src/proc/proc-stat.js';

const tail = '0 -1 4194560 100 0 0 0 1 2 0 0 20 0 1 0 987654 1000 200';

test('parseProcStat: fields after the last ")" whatever the command name holds', () => {
  assert.deepEqual(parseProcStat(`4242 (my (odd) name) S 4241 4240 4239 ${tail}`), {
    pid: 4242,
    comm: 'my (odd) name',
    state: 'S',
    ppid: 4241,
    pgrp: 4240,
    session: 4239,
    startTime: '987654',
  });
  assert.equal(parseProcStat(`7 (zed) Z 1 7 7 ${tail}`)!.state, 'Z');
  assert.equal(hasExited(parseProcStat(`7 (zed) Z 1 7 7 ${tail}`)!), true);
  assert.equal(hasExited(parseProcStat(`7 (zed) S 1 7 7 ${tail}`)!), false);
});

test('parseProcStat: truncated or foreign text is no answer, not a wrong one', () => {
  assert.equal(parseProcStat('12 (x) S 1 2 3')!.startTime, undefined);
  for (const bad of ['', 'garbage', '12 (x) S 1 2', `x (name) S 1 2 3 ${tail}`, `12 name S 1 2 3 ${tail}`]) {
    assert.equal(parseProcStat(bad), undefined, JSON.stringify(bad));
  }
});

test('readProcStat: this process as the kernel reports it; a pid that does not exist is undefined', () => {
  const self = readProcStat('self')!;
  assert.equal(self.pid, process.pid);
  assert.equal(self.ppid, process.ppid);
  assert.equal(self.state, 'R');
  assert.equal(readProcStat(2 ** 22 + 1), undefined);
});

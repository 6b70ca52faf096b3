// The downtime benchmark's product: one backend and one app (small TCP daemons started and stopped by
// command), one trivial once-script per phase. The baseline is the same upgrade written by hand in
// shell: the same stops, starts and scripts, with tight 10 ms readiness polls.
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeProduct } from './product.mjs';

const require = createRequire(import.meta.url);

const DAEMON = (node, port, pidfile) =>
  `${node} -e 'require("fs").writeFileSync("${pidfile}", String(process.pid)); require("net").createServer((s) => s.end()).listen(${port}, "127.0.0.1"); process.on("SIGTERM", () => process.exit(0))' </dev/null >/dev/null 2>&1 &`;

export function makeServicesProduct(base, node) {
  const p = makeProduct(base, 'svc', 0);
  const ports = { db: 20000 + Math.floor(Math.random() * 20000), app: 0 };
  ports.app = ports.db + 1;
  const pid = (s) => join(p.root, `${s}.pid`);
  const start = (s) => DAEMON(node, ports[s], pid(s));
  const stop = (s) => `kill $(cat ${pid(s)})`;
  const scripts = [
    ['0100_offline', 'offline'],
    ['3100_backend', 'backend'],
    ['6100_online', 'online'],
  ];
  for (const [name] of scripts) writeFileSync(join(p.onceDir, name), '#!/bin/sh\n:\n', { mode: 0o755 });
  const conf = join(p.dirs.conf, 'svc.conf');
  const service = (s, role) =>
    [
      '',
      `[service ${s}]`,
      `role = ${role}`,
      `start = ${start(s)}`,
      `stop = ${stop(s)}`,
      `ready = tcp:127.0.0.1:${ports[s]}`,
      'ready_timeout = 30',
    ].join('\n');
  writeFileSync(
    conf,
    `${execFileSync('cat', [conf], { encoding: 'utf8' })}${service('db', 'backend')}${service('app', 'app')}\n`,
  );
  // The hand-written upgrade: what a packager's own %posttrans would do.
  const sh = join(p.root, 'by-hand.sh');
  mkdirSync(p.dirs.var, { recursive: true });
  writeFileSync(
    sh,
    [
      '#!/bin/bash',
      'up() { (exec 3<>/dev/tcp/127.0.0.1/$1) 2>/dev/null; }',
      'wait_up() { until up $1; do sleep 0.01; done; }',
      'wait_down() { while up $1; do sleep 0.01; done; }',
      `${stop('app')}; wait_down ${ports.app}`,
      `${stop('db')}; wait_down ${ports.db}`,
      `${p.onceDir}/0100_offline </dev/null || exit 1`,
      `${start('db')}`,
      `wait_up ${ports.db}`,
      `${p.onceDir}/3100_backend </dev/null || exit 1`,
      `${start('app')}`,
      `wait_up ${ports.app}`,
      `${p.onceDir}/6100_online </dev/null || exit 1`,
      '',
    ].join('\n'),
    { mode: 0o755 },
  );
  const running = (s) => {
    try {
      execFileSync('bash', ['-c', `(exec 3<>/dev/tcp/127.0.0.1/${ports[s]}) 2>/dev/null`]);
      return true;
    } catch {
      return false;
    }
  };
  return {
    ...p,
    ports,
    byHand: sh,
    /** Both services up, the data one version behind: the state before each measured upgrade. */
    ready() {
      p.reset();
      for (const s of ['db', 'app']) {
        if (running(s)) continue;
        execFileSync('bash', ['-c', start(s)]);
        for (let i = 0; i < 500 && !running(s); i++) execFileSync('sleep', ['0.01']);
      }
    },
    stopAll() {
      for (const s of ['app', 'db']) execFileSync('bash', ['-c', `${stop(s)} 2>/dev/null || true`]);
    },
  };
}

/** Probes a TCP port every 5 ms until stopped; stop() gives the longest time it did not answer, in ms. */
export function probeOutage(port) {
  const { connect } = require('node:net');
  let downSince;
  let longest = 0;
  let stopped = false;
  const tick = () => {
    if (stopped) return;
    const s = connect({ host: '127.0.0.1', port });
    const done = (up) => {
      s.destroy();
      const now = performance.now();
      if (!up && downSince === undefined) downSince = now;
      if (up && downSince !== undefined) {
        longest = Math.max(longest, now - downSince);
        downSince = undefined;
      }
      setTimeout(tick, 5);
    };
    s.once('connect', () => done(true));
    s.once('error', () => done(false));
  };
  tick();
  return {
    stop() {
      stopped = true;
      if (downSince !== undefined) longest = Math.max(longest, performance.now() - downSince);
      return longest;
    },
  };
}

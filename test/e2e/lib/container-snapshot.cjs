#!/usr/bin/node
// Inside the container: print one JSON object describing acme right now (node 18, no dependencies).
// Everything is read from the real system: rpmdb, upgrade-hook's own files and CLI, PostgreSQL, the app.
'use strict';
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');

function run(cmd, args) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', timeout: 20000 });
  return { code: r.status, out: (r.stdout || '').trim(), err: (r.stderr || '').trim() };
}
function read(path) { try { return fs.readFileSync(path, 'utf8'); } catch { return null; } }
function json(text) { try { return JSON.parse(text); } catch { return null; } }
function psql(query) {
  const r = run('/usr/share/acme/libexec/acme-psql', ['-At', '-c', query]);
  return r.code === 0 ? r.out : null;
}

const varDir = '/var/lib/upgrade-hook/acme';
const history = (read(`${varDir}/history.jsonl`) || '').split('\n').filter(Boolean).map(json).filter(Boolean);
const app = run('/usr/share/acme/libexec/acme-http-get', ['http://127.0.0.1:8417/']);
const snapshot = {
  package: run('rpm', ['-q', '--qf', '%{VERSION}-%{RELEASE}', 'acme-server']).out,
  check: run('upgrade-hook', ['check', 'acme']),
  status: json(run('upgrade-hook', ['status', 'acme', '--json']).out),
  marker: json(read(`${varDir}/marker`)),
  state: read('/var/lib/acme/sysupgrade/sysupgrade.state'),
  history,
  columns: psql("SELECT string_agg(column_name, ',' ORDER BY ordinal_position) FROM information_schema.columns WHERE table_name = 'notes'"),
  rows: psql('SELECT count(*) FROM notes'),
  indexes: psql("SELECT string_agg(indexname, ',' ORDER BY indexname) FROM pg_indexes WHERE tablename = 'notes'"),
  app: { code: app.code, body: json(app.out) },
  units: Object.fromEntries(['acme-web.service', 'upgrade-hook@acme.service', 'postgresql@15-main.service']
    .map((u) => [u, run('systemctl', ['is-active', u]).out])),
  acmeWebStartedUs: Number(run('systemctl', ['show', '-p', 'ExecMainStartTimestampMonotonic', '--value', 'acme-web.service']).out) || null,
  backups: fs.existsSync('/var/lib/acme/backup') ? fs.readdirSync('/var/lib/acme/backup') : [],
  maintenance: fs.existsSync('/var/lib/acme/maintenance'),
  features: (read('/var/lib/acme/features') || '').split('\n').filter(Boolean),
};
process.stdout.write(JSON.stringify(snapshot, null, 1) + '\n');

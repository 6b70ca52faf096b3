// acme-web: the demo product's HTTP app. No npm dependencies: it talks to PostgreSQL by running `psql`
// over the local unix socket with peer authentication (the service runs as the `acme` user, which owns
// the `acme` database), so there is no driver to bundle and no password to store.
'use strict';
const http = require('node:http');
const fs = require('node:fs');
const { execFile } = require('node:child_process');

const SHARE = process.env.ACME_SHARE || '/usr/share/acme';
const PORT = Number(process.env.ACME_PORT || 8417);
const VERSION = fs.readFileSync(`${SHARE}/VERSION`, 'utf8').trim();

// The columns this build's code reads: 1.1 added `contact`. New code on old data must fail loudly.
function columnsForVersion(version) {
  const [major, minor] = version.split(/[.-]/).map(Number);
  return major > 1 || minor >= 1 ? ['id', 'body', 'contact'] : ['id', 'body'];
}
const COLUMNS = columnsForVersion(VERSION);
// Features switched on by upgrade scripts; read once at start (a script asks for a restart to change them).
const FEATURES = (() => { try { return fs.readFileSync('/var/lib/acme/features', 'utf8').split('\n').filter(Boolean); } catch { return []; } })();

function sql(query) {
  return new Promise((resolve, reject) => {
    execFile('psql', ['-X', '-q', '-A', '-t', '-F', '\t', '-v', 'ON_ERROR_STOP=1', '-h', '/var/run/postgresql', '-d', 'acme', '-c', query],
      { timeout: 10_000 }, (err, stdout, stderr) => (err ? reject(new Error(stderr.trim() || err.message)) : resolve(stdout)));
  });
}

async function notes() {
  const out = await sql(`SELECT ${COLUMNS.join(', ')} FROM notes ORDER BY id`);
  return out.split('\n').filter(Boolean).map((line) => Object.fromEntries(line.split('\t').map((v, i) => [COLUMNS[i], v])));
}

function send(res, status, body) {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body) + '\n');
}

const server = http.createServer(async (req, res) => {
  try {
    if (req.url === '/health') {
      await sql(`SELECT ${COLUMNS.join(', ')} FROM notes LIMIT 1`);
      return send(res, 200, { status: 'ok', version: VERSION });
    }
    if (req.url === '/' || req.url === '/notes') {
      return send(res, 200, { version: VERSION, columns: COLUMNS, features: FEATURES, notes: await notes() });
    }
    send(res, 404, { error: 'not found' });
  } catch (err) {
    send(res, 503, { status: 'error', version: VERSION, error: String(err.message) });
  }
});
// New code never serves old data: refuse to start when the schema lacks what this build reads.
sql(`SELECT ${COLUMNS.join(', ')} FROM notes LIMIT 0`).then(
  () => server.listen(PORT, '127.0.0.1', () => console.log(`acme-web ${VERSION} listening on 127.0.0.1:${PORT} (columns: ${COLUMNS.join(', ')}; features: ${FEATURES.join(', ') || 'none'})`)),
  (err) => { console.error(`acme-web ${VERSION}: the data does not fit this build (${err.message}); run: upgrade-hook status acme`); process.exit(1); });
for (const sig of ['SIGTERM', 'SIGINT']) process.on(sig, () => server.close(() => process.exit(0)));

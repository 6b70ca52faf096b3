// Runs every compiled test file (*.test.js) with node's own test runner: fast unit tests first, then the
// CLI, docs and torture suites, real rpm/dnf/systemd last. Names the files itself: node 18/20/22 differ
// in how they search a directory.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const suites = ['unit', 'cli', 'docs', 'torture', 'e2e'];
const only = process.argv.slice(2);
const dirs = only.length ? only : suites.map((s) => join('build', 'test', s)).filter((d) => existsSync(d));

const files = [];
for (const dir of dirs) {
  if (dir.endsWith('.js')) files.push(dir);
  else
    files.push(
      ...readdirSync(dir, { recursive: true })
        .map(String)
        .filter((f) => f.endsWith('.test.js'))
        .sort()
        .map((f) => join(dir, f)),
    );
}
if (files.length === 0) {
  console.error('no test files found: build the tests first (npm run build:tests)');
  process.exit(1);
}
const r = spawnSync(process.execPath, ['--test', '--test-reporter=spec', ...files], { stdio: 'inherit' });
process.exit(r.status ?? 1);

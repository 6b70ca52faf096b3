// Runs every compiled test file with node's own test runner: unit, then cli, then e2e (slowest last).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const dirs = ['build/test/unit', 'build/test/cli', 'build/test/e2e'].filter((d) => existsSync(d));
const only = process.argv.slice(2);
const r = spawnSync(process.execPath, ['--test', '--test-reporter=spec', ...(only.length ? only : dirs)], { stdio: 'inherit' });
process.exit(r.status ?? 1);

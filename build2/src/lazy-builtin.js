// Node built-ins that only some commands need, loaded on first use: the no-op path (check, gate and
// posttrans when up to date) runs in every package transaction and service start, and pays for nothing
// it does not use. (esbuild leaves these requires alone: built-ins are never bundled.)
import { createRequire } from 'node:module';
const load = createRequire('/');
export const crypto = () => load('node:crypto');
export const childProcess = () => load('node:child_process');

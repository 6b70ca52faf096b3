// Paths shared by the docs tests: the repository root, seen from build/test/docs/.
import { fileURLToPath } from 'node:url';
export const REPO = fileURLToPath(new URL('../../..', import.meta.url));
export const BUNDLE = `${REPO}dist/upgrade-hook.cjs`;

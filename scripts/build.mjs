// Bundles src/ into the one file the RPM ships: dist/upgrade-hook.cjs (node >= 18.19, no node_modules at run time).
import { build } from 'esbuild';
import { chmodSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const outfile = join(root, 'dist', 'upgrade-hook.cjs');

await build({
  entryPoints: [join(root, 'src', 'main.ts')],
  outfile,
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node18.19',
  banner: { js: '#!/usr/bin/env node' },
  define: { __UPGRADE_HOOK_VERSION__: JSON.stringify(pkg.version) },
  legalComments: 'none',
  // Whitespace and syntax only: names stay readable in a --debug stack trace; keeps the bundle under 600 kB.
  minifyWhitespace: true,
  minifySyntax: true,
  keepNames: true,
  logLevel: 'warning',
});
chmodSync(outfile, 0o755);

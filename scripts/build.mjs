// Bundles src/ into the one file the RPM ships: dist/upgrade-hook.cjs (node >= 18.19, no node_modules at run time).
//
// The no-op path (check, gate and posttrans when up to date) runs in every package transaction and every
// service start, and most of its cost is V8 compiling the bundle. The I/O libraries only an upgrade needs
// (execa and pino: most of the bundle) are therefore bundled separately and carried
// inside the one file as a string, compiled on the first `import()` of any of them. The sources import
// them normally; only this build changes where they come from.
import { build } from 'esbuild';
import { chmodSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const outfile = join(root, 'dist', 'upgrade-hook.cjs');
// What each lazy module's stub exports, shaped like the package itself: execa has named exports, pino a
// default function.
const LAZY = { execa: '{ execa: load().execa }', pino: 'load().pino' };

const common = {
  bundle: true,
  platform: 'node',
  target: 'node18.19',
  legalComments: 'none',
  // Whitespace and syntax only: names stay readable in a --debug stack trace.
  minifyWhitespace: true,
  minifySyntax: true,
  keepNames: true,
  logLevel: 'warning',
};

const deps = await build({
  ...common,
  stdin: {
    contents: `export { execa } from 'execa'; export { default as pino } from 'pino';`,
    resolveDir: root,
    loader: 'js',
  },
  format: 'cjs',
  write: false,
});
const depsSource = deps.outputFiles[0].text;

// `import('pino')` and friends resolve to a stub that compiles the embedded deps bundle once.
const embedLazyDeps = {
  name: 'embed-lazy-deps',
  setup(b) {
    b.onResolve({ filter: /^(execa|pino)$/ }, (args) => ({ path: args.path, namespace: 'lazy-dep' }));
    b.onResolve({ filter: /^lazy-deps-loader$/ }, () => ({ path: 'loader', namespace: 'lazy-deps-loader' }));
    b.onLoad({ filter: /.*/, namespace: 'lazy-dep' }, (args) => ({
      contents: `const load = require('lazy-deps-loader'); module.exports = ${LAZY[args.path]};`,
      loader: 'js',
    }));
    b.onLoad({ filter: /.*/, namespace: 'lazy-deps-loader' }, () => ({
      contents: [
        `const source = ${JSON.stringify(depsSource)};`,
        'let loaded;',
        'module.exports = () => {',
        '  if (!loaded) {',
        "    const wrapper = require('node:vm').runInThisContext(require('node:module').wrap(source), { filename: 'upgrade-hook-deps.cjs' });",
        '    const m = { exports: {} };',
        "    wrapper(m.exports, require, m, 'upgrade-hook-deps.cjs', __dirname);",
        '    loaded = m.exports;',
        '  }',
        '  return loaded;',
        '};',
      ].join('\n'),
      loader: 'js',
    }));
  },
};

await build({
  ...common,
  entryPoints: [join(root, 'src', 'main.ts')],
  outfile,
  format: 'cjs',
  banner: { js: '#!/usr/bin/env node' },
  define: { __UPGRADE_HOOK_VERSION__: JSON.stringify(pkg.version) },
  plugins: [embedLazyDeps],
});
chmodSync(outfile, 0o755);

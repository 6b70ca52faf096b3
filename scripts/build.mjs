// Bundles src/ into what the RPM ships (node >= 18.19, no node_modules at run time): dist/upgrade-hook.cjs,
// the tool, and beside it two files it compiles only when it needs them.
//
// The no-op path (check, gate and posttrans when up to date) runs in every package transaction and every
// service start, and most of its cost is V8 reading and compiling the bundle: V8 pre-parses every function
// of a script, called or not, and scans every string in it. So what the no-op path never runs is not in
// the tool's file at all, but in two files beside it, compiled with `vm.runInThisContext` on first use
// (docs/PERFORMANCE.md, "Decisions taken", has the figures):
//
// - dist/upgrade-hook-deps.cjs: the I/O libraries only an upgrade needs (execa and pino), compiled on the
//   first `import()` of either;
// - dist/upgrade-hook-lazy.cjs: our own modules that are reached only through an `await import(…)` (every
//   command but the three of the no-op path, which the command table loads one dynamic import each; what
//   gate and posttrans do beyond their no-op path; the checks), compiled on the first `import()` of any of
//   them. Which modules those are is read from the import graph (esbuild's metafile): a module that main.ts
//   or a command of the no-op path (NO_OP_PATH) reaches through static imports is eager, every other one is
//   lazy. The lazy modules share the eager ones (one errors.ts, one lock, …): their imports of eager modules
//   are handed the main bundle's own module objects.
//
// Each side file starts with a line naming its build, which the tool checks before compiling it. The
// sources import normally; only this build changes where the code comes from.
import { build } from 'esbuild';
import { createHash } from 'node:crypto';
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { fileURLToPath } from 'node:url';
import { dirname, join, relative } from 'node:path';
import { bundledPackages, NOTICES, noticesText } from './bundled-packages.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const outfile = join(root, 'dist', 'upgrade-hook.cjs');
const entry = join(root, 'src', 'main.ts');
// The commands of the no-op path (check, gate and posttrans when up to date: every package transaction and
// every service start). The command table loads every command with a dynamic import; these three are eager
// all the same, so that their no-op path reads neither side file (test/cli/noop-path.test.ts). What they need
// only when there is work they load with a dynamic import of their own.
const COMMAND_TABLE = 'src/commands/index.ts';
const NO_OP_PATH = ['check', 'gate', 'posttrans'].map((name) => `src/commands/${name}.ts`);
// What each lazy dependency's stub exports, shaped like the package itself: execa has named exports, pino
// a default function.
const LAZY_DEPS = { execa: '{ execa: load().execa }', pino: 'load().pino' };
const isDep = (path) => Object.hasOwn(LAZY_DEPS, path);
const isBuiltin = (path) => path.startsWith('node:') || builtinModules.includes(path);
// The id under which the lazy code asks for the main bundle's modules (never a real module), and the key
// there of the deps file's loader: a lazy module that imports execa or pino gets them from the same loader as
// the tool's own modules.
const HOST = 'upgrade-hook:eager-modules';
const DEPS_LOADER = 'lazy-deps-loader';

const common = {
  bundle: true,
  platform: 'node',
  target: 'node18.19',
  format: 'cjs',
  absWorkingDir: root,
  legalComments: 'none',
  // Whitespace and syntax only: names stay readable in a --debug stack trace.
  minifyWhitespace: true,
  minifySyntax: true,
  keepNames: true,
  logLevel: 'warning',
  define: { __UPGRADE_HOOK_VERSION__: JSON.stringify(pkg.version) },
};

// A module's name in the build, the same on every checkout: its path from the repository, or from the
// node_modules it is in.
const keyOf = (path) => {
  const rel = relative(root, path).split('\\').join('/');
  const nm = rel.lastIndexOf('node_modules/');
  return nm >= 0 ? rel.slice(nm) : rel;
};
// Resolves an import the way esbuild would, from inside a plugin (the flag stops the recursion).
const resolveWith = (b, args) =>
  b.resolve(args.path, {
    kind: args.kind,
    importer: args.importer,
    resolveDir: args.resolveDir,
    pluginData: { inner: true },
  });

// 1. The dependencies' bundle. Their local names are minified too (keepNames still keeps every function's
// and class's name): 304 kB become 195 kB, and nobody reads execa's locals in a stack trace.
const deps = await build({
  ...common,
  minifyIdentifiers: true,
  stdin: {
    contents: `export { execa } from 'execa'; export { default as pino } from 'pino';`,
    resolveDir: root,
    loader: 'js',
  },
  write: false,
  metafile: true,
});
const depsSource = deps.outputFiles[0].text;

// 2. The import graph: eager = what main.ts and the no-op path's commands reach through static imports and
// requires, lazy = the rest.
const graph = await build({
  ...common,
  entryPoints: [entry],
  external: Object.keys(LAZY_DEPS),
  write: false,
  metafile: true,
});
const inputs = graph.metafile.inputs;
const STATIC = new Set(['import-statement', 'require-call']);
for (const file of NO_OP_PATH)
  if (!inputs[COMMAND_TABLE]?.imports.some((i) => i.path === file && i.kind === 'dynamic-import'))
    throw new Error(`build: ${file} (NO_OP_PATH) is not a command that ${COMMAND_TABLE} loads`);
const eager = new Set();
for (const todo = [relative(root, entry), ...NO_OP_PATH]; todo.length > 0; ) {
  const file = todo.pop();
  if (eager.has(file) || !inputs[file]) continue;
  eager.add(file);
  for (const i of inputs[file].imports) if (STATIC.has(i.kind) && !i.external) todo.push(i.path);
}
// the lazy modules that eager ones import() (the ways in), and the eager modules lazy ones import
const lazyEntries = new Set();
const shared = new Set();
for (const file of Object.keys(inputs)) {
  for (const i of inputs[file].imports) {
    if (i.external) continue;
    if (eager.has(file) && !eager.has(i.path)) lazyEntries.add(i.path);
    if (!eager.has(file) && eager.has(i.path)) shared.add(i.path);
  }
}
const byKey = (a, b) => (keyOf(join(root, a)) < keyOf(join(root, b)) ? -1 : 1);
const entries = [...lazyEntries].sort(byKey);
const sharedList = [...shared].sort(byKey);
if (entries.some((f) => f.includes('node_modules/')))
  throw new Error(`build: a package is imported only through import(): ${entries.join(', ')}`);

// 3. The lazy modules' bundle. Its entry maps each way in to a function that loads
// that module (as `import()` would: on first use); an import of an eager module is handed the main
// bundle's module object, one of execa or pino the main bundle's loader of the deps file; `import('node:…')`
// becomes a require (a vm script has no import()).
const lazyBuild = await build({
  ...common,
  stdin: {
    contents: `module.exports = {\n${entries.map((f) => `  ${JSON.stringify(keyOf(join(root, f)))}: () => require(${JSON.stringify(`./${f}`)}),`).join('\n')}\n};`,
    resolveDir: root,
    sourcefile: 'lazy-entries.cjs',
    loader: 'js',
  },
  write: false,
  metafile: true,
  plugins: [
    {
      name: 'lazy-uses-eager',
      setup(b) {
        b.onResolve({ filter: /.*/ }, async (args) => {
          if (args.pluginData?.inner || args.kind === 'entry-point') return undefined;
          if (args.path === HOST) return { path: HOST, external: true };
          if (isDep(args.path)) return { path: args.path, namespace: 'lazy-dep' };
          if (isBuiltin(args.path))
            return args.kind === 'dynamic-import'
              ? { path: args.path, namespace: 'builtin-import' }
              : { path: args.path, external: true };
          const r = await resolveWith(b, args);
          if (r.errors.length > 0) return { errors: r.errors };
          const key = keyOf(r.path);
          return eager.has(relative(root, r.path)) ? { path: key, namespace: 'eager-module' } : { path: r.path };
        });
        b.onLoad({ filter: /.*/, namespace: 'eager-module' }, (args) => ({
          contents: `module.exports = require(${JSON.stringify(HOST)})[${JSON.stringify(args.path)}];`,
          loader: 'js',
        }));
        b.onLoad({ filter: /.*/, namespace: 'lazy-dep' }, (args) => ({
          contents: `const load = require(${JSON.stringify(HOST)})[${JSON.stringify(DEPS_LOADER)}]; module.exports = ${LAZY_DEPS[args.path]};`,
          loader: 'js',
        }));
        b.onLoad({ filter: /.*/, namespace: 'builtin-import' }, (args) => ({
          contents: `module.exports = require(${JSON.stringify(args.path)});`,
          loader: 'js',
        }));
      },
    },
  ],
});
const lazySource = lazyBuild.outputFiles[0].text;
const leaked = Object.keys(lazyBuild.metafile.inputs).filter((f) => eager.has(f));
if (leaked.length > 0) throw new Error(`build: eager modules bundled twice: ${leaked.join(', ')}`);

// The side files. Each starts with a line naming its build, which the tool checks before it uses either:
// never run code of another build.
const header = (source) =>
  `// upgrade-hook ${pkg.version} ${createHash('sha256').update(source).digest('hex').slice(0, 16)}\n`;
const SIDE_FILES = { 'upgrade-hook-deps.cjs': depsSource, 'upgrade-hook-lazy.cjs': lazySource };
// Reads both side files the first time either is needed, so that a running tool holds both from then on:
// an update of upgrade-hook that replaces them under it is refused there, at the start of its work (in
// practice: both are read within milliseconds of the start of any command that needs them), never met
// halfway through an upgrade.
const sideFilesModule = [
  "const { UpgradeHookError } = require('./src/errors.ts');",
  '// the tool and its two side files are one install: an admin can mend a broken one, so it is not an internal error',
  'const incomplete = (file, why) =>',
  "  new UpgradeHookError('IO', file + ' ' + why + ': the tool needs the two files beside it from its own build', {",
  "    hint: 'reinstall upgrade-hook (dnf reinstall upgrade-hook); from a checkout, copy all three files of dist/ together',",
  '  });',
  'let texts;',
  'module.exports = (name) => {',
  '  if (!texts) {',
  '    texts = {};',
  `    for (const [n, header] of ${JSON.stringify(Object.entries(SIDE_FILES).map(([n, source]) => [n, header(source)]))}) {`,
  "      const file = require('node:path').join(__dirname, n);",
  '      let text;',
  "      try { text = require('node:fs').readFileSync(file, 'utf8'); } catch (e) { throw incomplete(file, e.code === 'ENOENT' ? 'is missing' : e.message); }",
  "      if (!text.startsWith(header)) throw incomplete(file, 'is from another build of upgrade-hook');",
  '      texts[n] = { file, text };',
  '    }',
  '  }',
  '  return texts[name];',
  '};',
].join('\n');
// A module that compiles a side file once, on first use, and returns its exports.
const loaderModule = (filename, requireExpr) =>
  [
    'let loaded;',
    'module.exports = () => {',
    '  if (!loaded) {',
    `    const { file, text } = require('lazy-side-files')(${JSON.stringify(filename)});`,
    "    const wrapper = require('node:vm').runInThisContext(require('node:module').wrap(text), { filename: file });",
    '    const m = { exports: {} };',
    `    wrapper(m.exports, ${requireExpr}, m, file, __dirname);`,
    '    loaded = m.exports;',
    '  }',
    '  return loaded;',
    '};',
  ].join('\n');

// 4. The main bundle. `import('pino')` and friends resolve to a stub that compiles the deps file;
// `import()` of a lazy module to a stub that compiles the lazy file. The entry runs
// main.ts, then hands the lazy bundle the eager modules it imports: before any import() can settle.
const lazyStubs = {
  name: 'lazy-stubs',
  setup(b) {
    b.onResolve({ filter: /^(execa|pino)$/ }, (args) => ({ path: args.path, namespace: 'lazy-dep' }));
    b.onResolve({ filter: /^lazy-(deps-loader|modules-loader|side-files)$/ }, (args) => ({
      path: args.path,
      namespace: 'lazy-loader',
    }));
    b.onResolve({ filter: /.*/ }, async (args) => {
      if (args.pluginData?.inner || args.kind !== 'dynamic-import' || isBuiltin(args.path)) return undefined;
      const r = await resolveWith(b, args);
      if (r.errors.length > 0) return { errors: r.errors };
      return lazyEntries.has(relative(root, r.path)) ? { path: keyOf(r.path), namespace: 'lazy-module' } : undefined;
    });
    b.onLoad({ filter: /.*/, namespace: 'lazy-dep' }, (args) => ({
      contents: `const load = require(${JSON.stringify(DEPS_LOADER)}); module.exports = ${LAZY_DEPS[args.path]};`,
      loader: 'js',
    }));
    b.onLoad({ filter: /.*/, namespace: 'lazy-module' }, (args) => ({
      contents: `module.exports = require('lazy-modules-loader')()[${JSON.stringify(args.path)}]();`,
      loader: 'js',
    }));
    b.onLoad({ filter: /^lazy-deps-loader$/, namespace: 'lazy-loader' }, () => ({
      contents: loaderModule('upgrade-hook-deps.cjs', 'require'),
      loader: 'js',
    }));
    b.onLoad({ filter: /^lazy-side-files$/, namespace: 'lazy-loader' }, () => ({
      contents: sideFilesModule,
      resolveDir: root,
      loader: 'js',
    }));
    b.onLoad({ filter: /^lazy-modules-loader$/, namespace: 'lazy-loader' }, () => ({
      contents: [
        loaderModule('upgrade-hook-lazy.cjs', `(id) => (id === ${JSON.stringify(HOST)} ? eagerModules : require(id))`),
        'let eagerModules;',
        'module.exports.provide = (modules) => { eagerModules = modules; };',
      ].join('\n'),
      loader: 'js',
    }));
  },
};

await build({
  ...common,
  stdin: {
    contents: [
      `import ${JSON.stringify(`./${relative(root, entry)}`)};`,
      ...sharedList.map((f, n) => `import * as m${n} from ${JSON.stringify(`./${f}`)};`),
      `import { provide } from 'lazy-modules-loader';`,
      `import loadDeps from ${JSON.stringify(DEPS_LOADER)};`,
      `provide({\n${sharedList.map((f, n) => `  ${JSON.stringify(keyOf(join(root, f)))}: m${n},`).join('\n')}\n  ${JSON.stringify(DEPS_LOADER)}: loadDeps,\n});`,
    ].join('\n'),
    resolveDir: root,
    sourcefile: 'entry.mjs',
    loader: 'js',
  },
  outfile,
  banner: { js: '#!/usr/bin/env node' },
  plugins: [lazyStubs],
});
chmodSync(outfile, 0o755);
for (const [name, source] of Object.entries(SIDE_FILES))
  writeFileSync(join(dirname(outfile), name), header(source) + source, { mode: 0o644 });
// What the three files carry from npm, with the license texts: the RPM's %license (scripts/bundled-packages.mjs).
const bundled = bundledPackages(
  root,
  [deps, graph, lazyBuild].flatMap((b) => Object.keys(b.metafile.inputs)),
);
writeFileSync(join(root, NOTICES), noticesText(bundled), { mode: 0o644 });

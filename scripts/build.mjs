// Bundles the extension host code and the webview code separately, so the webview's mermaid
// never weighs on activation. `--production` minifies without source maps (for the .vsix);
// `--watch` rebuilds on change.
import * as esbuild from 'esbuild';
import { readdirSync, readFileSync, existsSync } from 'fs';
import { createRequire } from 'module';
import * as path from 'path';

const require = createRequire(import.meta.url);

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

const common = {
  bundle: true,
  minify: production,
  sourcemap: !production,
  logLevel: 'info',
  legalComments: 'none',
};

/**
 * The host bundles, one per entry point. A `lazy` entry is loaded only when first needed: any
 * `import()` of its source file from another bundle stays a plain require of `./<name>.js` at run
 * time, whatever the importing file is called. Run and Capture (execa and its dependencies, about a
 * fifth of the host code) is one, and so is redaction (secretlint's rules): activation never pays for
 * them. Under tsc (unit tests) the same import is a plain require. `forbidden` packages may never be pulled into that entry's bundle.
 */
const hostEntries = [
  { name: 'extension', source: 'src/extension.ts', forbidden: ['execa', 'mermaid', '@secretlint/core', '@secretlint/secretlint-rule-preset-recommend', '@modelcontextprotocol/sdk'] },
  { name: 'cli', source: 'src/cli.ts', forbidden: ['mermaid'] },
  { name: 'capture', source: 'src/node/capture.ts', lazy: true, forbidden: [] },
  { name: 'redact', source: 'src/node/redact.ts', lazy: true, forbidden: [] },
  { name: 'mcp', source: 'src/node/mcp/server.ts', lazy: true, forbidden: ['mermaid', 'express', 'hono'] },
  // The worker thread runbooks are parsed in (src/node/runbookReader.ts starts it by this file name).
  { name: 'runbookWorker', source: 'src/node/runbookWorker.ts', forbidden: ['execa', 'mermaid', '@secretlint/core'] },
];

const lazyEntries = {
  name: 'lazy-entries',
  setup(build) {
    const lazy = new Map(hostEntries.filter((e) => e.lazy).map((e) => [path.resolve(e.source).replace(/\.ts$/, ''), e.name]));
    build.onResolve({ filter: /^\./ }, (args) => {
      if (args.kind !== 'dynamic-import') return undefined;
      const name = lazy.get(path.resolve(args.resolveDir, args.path).replace(/\.ts$/, ''));
      return name ? { path: `./${name}.js`, external: true } : undefined;
    });
  },
};

/**
 * src/settings.ts reads each setting's default from the manifest, where it is written once. The bundle
 * needs only those defaults, not the whole manifest (its menus and commands weigh ~19 KB).
 */
const manifestDefaults = {
  name: 'manifest-defaults',
  setup(build) {
    build.onResolve({ filter: /package\.json$/ }, (args) =>
      args.importer.endsWith(path.join('src', 'settings.ts')) ? { path: path.resolve(args.resolveDir, args.path), namespace: 'manifest-defaults' } : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: 'manifest-defaults' }, (args) => {
      const { properties } = JSON.parse(readFileSync(args.path, 'utf8')).contributes.configuration;
      const defaults = Object.fromEntries(Object.entries(properties).map(([key, { default: value }]) => [key, { default: value }]));
      return { contents: JSON.stringify({ contributes: { configuration: { properties: defaults } } }), loader: 'json', watchFiles: [args.path] };
    });
  },
};

/** Fails the build when an entry's bundle took in a package it must not (see hostEntries). */
function checkForbidden(metafile) {
  const problems = [];
  for (const [output, { entryPoint, inputs }] of Object.entries(metafile.outputs)) {
    const entry = hostEntries.find((e) => entryPoint && path.resolve(entryPoint) === path.resolve(e.source));
    for (const pkg of entry?.forbidden ?? []) {
      const pulled = Object.keys(inputs).find((input) => input.includes(`node_modules/${pkg}/`));
      if (pulled) problems.push(`${output} must not bundle ${pkg} (it took in ${pulled}); load it lazily`);
    }
  }
  if (problems.length) throw new Error(problems.join('\n'));
}

/** linkify-it is markdown-it's, for an option we never turn on: see scripts/stubs/linkify-off.mjs. */
const linkifyOff = {
  name: 'linkify-off',
  setup(build) {
    build.onResolve({ filter: /^linkify-it$/ }, () => ({ path: path.resolve('scripts/stubs/linkify-off.mjs') }));
  },
};

/**
 * jsonc-parser's `main` is a UMD build whose factory requires its own files at run time, which a bundle cannot
 * see; its ES module build bundles as plain imports.
 */
const jsoncParserEsm = {
  name: 'jsonc-parser-esm',
  setup(build) {
    build.onResolve({ filter: /^jsonc-parser$/ }, () => ({ path: require.resolve('jsonc-parser/lib/esm/main.js') }));
  },
};

/** @type {esbuild.BuildOptions[]} */
const builds = [
  {
    ...common,
    // The CLI keeps its shebang from the source file.
    entryPoints: Object.fromEntries(hostEntries.map((e) => [e.name, e.source])),
    outdir: 'dist',
    platform: 'node',
    format: 'cjs',
    target: 'node18',
    external: ['vscode'],
    plugins: [lazyEntries, linkifyOff, manifestDefaults, jsoncParserEsm],
    metafile: true,
    // A plain require for the lazy bundle: the extension host loads CommonJS.
    supported: { 'dynamic-import': false },
  },
];

// Each media/<name>/main.ts is one webview bundle, loaded only by its webview.
for (const name of existsSync('media') ? readdirSync('media', { withFileTypes: true }) : []) {
  if (name.isDirectory() && existsSync(`media/${name.name}/main.ts`)) {
    // A webview may bring its own esbuild plugins (the flowchart keeps only the mermaid diagrams it draws).
    const hooks = existsSync(`media/${name.name}/bundle.cjs`) ? require(path.resolve(`media/${name.name}/bundle.cjs`)) : {};
    builds.push({
      plugins: hooks.plugins ?? [],
      ...common,
      entryPoints: [`media/${name.name}/main.ts`],
      outfile: `media/dist/${name.name}.js`,
      platform: 'browser',
      format: 'iife',
      target: 'es2022',
      minify: true,
    });
  }
}

if (watch) {
  for (const options of builds) {
    const ctx = await esbuild.context(options);
    await ctx.watch();
  }
} else {
  const results = await Promise.all(builds.map((options) => esbuild.build(options)));
  for (const { metafile } of results) if (metafile) checkForbidden(metafile);
}

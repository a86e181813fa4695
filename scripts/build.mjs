// Bundles the extension host code and the webview code separately, so the webview's mermaid
// never weighs on activation. `--production` minifies without source maps (for the .vsix);
// `--watch` rebuilds on change.
import * as esbuild from 'esbuild';
import { readdirSync, existsSync } from 'fs';
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
 * Run and Capture (execa and its dependencies, about a fifth of the host code) is its own bundle,
 * dist/capture.js, loaded by `import('./capture')` the first time someone captures a command:
 * activation never pays for it. Under tsc (unit tests) the same import is a plain require.
 */
const lazyCapture = {
  name: 'lazy-capture',
  setup(build) {
    build.onResolve({ filter: /^\.\/capture$/ }, (args) =>
      args.importer.endsWith('src/runner/commands.ts') ? { path: './capture.js', external: true } : undefined,
    );
  },
};

/** linkify-it is markdown-it's, for an option we never turn on: see scripts/stubs/linkify-off.mjs. */
const linkifyOff = {
  name: 'linkify-off',
  setup(build) {
    build.onResolve({ filter: /^linkify-it$/ }, () => ({ path: path.resolve('scripts/stubs/linkify-off.mjs') }));
  },
};

/** @type {esbuild.BuildOptions[]} */
const builds = [
  {
    ...common,
    // The CLI keeps its shebang from the source file.
    entryPoints: { extension: 'src/extension.ts', cli: 'src/cli.ts', capture: 'src/runner/capture.ts' },
    outdir: 'dist',
    platform: 'node',
    format: 'cjs',
    target: 'node18',
    external: ['vscode'],
    plugins: [lazyCapture, linkifyOff],
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
  await Promise.all(builds.map((options) => esbuild.build(options)));
}

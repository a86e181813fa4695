// Bundles the extension host code and the webview code separately, so the webview's mermaid
// never weighs on activation. `--production` minifies without source maps (for the .vsix);
// `--watch` rebuilds on change.
import * as esbuild from 'esbuild';
import { readdirSync, existsSync } from 'fs';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

const common = {
  bundle: true,
  minify: production,
  sourcemap: !production,
  logLevel: 'info',
  legalComments: 'none',
};

/** @type {esbuild.BuildOptions[]} */
const builds = [
  {
    ...common,
    entryPoints: { extension: 'src/extension.ts', cli: 'src/cli.ts' },
    outdir: 'dist',
    platform: 'node',
    format: 'cjs',
    target: 'node18',
    external: ['vscode'],
    // The CLI keeps its shebang from the source file.
  },
];

// Each media/<name>/main.ts is one webview bundle, loaded only by its webview.
for (const name of existsSync('media') ? readdirSync('media', { withFileTypes: true }) : []) {
  if (name.isDirectory() && existsSync(`media/${name.name}/main.ts`)) {
    builds.push({
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

// esbuild options for this webview's bundle, beyond scripts/build.mjs's defaults. CommonJS so both
// the build script (ESM) and the e2e spec (which bundles a bare mermaid page the same way, as the
// floor of flowchart.renderRatio) can load it.
//
// Mermaid's entry point reaches every diagram type through dynamic import(); bundled as one iife,
// all of them (3.5 MB) would be parsed each time the panel opens, though the panel only ever draws
// a flowchart and a sequence diagram. This plugin keeps those two (and the dagre layout they use)
// and replaces every other diagram type, the extra layouts and KaTeX with a module that throws, so
// a runbook that uses one gets mermaid's error in the panel instead of a silently wrong drawing.
const path = require('path');

/** Dynamically imported modules the flowchart webview draws with. */
const KEEP = /[\\/]chunks[\\/]mermaid\.core[\\/](flowDiagram|sequenceDiagram)-[\w]+\.mjs$|[\\/]dagre-[\w]+\.mjs$/;
/** Dynamically imported modules it can do without. */
const OMIT = /[\\/]chunks[\\/]mermaid\.core[\\/][\w.-]+\.mjs$|^katex$/;

/** @type {import('esbuild').Plugin} */
const onlyTheDiagramsWeDraw = {
  name: 'mermaid-only-the-diagrams-we-draw',
  setup(build) {
    build.onResolve({ filter: /.*/ }, (args) => {
      if (args.kind !== 'dynamic-import' || !args.importer.includes(`${path.sep}mermaid${path.sep}`)) return undefined;
      const resolved = args.path.startsWith('.') ? path.join(args.resolveDir, args.path) : args.path;
      if (KEEP.test(resolved) || !OMIT.test(resolved)) return undefined;
      return { path: resolved, namespace: 'omitted-from-flowchart-webview' };
    });
    build.onLoad({ filter: /.*/, namespace: 'omitted-from-flowchart-webview' }, (args) => ({
      contents: `throw new Error(${JSON.stringify(`The flowchart view draws flowcharts and sequence diagrams only (${path.basename(args.path)} is not included).`)});`,
      loader: 'js',
    }));
  },
};

module.exports = { plugins: [onlyTheDiagramsWeDraw] };

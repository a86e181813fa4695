// The floor for flowchart.renderRatio: mermaid alone in a bare page. It loads, renders the chart
// source it finds in the page with the same security settings as the webview, puts the SVG in the
// DOM and notes when (milliseconds since the page started loading, like the webview's figure).
// Plain JavaScript on purpose: bundled by test/perf/flowchart.perf.ts with esbuild, not compiled by tsc.
import mermaid from 'mermaid';

const source = document.getElementById('source').textContent;
mermaid.initialize({ startOnLoad: false, securityLevel: 'strict', theme: 'base', suppressErrorRendering: true });
mermaid
  .render('bare', source)
  .then(({ svg }) => {
    document.getElementById('out').innerHTML = svg;
    document.body.dataset.svgAt = String(performance.now());
  })
  .catch((error) => {
    document.body.dataset.error = String(error && error.message ? error.message : error);
  });

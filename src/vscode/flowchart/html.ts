// The one HTML document both the panel and the side-bar view load. Pure (no `vscode`), so the
// webview can also be loaded in a plain browser page for tests with exactly this policy.
//
// Content-Security-Policy, and why each source is there:
// - default-src 'none': nothing loads unless listed below (no network, no frames, no fonts,
//   no fetch/XHR), which also closes every channel injected CSS could use to send data out.
// - script-src 'nonce-…': only our bundle, with a fresh nonce per load (crypto.randomUUID).
//   No 'unsafe-eval': mermaid's flowchart and sequence renderers do not need it.
// - style-src ${cspSource} 'unsafe-inline': our stylesheet, plus the styles mermaid writes.
//   Mermaid puts a <style> element inside every SVG and sets style="" attributes through d3
//   while it lays the diagram out. Measured in Chromium: with a nonce-only policy (or nonce +
//   style-src-attr) that <style> is blocked while mermaid measures the labels, so the layout comes
//   out wrong (a 1036×450 chart became 972×607 with overflowing labels), and a nonce cannot be
//   given to elements mermaid creates without patching document.createElement. Inline styles can
//   restyle the page but, with default-src 'none', cannot load or send anything.
// - img-src ${cspSource} data:: mermaid may inline small data: images (icons, markers).
import { INITIAL_RENDER_ELEMENT_ID, type HostMessage } from '../../protocol/flowchart';
export interface FlowchartHtmlOptions {
  /** `webview.cspSource` */
  cspSource: string;
  /** `webview.asWebviewUri(...)` of media/dist/flowchart.js, as a string. */
  scriptUri: string;
  /** `webview.asWebviewUri(...)` of media/flowchart/style.css, as a string. */
  styleUri: string;
  /** Fresh for every load: `crypto.randomUUID()`. */
  nonce: string;
  title: string;
  /**
   * The first 'flowchart/render' message, baked into the page so the chart can be drawn as soon as
   * the script runs, without a round trip to the host. Later updates are messages, after 'ready'.
   */
  initialRender?: HostMessage<'flowchart/render'>;
}

export function contentSecurityPolicy(cspSource: string, nonce: string): string {
  return [
    "default-src 'none'",
    `img-src ${cspSource} data:`,
    `style-src ${cspSource} 'unsafe-inline'`,
    `script-src 'nonce-${nonce}'`,
  ].join('; ');
}

const ATTRIBUTE_ESCAPES: Record<string, string> = { '&': '&amp;', '"': '&quot;', '<': '&lt;', '>': '&gt;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&"<>']/g, (c) => ATTRIBUTE_ESCAPES[c]);
}

/**
 * JSON that is safe as the text of a <script type="application/json">: no `<`, `>` or `&` (so no
 * `</script>` or `<!--` can end it early) and no U+2028/2029, whatever the runbook contains.
 */
export function jsonForScriptElement(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

export function flowchartHtml(options: FlowchartHtmlOptions): string {
  // Not executed (a data block), so the CSP does not apply to it; read with JSON.parse.
  const initial = options.initialRender
    ? `<script type="application/json" id="${INITIAL_RENDER_ELEMENT_ID}">${jsonForScriptElement(options.initialRender)}</script>\n`
    : '';
  return page(options, `${initial}<script nonce="${escapeHtml(options.nonce)}" src="${escapeHtml(options.scriptUri)}"></script>`);
}

/**
 * The page a webview shows before its chart page, under the same policy, with no script. A new side-bar view
 * starts with an empty page, and giving the view its options reloads whatever page it has: VS Code logs
 * "created a webview without a content security policy" for an empty one.
 */
export function loadingHtml(options: Pick<FlowchartHtmlOptions, 'cspSource' | 'styleUri' | 'nonce' | 'title'>): string {
  return page(options, '<p class="hint">Loading the severity flowchart…</p>');
}

function page(options: Pick<FlowchartHtmlOptions, 'cspSource' | 'styleUri' | 'nonce' | 'title'>, body: string): string {
  const csp = contentSecurityPolicy(options.cspSource, options.nonce);
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${escapeHtml(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${escapeHtml(options.styleUri)}">
<title>${escapeHtml(options.title)}</title>
</head>
<body>
${body}
</body>
</html>`;
}

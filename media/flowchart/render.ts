// Mermaid rendering: source text in, an SVG element or an error panel out.
import mermaid from 'mermaid';
import type { MermaidConfig } from 'mermaid';
import { h } from './dom';

export type RenderResult = { ok: true; svg: SVGSVGElement; id: string } | { ok: false; message: string };

let renders = 0;

export function configure(config: MermaidConfig): void {
  mermaid.initialize(config);
}

/**
 * Renders `source` and returns the SVG as a live element (not yet in the page). Mermaid returns
 * markup; in 'strict' mode it has already passed its labels through DOMPurify, and we parse it
 * with DOMParser (an inert document) rather than assigning innerHTML in the page.
 */
export async function renderDiagram(kind: 'flowchart' | 'sequence', source: string): Promise<RenderResult> {
  renders += 1;
  const id = `${kind}-${renders}`;
  // How often mermaid laid each kind out (data-flowchart-draws): a chart is drawn once per render the page shows.
  const drawn = `${kind}Draws` as const;
  document.body.dataset[drawn] = String(Number(document.body.dataset[drawn] ?? '0') + 1);
  try {
    const { svg } = await mermaid.render(id, source);
    const parsed = new DOMParser().parseFromString(svg, 'text/html');
    const element = parsed.body.querySelector('svg');
    if (!element) return { ok: false, message: 'Mermaid produced no SVG for this diagram.' };
    return { ok: true, svg: document.importNode(element, true), id };
  } catch (error) {
    return { ok: false, message: errorMessage(error) };
  } finally {
    // Mermaid measures text in a scratch element under <body>; make sure none is left behind.
    document.getElementById(`d${id}`)?.remove();
  }
}

function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (typeof error === 'string') return error;
  // Mermaid's parser errors are sometimes plain objects with a `str` field.
  if (typeof error === 'object' && error !== null && 'str' in error && typeof error.str === 'string') return error.str;
  return 'Unknown error while drawing the diagram.';
}

/** The panel shown instead of a diagram that does not parse: what is wrong, and the source. */
export function errorPanel(title: string, message: string, source: string, openSource: (() => void) | null): HTMLElement {
  const open = openSource ? h('button', { className: 'secondary', text: 'Open in runbook', attrs: { type: 'button' } }) : null;
  if (open && openSource) open.addEventListener('click', openSource);
  const numbered = source
    .split(/\r?\n/)
    .map((line, index) => `${String(index + 1).padStart(3, ' ')}  ${line}`)
    .join('\n');
  return h(
    'div',
    { className: 'diagram-error', attrs: { role: 'alert' } },
    h('h3', { text: title }),
    h('pre', { className: 'error-message', text: message }),
    h('details', { attrs: { open: '' } }, h('summary', { text: 'Diagram source' }), h('pre', { className: 'error-source', text: numbered })),
    open,
  );
}

// What we add to mermaid's SVG once it is in the page: finding a node or edge by its id in the
// runbook's chart, making level nodes act like buttons, describing action nodes, count badges
// and the highlighted triage path.
import type { ChartAction, ChartLevel, PathEdge } from '../../src/protocol/flowchart';
import { svg, uniqueId } from './dom';

/**
 * Mermaid 11 draws node `X` as `<g class="node" id="<renderId>-flowchart-X-<n>">` and the edge
 * A→B as `<path data-id="L_A_B_<n>">` with its label in `<g class="label" data-id="L_A_B_<n>">`.
 * Both schemes are mermaid internals: everything that depends on them is in this file.
 */
export function nodeElements(root: SVGSVGElement, renderId: string): Map<string, SVGGElement> {
  const prefix = `${renderId}-flowchart-`;
  const nodes = new Map<string, SVGGElement>();
  for (const element of root.querySelectorAll<SVGGElement>('g.node')) {
    if (!element.id.startsWith(prefix)) continue;
    const match = /^(.*)-\d+$/.exec(element.id.slice(prefix.length));
    if (match) nodes.set(match[1], element);
  }
  return nodes;
}

function isEdgeOf(dataId: string | null, edge: PathEdge): boolean {
  const prefix = `L_${edge.from}_${edge.to}_`;
  return !!dataId && dataId.startsWith(prefix) && /^\d+$/.test(dataId.slice(prefix.length));
}

/** The edge's path and its label group (mermaid wraps the label in an `edgeLabel` group). */
export function edgeElements(root: SVGSVGElement, edge: PathEdge): Element[] {
  const found: Element[] = [];
  for (const element of root.querySelectorAll('[data-id^="L_"]')) {
    if (!isEdgeOf(element.getAttribute('data-id'), edge)) continue;
    const labelGroup = element.closest('.edgeLabel');
    found.push(labelGroup ?? element);
  }
  return found;
}

export interface Tooltip {
  show(anchor: Element, lines: TooltipLine[]): void;
  hide(): void;
}

export interface TooltipLine {
  label?: string;
  text: string;
}

export function levelTooltip(level: ChartLevel): TooltipLine[] {
  const lines: TooltipLine[] = [{ text: `${level.name}${level.action ? ` → ${level.action}` : ''}` }];
  if (level.impact) lines.push({ label: 'Impact', text: level.impact });
  if (level.response) lines.push({ label: 'Response', text: level.response });
  if (level.examples.length) lines.push({ label: 'Examples', text: level.examples.join(', ') });
  lines.push({ text: 'Click, Enter or Space to declare an incident at this level.' });
  return lines;
}

function levelLabel(level: ChartLevel, open: number): string {
  const parts = [`Declare ${level.name} incident`];
  if (level.impact) parts.push(`impact: ${level.impact}`);
  if (level.respond) parts.push(level.respond);
  if (open > 0) parts.push(`${open} open`);
  return parts.join(', ');
}

export interface LevelHandlers {
  declare(level: number): void;
  tooltip: Tooltip;
  /** Holds the per-node descriptions that aria-describedby points at (visually hidden). */
  descriptions: HTMLElement;
}

function describe(handlers: LevelHandlers, lines: TooltipLine[]): string {
  const id = uniqueId('node-description');
  const element = document.createElement('div');
  element.id = id;
  element.textContent = lines.map((line) => (line.label ? `${line.label}: ${line.text}` : line.text)).join('. ');
  handlers.descriptions.appendChild(element);
  return id;
}

function attachTooltip(element: SVGGElement, tooltip: Tooltip, lines: TooltipLine[]): void {
  element.addEventListener('mouseenter', () => tooltip.show(element, lines));
  element.addEventListener('mouseleave', () => tooltip.hide());
  element.addEventListener('focus', () => tooltip.show(element, lines));
  element.addEventListener('blur', () => tooltip.hide());
}

/** Makes each level's node a button (mouse and keyboard). Returns the levels that got one. */
export function decorateLevels(
  nodes: Map<string, SVGGElement>,
  levels: ChartLevel[],
  handlers: LevelHandlers,
): number[] {
  const decorated: number[] = [];
  for (const level of levels) {
    const element = level.nodeId ? nodes.get(level.nodeId) : undefined;
    if (!element) continue;
    const lines = levelTooltip(level);
    element.classList.add('level-node', `sev-${Math.min(level.level, 4)}`);
    element.dataset.level = String(level.level);
    element.setAttribute('tabindex', '0');
    element.setAttribute('role', 'button');
    element.setAttribute('aria-label', levelLabel(level, 0));
    element.setAttribute('aria-describedby', describe(handlers, lines));
    element.addEventListener('click', () => handlers.declare(level.level));
    element.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' || event.key === ' ') {
        event.preventDefault();
        handlers.declare(level.level);
      } else if (event.key === 'Escape') {
        handlers.tooltip.hide();
      }
    });
    attachTooltip(element, handlers.tooltip, lines);
    decorated.push(level.level);
  }
  return decorated;
}

export function decorateActions(nodes: Map<string, SVGGElement>, actions: ChartAction[], handlers: LevelHandlers): void {
  for (const action of actions) {
    const element = nodes.get(action.nodeId);
    if (!element) continue;
    const lines: TooltipLine[] = [{ text: action.label }, { label: 'What it means', text: action.meaning }];
    element.classList.add('action-node', `action-${action.kind}`);
    // Focusable so keyboard users can read what the action means, like a hover does.
    element.setAttribute('tabindex', '0');
    element.setAttribute('role', 'img');
    element.setAttribute('aria-label', `${action.label}: ${action.meaning}`);
    attachTooltip(element, handlers.tooltip, lines);
    element.addEventListener('keydown', (event) => {
      if (event.key === 'Escape') handlers.tooltip.hide();
    });
  }
}

/** The width mermaid laid the chart out at (its viewBox), whatever size it is drawn at. */
export function naturalWidth(root: SVGSVGElement): number {
  const width = root.viewBox.baseVal?.width;
  return width || Number.parseFloat(root.getAttribute('width') ?? '') || 0;
}

/**
 * Puts "n open" badges on the level nodes, replacing earlier ones. A badge is the node's sibling,
 * not its child, so mermaid's `.node rect` styles and our level styles never reach it. Its text is
 * the labels' size (--chart-font-size), so the count reads as well as the level it counts.
 */
export function showCounts(nodes: Map<string, SVGGElement>, levels: ChartLevel[], counts: Map<number, number>): void {
  for (const level of levels) {
    const element = level.nodeId ? nodes.get(level.nodeId) : undefined;
    if (!element) continue;
    element.parentElement?.querySelector(`:scope > .count-badge[data-level="${level.level}"]`)?.remove();
    const open = counts.get(level.level) ?? 0;
    element.setAttribute('aria-label', levelLabel(level, open));
    if (open === 0) continue;
    const box = element.getBBox();
    // Its right end on the node's right edge, astride the node's top edge, mostly above it: clear of the label's first line.
    const badge = svg('g', {
      class: 'count-badge',
      'data-level': String(level.level),
      transform: `${element.getAttribute('transform') ?? ''} translate(${box.x + box.width}, ${box.y})`,
      'aria-hidden': 'true',
    });
    const pill = svg('rect', {});
    const label = svg('text', { 'dominant-baseline': 'central', 'text-anchor': 'middle' });
    label.textContent = `${open} open`;
    const title = svg('title');
    title.textContent = `${open} open ${level.name} incident${open === 1 ? '' : 's'}`;
    badge.append(pill, label, title);
    element.after(badge);
    // Sized from the text as drawn, so any font and count fits.
    const text = label.getBBox();
    const height = Math.ceil(text.height * 1.3);
    const width = Math.ceil(text.width + height * 0.9);
    label.setAttribute('x', String(-width / 2));
    label.setAttribute('y', String(-height * 0.2));
    for (const [name, value] of Object.entries({ x: -width, y: -height * 0.7, width, height, rx: height / 2, ry: height / 2 })) {
      pill.setAttribute(name, String(value));
    }
  }
}

/**
 * Grows the chart's viewBox (and its drawn size with it) to hold what we drew outside mermaid's box: the count
 * badges over the top nodes. From the box mermaid gave, each time, so badges that go give the room back.
 */
export function fitViewBox(root: SVGSVGElement): void {
  const base = root.dataset.baseViewBox ?? root.getAttribute('viewBox');
  if (!base) return;
  root.dataset.baseViewBox = base;
  const [x, y, width, height] = base.split(/[\s,]+/).map(Number);
  if (![x, y, width, height].every(Number.isFinite)) return;
  const content = root.getBBox();
  const margin = 2;
  const left = Math.min(x, content.x - margin);
  const top = Math.min(y, content.y - margin);
  const right = Math.max(x + width, content.x + content.width + margin);
  const bottom = Math.max(y + height, content.y + content.height + margin);
  root.setAttribute('viewBox', `${left} ${top} ${right - left} ${bottom - top}`);
  // Mermaid sizes the SVG to its box: a fixed width (drawn at natural size) or a max-width (scaled to fit).
  if (root.style.maxWidth) root.style.maxWidth = `${right - left}px`;
  else if (root.hasAttribute('width')) {
    root.setAttribute('width', String(right - left));
    root.setAttribute('height', String(bottom - top));
  }
}

/** Lights up one triage path and dims the rest; an empty path clears the highlight. */
export function highlightPath(
  root: SVGSVGElement,
  nodes: Map<string, SVGGElement>,
  path: { nodes: string[]; edges: PathEdge[] } | null,
): void {
  for (const element of root.querySelectorAll('.on-path')) element.classList.remove('on-path');
  root.classList.toggle('has-path', !!path);
  if (!path) return;
  for (const id of path.nodes) nodes.get(id)?.classList.add('on-path');
  for (const edge of path.edges) {
    for (const element of edgeElements(root, edge)) element.classList.add('on-path');
  }
}

// One tooltip element for the whole page, shown on hover and on keyboard focus.
import type { Tooltip, TooltipLine } from './chart';
import { h } from './dom';

export function createTooltip(): { element: HTMLElement; tooltip: Tooltip } {
  const element = h('div', { className: 'tooltip', attrs: { role: 'tooltip', id: 'flowchart-tooltip' } });
  element.hidden = true;

  const show = (anchor: Element, lines: TooltipLine[]): void => {
    element.replaceChildren(
      ...lines.map((line, index) =>
        h('div', { className: index === 0 ? 'tooltip-title' : 'tooltip-line' }, line.label ? h('strong', { text: `${line.label}: ` }) : null, line.text),
      ),
    );
    element.hidden = false;
    const anchorBox = anchor.getBoundingClientRect();
    const box = element.getBoundingClientRect();
    const margin = 8;
    // Below the node when it fits, above otherwise; always inside the viewport horizontally.
    const below = anchorBox.bottom + margin + box.height <= window.innerHeight;
    const top = below ? anchorBox.bottom + margin : Math.max(margin, anchorBox.top - margin - box.height);
    const left = Math.min(Math.max(margin, anchorBox.left + anchorBox.width / 2 - box.width / 2), window.innerWidth - box.width - margin);
    element.style.top = `${top + window.scrollY}px`;
    element.style.left = `${Math.max(margin, left) + window.scrollX}px`;
  };
  const hide = (): void => {
    element.hidden = true;
  };
  return { element, tooltip: { show, hide } };
}

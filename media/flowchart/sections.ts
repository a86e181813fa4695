// The sections below the chart: the response-flow sequence diagram and the escalation path.
import type { ChartAction, EscalationRow } from '../../src/protocol/flowchart';
import { h } from './dom';

export function escalationTable(rows: EscalationRow[]): HTMLElement {
  if (rows.length === 0) return h('p', { className: 'hint', text: 'The runbook has no escalation path.' });
  const body = h('tbody');
  for (const row of rows) {
    body.appendChild(
      h('tr', {}, h('th', { text: row.level, attrs: { scope: 'row' } }), h('td', { text: row.contact }), h('td', { text: row.when })),
    );
  }
  return h(
    'table',
    { className: 'escalation-table' },
    h('thead', {}, h('tr', {}, ...['Level', 'Contact', 'When'].map((text) => h('th', { text, attrs: { scope: 'col' } })))),
    body,
  );
}

/** A legend under the chart, so what each action means is visible without hovering. */
export function actionLegend(actions: ChartAction[]): HTMLElement | null {
  if (actions.length === 0) return null;
  const list = h('dl', { className: 'legend' });
  for (const action of actions) {
    list.append(h('dt', { className: `action-${action.kind}`, text: action.label }), h('dd', { text: action.meaning }));
  }
  return list;
}

export function section(title: string, id: string, ...content: Array<Node | null>): HTMLElement {
  const headingId = `${id}-heading`;
  const element = h('section', { className: id, attrs: { 'aria-labelledby': headingId } }, h('h2', { text: title, attrs: { id: headingId } }));
  for (const node of content) if (node) element.appendChild(node);
  return element;
}

// The Runbook Health section of the Incident History panel: the figures the host counted (the same as
// `incident-runbook health`), one table of steps and one list of other findings per runbook, each row with
// "Open the runs" and "Mark as reviewed". Built with DOM calls and textContent only: runbook and note text never
// becomes markup.
import { isHistoryHostMessage, type HistoryWebviewMessage, type RunbookHealthView } from '../../src/protocol/history';

const vscode = acquireVsCodeApi();
const post = (message: HistoryWebviewMessage): void => vscode.postMessage(message);

function element<K extends keyof HTMLElementTagNameMap>(tag: K, text?: string, className?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = text;
  if (className) node.className = className;
  return node;
}

function button(label: string, onClick: () => void): HTMLButtonElement {
  const b = element('button', label);
  b.type = 'button';
  b.addEventListener('click', onClick);
  return b;
}

/** A UTC time as the note writes it, shortened: "2026-10-02 09:01 UTC". */
function when(iso: string | null): string {
  return iso ? `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC` : 'never';
}

function actions(row: number, hasRuns: boolean, reviewable: boolean, reviewed: boolean): HTMLElement {
  const cell = element('td', undefined, 'actions');
  if (hasRuns) cell.append(button('Open the runs', () => post({ type: 'health/openRuns', row })));
  if (reviewable) {
    if (reviewed) cell.append(element('span', 'Reviewed', 'reviewed-tag'));
    else cell.append(button('Mark as reviewed', () => post({ type: 'health/markReviewed', row })));
  }
  return cell;
}

function stepStatus(step: RunbookHealthView['steps'][number], view: RunbookHealthView): string {
  const words: string[] = [];
  if (step.stale) words.push(`stale (last ${view.staleRuns} runs: command not found)`);
  if (step.neverRun) words.push(`never run in ${view.incidents} incidents`);
  if (!step.stale && step.failures > 0) words.push(`failed ${step.failures} of ${step.runs}`);
  return words.join('; ') || (step.runs > 0 ? 'ok' : 'not run yet');
}

function renderRunbook(view: RunbookHealthView, rows: string[]): HTMLElement {
  const section = element('section', undefined, 'runbook-health');
  section.append(element('h3', view.runbook), element('p', `From ${view.incidents} incident note(s). A step is "never run" after ${view.neverRunIncidents} incidents without it, "stale" when its last ${view.staleRuns} runs ended "command not found" (settings).`, 'hint'));

  const table = element('table');
  const head = element('tr');
  for (const title of ['Step', 'Runs', 'Failed', 'Last run', 'Health', '']) head.append(element('th', title));
  table.append(element('thead'), element('tbody'));
  table.tHead!.append(head);
  for (const step of view.steps) {
    const tr = element('tr', undefined, step.stale ? 'stale' : step.failures > 0 ? 'failing' : step.neverRun ? 'never-run' : '');
    const status = stepStatus(step, view);
    const name = element('th', step.title);
    name.scope = 'row';
    tr.append(name, element('td', String(step.runs)), element('td', String(step.failures)), element('td', when(step.lastRun), 'when'), element('td', status, 'status'));
    tr.append(actions(step.row, step.runs > 0, step.finding !== null, step.reviewed));
    table.tBodies[0].append(tr);
    rows.push(`${step.title} | runs ${step.runs} | failed ${step.failures} | last ${when(step.lastRun)} | ${status}${step.reviewed ? ' | reviewed' : ''}`);
  }
  const scroll = element('div', undefined, 'scroll');
  scroll.append(table);
  section.append(scroll);

  if (view.findings.length > 0) {
    const list = element('table', undefined, 'findings');
    const body = element('tbody');
    list.append(body);
    for (const finding of view.findings) {
      const tr = element('tr', undefined, finding.reviewed ? 'is-reviewed' : '');
      tr.append(element('td', finding.message, 'message'), actions(finding.row, finding.hasRuns, true, finding.reviewed));
      body.append(tr);
      rows.push(`${finding.message}${finding.reviewed ? ' | reviewed' : ''}`);
    }
    section.append(element('h4', 'Also found'), list);
  }
  return section;
}

function render(runbooks: RunbookHealthView[]): void {
  const root = document.getElementById('health');
  if (!root) return;
  const rows: string[] = [];
  root.replaceChildren(element('h2', 'Runbook health'));
  if (runbooks.length === 0) {
    root.append(element('p', 'No runbook has incident notes yet: health is counted from the runs recorded in them.'));
    rows.push('no runbook with incident notes');
  }
  for (const view of runbooks) root.append(renderRunbook(view, rows));
  post({ type: 'health/rendered', rows });
}

window.addEventListener('message', (event: MessageEvent<unknown>) => {
  if (isHistoryHostMessage(event.data)) render(event.data.runbooks);
});
post({ type: 'webview/ready' });

import * as vscode from 'vscode';
import type { Incident } from '../../core/incident/model';
import { formatElapsed, formatUtc } from '../../core/incident/time';
import { localTimeAndAgo } from '../../core/wording';
import type { Services } from '../services';
import { clocksOf, countdownText } from './deadlines';
import { incidentLevelName } from './levelName';

/** Most urgent first: the most severe level, then the nearest deadline, then the oldest. */
export function mostUrgent(open: { incident: Incident; due?: number }[]): { incident: Incident; due?: number } | undefined {
  return [...open].sort(
    (a, b) => a.incident.level - b.incident.level || (a.due ?? Infinity) - (b.due ?? Infinity) || a.incident.declared.localeCompare(b.incident.declared),
  )[0];
}

/** Shows the most urgent open incident (level, elapsed, next deadline); a click opens its note. */
export function registerIncidentStatusBar(deps: Services): vscode.Disposable {
  const item = vscode.window.createStatusBarItem('incidentRunbook.mostUrgent', vscode.StatusBarAlignment.Left, 100);
  item.name = 'Incident Runbook: most urgent incident';

  const update = async (): Promise<void> => {
    const now = deps.clock.now();
    const open = await Promise.all(
      (await deps.store.open()).map(async (incident) => {
        const clocks = await clocksOf(deps, incident);
        return { incident, due: clocks.next ? Date.parse(clocks.next.due) : undefined, clocks };
      }),
    );
    const top = mostUrgent(open) as (typeof open)[number] | undefined;
    if (!top) {
      item.hide();
      return;
    }
    const { incident } = top;
    const elapsed = formatElapsed(now.getTime() - Date.parse(incident.declared));
    const { clocks } = top;
    const next = clocks.next ? ` · ${countdownText(clocks.next, now)}` : '';
    item.text = `$(flame) ${await incidentLevelName(deps, incident)} ${elapsed}${next}`;
    item.tooltip = [
      `${incident.title} — ${incident.status}${open.length > 1 ? ` (+${open.length - 1} more open)` : ''}`,
      `Declared ${localTimeAndAgo(incident.declared, now)} · ${formatUtc(incident.declared)}`,
      incident.acknowledged ? '' : 'Not acknowledged',
      clocks.noResponseClock,
      clocks.updateCadence,
    ].filter(Boolean).join('\n');
    item.backgroundColor = incident.level <= 1 || (top.due !== undefined && top.due < now.getTime()) ? new vscode.ThemeColor('statusBarItem.errorBackground') : undefined;
    item.command = { command: 'incidentRunbook.openIncidentNote', title: 'Open Incident Note', arguments: [{ incidentId: incident.id }] };
    item.show();
  };

  // The store loads lazily: the status bar only shows once something (the tree, a command) has read the notes.
  const ticker = setInterval(() => void update(), 30_000);
  return vscode.Disposable.from(item, deps.store.onDidChange(() => void update()), { dispose: () => clearInterval(ticker) });
}

import { randomUUID } from 'crypto';
import * as vscode from 'vscode';
import { summarizeIncidents, toCsv, type LevelSummary } from '../../core/incident/metrics';
import type { Incident } from '../../core/incident/model';
import { formatElapsed } from '../../core/incident/time';
import type { CommandTable } from '../commands';
import { escapeHtml } from '../flowchart/html';
import type { Runbook } from '../../core/runbook/model';
import { HISTORY_VIEW_TYPE } from '../../protocol/history';
import type { Services } from '../services';
import { plural } from '../../core/wording';
import { attachHealthSection, type HealthSectionDeps } from './healthSection';

export interface HistoryDeps extends HealthSectionDeps {
  extensionUri: vscode.Uri;
}

/**
 * Incident history over the workspace's notes: counts, median time to acknowledge and resolve, and SLA misses per
 * level, as a table and a small bar chart, then the Runbook Health section. The history part is static HTML; the
 * health section is drawn by the page's script from the figures the host sends (src/protocol/history.ts), and its
 * rows' actions come back as messages.
 */
export function createHistoryCommands(services: Services, deps: HistoryDeps): CommandTable {
  const historyOptions = async (): Promise<{ incidents: Incident[]; runbookFor: (incident: Incident) => Runbook | null }> => {
    const incidents = await services.store.incidents();
    const runbooks = new Map<string, Runbook | null>();
    for (const incident of incidents) runbooks.set(incident.id, (await services.runbookOf(incident))?.runbook ?? null);
    return { incidents, runbookFor: (incident) => runbooks.get(incident.id) ?? null };
  };

  return {
    'incidentRunbook.showHistory': async () => {
      const { incidents, runbookFor } = await historyOptions();
      const summary = summarizeIncidents(incidents, { now: services.clock.now(), cadence: services.cadence(), runbookFor });
      const media = vscode.Uri.joinPath(deps.extensionUri, 'media');
      const panel = vscode.window.createWebviewPanel(HISTORY_VIEW_TYPE, 'Incident History', vscode.ViewColumn.Active, {
        enableScripts: true,
        enableCommandUris: ['incidentRunbook.exportHistoryCsv'],
        localResourceRoots: [vscode.Uri.joinPath(media, 'dist')],
      });
      const script = panel.webview.asWebviewUri(vscode.Uri.joinPath(media, 'dist', 'history.js')).toString();
      panel.webview.html = historyHtml(panel.webview, summary, incidents.length, { script, nonce: randomUUID() });
      const health = attachHealthSection(panel, services, deps);
      panel.onDidDispose(() => health.dispose());
      return summary;
    },
    'incidentRunbook.exportHistoryCsv': async (arg) => {
      const target = (arg as { uri?: string } | undefined)?.uri
        ? vscode.Uri.parse((arg as { uri: string }).uri)
        : await vscode.window.showSaveDialog({ defaultUri: vscode.workspace.workspaceFolders && vscode.Uri.joinPath(vscode.workspace.workspaceFolders[0].uri, 'incident-history.csv'), filters: { CSV: ['csv'] } });
      if (!target) return undefined;
      const { incidents, runbookFor } = await historyOptions();
      await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(toCsv(incidents, { now: services.clock.now(), cadence: services.cadence(), runbookFor })));
      const unreadable = (await services.store.malformed()).map((e) => vscode.workspace.asRelativePath(e.uri));
      const leftOut = unreadable.length ? ` ${plural(unreadable.length, 'note')} could not be read and ${unreadable.length === 1 ? 'is' : 'are'} not in it: ${unreadable.join(', ')}.` : '';
      void vscode.window[unreadable.length ? 'showWarningMessage' : 'showInformationMessage'](`Exported ${plural(incidents.length, 'incident')} to ${vscode.workspace.asRelativePath(target)}.${leftOut}`);
      return target;
    },
  };
}

function seconds(value: number | null): string {
  return value === null ? '—' : formatElapsed(value * 1000);
}

export function historyHtml(webview: vscode.Webview, rows: LevelSummary[], total: number, page: { script: string; nonce: string }): string {
  const maxCount = Math.max(1, ...rows.map((r) => r.count));
  const barWidth = 240;
  // The bars start after the longest level name ("Priority 1 (P1) - High" is longer than "SEV1"), about 7 px a character.
  const nameWidth = Math.max(60, ...rows.map((r) => r.name.length * 7 + 12));
  // Missed is hatched as well as red: the chart does not rely on colour alone (the table has the numbers).
  const hatch = `<defs><pattern id="missed-hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
<rect class="missed-hatch-bg" width="6" height="6"/><line class="missed-hatch-line" x1="0" y1="0" x2="0" y2="6"/></pattern></defs>`;
  const bars = hatch + rows
    .map((r, i) => {
      const y = i * 28;
      const met = (r.slaMet / maxCount) * barWidth;
      const missed = (r.slaMissed / maxCount) * barWidth;
      const rest = ((r.count - r.slaMet - r.slaMissed) / maxCount) * barWidth;
      return `<text x="0" y="${y + 17}">${escapeHtml(r.name)}</text>
<rect class="met" x="${nameWidth}" y="${y + 4}" width="${met}" height="18"><title>${r.slaMet} met the response SLA</title></rect>
<rect class="missed" x="${nameWidth + met}" y="${y + 4}" width="${missed}" height="18"><title>${r.slaMissed} missed the response SLA</title></rect>
<rect class="other" x="${nameWidth + met + missed}" y="${y + 4}" width="${rest}" height="18"><title>${r.count - r.slaMet - r.slaMissed} without a response SLA result</title></rect>
<text x="${nameWidth + 6 + met + missed + rest}" y="${y + 17}">${r.count}</text>`;
    })
    .join('\n');
  const table = rows
    .map((r) => `<tr><th scope="row">${escapeHtml(r.name)}</th><td>${r.count}</td><td>${r.open}</td><td>${seconds(r.medianTimeToAcknowledgeSeconds)}</td><td>${seconds(r.medianTimeToResolveSeconds)}</td><td>${r.slaMet}</td><td>${r.slaMissed}</td><td>${seconds(r.medianFailedDeploymentRecoverySeconds)}</td></tr>`)
    .join('\n');
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src ${webview.cspSource} 'unsafe-inline'; script-src 'nonce-${page.nonce}';">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>Incident History</title>
<style>
body { color: var(--vscode-foreground); background: var(--vscode-editor-background); font-family: var(--vscode-font-family); padding: 0 16px; }
table { border-collapse: collapse; margin: 12px 0; }
.scroll { overflow-x: auto; }
th, td { border: 1px solid var(--vscode-panel-border, var(--vscode-contrastBorder, #8884)); padding: 4px 10px; text-align: right; }
thead th { text-align: center; }
svg text { fill: var(--vscode-foreground); font-size: var(--vscode-font-size, 12px); }
rect.met { fill: var(--vscode-charts-green, #388a34); }
rect.missed { fill: url(#missed-hatch); }
.missed-hatch-bg { fill: var(--vscode-charts-red, #e51400); }
.missed-hatch-line { stroke: var(--vscode-editor-background); stroke-width: 3; }
.legend { display: flex; align-items: center; gap: 4px 14px; flex-wrap: wrap; }
.legend > span { white-space: nowrap; }
.swatch { display: inline-block; width: 1.2em; height: 0.9em; border: 1px solid var(--vscode-contrastBorder, transparent); }
.swatch.met { background: var(--vscode-charts-green, #388a34); }
.swatch.missed { background: repeating-linear-gradient(45deg, var(--vscode-charts-red, #e51400) 0 4px, var(--vscode-editor-background) 4px 6px); }
.swatch.other { background: var(--vscode-charts-foreground, #888); opacity: .5; }
rect.other { fill: var(--vscode-charts-foreground, #888); opacity: .5; }
a { color: var(--vscode-textLink-foreground); }
a:focus { outline: 1px solid var(--vscode-focusBorder); }
${HEALTH_STYLE}
</style></head>
<body>
<h1>Incident history</h1>
<p>${plural(total, 'incident note')} in this workspace. <a href="command:incidentRunbook.exportHistoryCsv">Export as CSV</a></p>
${rows.length === 0 ? '<p>No incidents yet.</p>' : `<div class="scroll"><table><thead><tr><th>Level</th><th>Incidents</th><th>Open</th><th>Median time to acknowledge</th><th>Median time to resolve</th><th>SLA met</th><th>SLA missed</th><th>Median failed deployment recovery time</th></tr></thead><tbody>
${table}
</tbody></table></div>
<svg aria-hidden="true" width="${nameWidth + barWidth + 60}" height="${rows.length * 28 + 4}">
${bars}
</svg>
<p class="legend"><span><span class="swatch met"></span> response SLA met</span> <span><span class="swatch missed"></span> missed (hatched)</span> <span><span class="swatch other"></span> no result yet</span> <span>(the table above has the same figures)</span></p>
<p>Failed deployment recovery time (DORA): from the change confirmed as the trigger (<em>Incident: Confirm Trigger Change</em>) to the resolution, over the incidents that have one; — where none has.</p>`}
<section id="health" aria-live="polite"><h2>Runbook health</h2><p>Counting the runs in the incident notes…</p></section>
<script nonce="${page.nonce}" src="${page.script}"></script>
</body></html>`;
}

// Theme colours only (light, dark and both high-contrast themes set them); a state is never told by colour alone
// (the Health column says it in words), and high contrast gets a dashed outline besides the mark at the row's start.
const HEALTH_STYLE = `
#health { margin-top: 24px; }
#health .hint { color: var(--vscode-descriptionForeground); }
#health th[scope="row"], #health td.status, #health td.message { text-align: left; }
#health tr.stale td.status, #health tr.failing td.status { color: var(--vscode-errorForeground); }
#health tr.never-run td.status { color: var(--vscode-editorWarning-foreground, var(--vscode-foreground)); }
#health tr.stale th, #health tr.failing th { box-shadow: inset 3px 0 0 var(--vscode-errorForeground); }
#health td.when { white-space: nowrap; }
#health tr.is-reviewed td.message, #health .reviewed-tag { color: var(--vscode-descriptionForeground); }
#health td.actions { white-space: nowrap; text-align: left; }
#health button { color: var(--vscode-button-secondaryForeground, var(--vscode-button-foreground)); background: var(--vscode-button-secondaryBackground, var(--vscode-button-background));
  border: 1px solid var(--vscode-button-border, var(--vscode-contrastBorder, transparent)); padding: 2px 8px; margin-right: 6px; font: inherit; cursor: pointer; }
#health button:hover { background: var(--vscode-button-secondaryHoverBackground, var(--vscode-button-hoverBackground)); }
#health button:focus-visible { outline: 1px solid var(--vscode-focusBorder); outline-offset: 1px; }
body.vscode-high-contrast #health tr.stale, body.vscode-high-contrast #health tr.failing { outline: 1px dashed var(--vscode-contrastActiveBorder, var(--vscode-contrastBorder)); }
`;

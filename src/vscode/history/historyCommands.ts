import * as vscode from 'vscode';
import { summarizeIncidents, toCsv, type LevelSummary } from '../../core/incident/metrics';
import type { Incident } from '../../core/incident/model';
import { formatElapsed } from '../../core/incident/time';
import type { CommandTable } from '../commands';
import { levelLabel } from '../../core/runbook/levels';
import type { Runbook } from '../../core/runbook/model';
import type { Services } from '../services';

/**
 * Incident history over the workspace's notes: counts, median time to acknowledge and resolve, and SLA misses per
 * level, as a table and a small bar chart. The page is static HTML with no script at all; its one action is a
 * command link (export as CSV).
 */
export function createHistoryCommands(services: Services): CommandTable {
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
      const panel = vscode.window.createWebviewPanel('incidentRunbook.history', 'Incident History', vscode.ViewColumn.Active, { enableScripts: false, enableCommandUris: ['incidentRunbook.exportHistoryCsv'], localResourceRoots: [] });
      panel.webview.html = historyHtml(panel.webview, summary, incidents.length);
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
      const leftOut = unreadable.length ? ` ${unreadable.length} note(s) could not be read and are not in it: ${unreadable.join(', ')}.` : '';
      void vscode.window[unreadable.length ? 'showWarningMessage' : 'showInformationMessage'](`Exported ${incidents.length} incident(s) to ${vscode.workspace.asRelativePath(target)}.${leftOut}`);
      return target;
    },
  };
}

function seconds(value: number | null): string {
  return value === null ? '—' : formatElapsed(value * 1000);
}

export function historyHtml(webview: vscode.Webview, rows: LevelSummary[], total: number): string {
  const maxCount = Math.max(1, ...rows.map((r) => r.count));
  const barWidth = 240;
  // Missed is hatched as well as red: the chart does not rely on colour alone (the table has the numbers).
  const hatch = `<defs><pattern id="missed-hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
<rect class="missed-hatch-bg" width="6" height="6"/><line class="missed-hatch-line" x1="0" y1="0" x2="0" y2="6"/></pattern></defs>`;
  const bars = hatch + rows
    .map((r, i) => {
      const y = i * 28;
      const met = (r.slaMet / maxCount) * barWidth;
      const missed = (r.slaMissed / maxCount) * barWidth;
      const rest = ((r.count - r.slaMet - r.slaMissed) / maxCount) * barWidth;
      return `<text x="0" y="${y + 17}">${levelLabel(r.level)}</text>
<rect class="met" x="60" y="${y + 4}" width="${met}" height="18"><title>${r.slaMet} met the response SLA</title></rect>
<rect class="missed" x="${60 + met}" y="${y + 4}" width="${missed}" height="18"><title>${r.slaMissed} missed the response SLA</title></rect>
<rect class="other" x="${60 + met + missed}" y="${y + 4}" width="${rest}" height="18"><title>${r.count - r.slaMet - r.slaMissed} without a response SLA result</title></rect>
<text x="${66 + met + missed + rest}" y="${y + 17}">${r.count}</text>`;
    })
    .join('\n');
  const table = rows
    .map((r) => `<tr><th scope="row">${levelLabel(r.level)}</th><td>${r.count}</td><td>${r.open}</td><td>${seconds(r.medianTimeToAcknowledgeSeconds)}</td><td>${seconds(r.medianTimeToResolveSeconds)}</td><td>${r.slaMet}</td><td>${r.slaMissed}</td><td>${seconds(r.medianFailedDeploymentRecoverySeconds)}</td></tr>`)
    .join('\n');
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src ${webview.cspSource} 'unsafe-inline';">
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
</style></head>
<body>
<h1>Incident history</h1>
<p>${total} incident note(s) in this workspace. <a href="command:incidentRunbook.exportHistoryCsv">Export as CSV</a></p>
${rows.length === 0 ? '<p>No incidents yet.</p>' : `<div class="scroll"><table><thead><tr><th>Level</th><th>Incidents</th><th>Open</th><th>Median time to acknowledge</th><th>Median time to resolve</th><th>SLA met</th><th>SLA missed</th><th>Median failed deployment recovery time</th></tr></thead><tbody>
${table}
</tbody></table></div>
<svg aria-hidden="true" width="${barWidth + 120}" height="${rows.length * 28 + 4}">
${bars}
</svg>
<p class="legend"><span><span class="swatch met"></span> response SLA met</span> <span><span class="swatch missed"></span> missed (hatched)</span> <span><span class="swatch other"></span> no result yet</span> <span>(the table above has the same figures)</span></p>
<p>Failed deployment recovery time (DORA): from the change confirmed as the trigger (<em>Incident: Confirm Trigger Change</em>) to the resolution, over the incidents that have one; — where none has.</p>`}
</body></html>`;
}

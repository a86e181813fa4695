// The Runbook Health section's figures, from the same counts as the problems and `incident-runbook health`
// (runbookHealth, healthFindings' words), and what each row's actions stand for.
import * as vscode from 'vscode';
import { healthFindings, type RunbookHealth } from '../../core/health/health';
import { incidentMetrics } from '../../core/incident/metrics';
import { isHistoryWebviewMessage, type HealthFindingRow, type HealthStepRow, type HistoryHostMessage, type RunbookHealthView } from '../../protocol/history';
import { MARK_REVIEWED } from '../health/healthProblems';
import { healthOfRunbooks, healthReviewKey, reviewedHealthKeys } from '../health/workspaceHealth';
import type { Services } from '../services';

export interface HealthSectionDeps {
  workspaceState: vscode.Memento;
  /** Fires with what the Runbook Health section shows, row by row, after each render. */
  rendered: vscode.EventEmitter<string[]>;
}

/** A run to open: its incident, and when it ran (null: the note as a whole). */
export interface RunRef {
  incident: string;
  at: string | null;
  label: string;
}

/** What a row's id stands for: the runs "Open the runs" opens, the keys "Mark as reviewed" records. */
export type HealthTargets = Map<number, { runs: RunRef[]; reviewKeys: string[] }>;

const NO_FINDINGS: Pick<RunbookHealth, 'steps' | 'knownIncidentsNeverMatched' | 'resolvedWithoutRuns' | 'slaByLevel'> = {
  steps: [],
  knownIncidentsNeverMatched: [],
  resolvedWithoutRuns: [],
  slaByLevel: [],
};

export async function healthSection(services: Services, state: vscode.Memento): Promise<{ runbooks: RunbookHealthView[]; targets: HealthTargets }> {
  const reviewed = reviewedHealthKeys(state);
  const targets: HealthTargets = new Map();
  const runbooks: RunbookHealthView[] = [];
  for (const { loaded, health, incidents } of await healthOfRunbooks(services, await services.runbooks.workspaceRunbooks())) {
    const steps: HealthStepRow[] = health.steps.map((step) => {
      // The step's own findings, in the words the problems and the CLI use.
      const findings = healthFindings({ ...health, ...NO_FINDINGS, steps: [step] });
      const reviewKeys = findings.map((f) => healthReviewKey(loaded, f));
      const row = targets.size;
      const runs = [...step.runs].sort((a, b) => b.at.localeCompare(a.at)).map((r) => ({ incident: r.incident, at: r.at, label: `${r.command} — ${r.outcome}` }));
      targets.set(row, { runs, reviewKeys });
      return {
        row,
        title: step.title,
        runs: step.runs.length,
        failures: step.failures,
        lastRun: step.lastRun,
        stale: step.stale,
        neverRun: step.neverRun,
        finding: findings.length ? findings.map((f) => f.message).join(' ') : null,
        reviewed: reviewKeys.length > 0 && reviewKeys.every((k) => reviewed.has(k)),
      };
    });
    const findingRows: HealthFindingRow[] = [];
    const add = (of: Partial<RunbookHealth>, runs: RunRef[]): void => {
      for (const finding of healthFindings({ ...health, ...NO_FINDINGS, ...of })) {
        const row = targets.size;
        const key = healthReviewKey(loaded, finding);
        targets.set(row, { runs, reviewKeys: [key] });
        findingRows.push({ row, message: finding.message, hasRuns: runs.length > 0, reviewed: reviewed.has(key) });
      }
    };
    for (const known of health.knownIncidentsNeverMatched) add({ knownIncidentsNeverMatched: [known] }, []);
    add({ resolvedWithoutRuns: health.resolvedWithoutRuns }, health.resolvedWithoutRuns.map((id) => ({ incident: id, at: null, label: 'resolved with no diagnostic run' })));
    for (const level of health.slaByLevel) {
      const missed = incidents
        .filter((i) => i.level === level.level && incidentMetrics(i, loaded.runbook, { now: services.clock.now() }).responseSla?.status === 'missed')
        .map((i) => ({ incident: i.id, at: null, label: `${level.name}: response SLA missed` }));
      add({ slaByLevel: [level] }, missed);
    }
    runbooks.push({
      runbook: vscode.workspace.asRelativePath(loaded.uri),
      incidents: health.incidents,
      steps,
      findings: findingRows,
      neverRunIncidents: health.options.neverRunIncidents,
      staleRuns: health.options.staleRuns,
    });
  }
  return { runbooks, targets };
}

/** Opens the note of a run at its timeline line; several runs are offered newest first. */
export async function openRuns(services: Services, runs: RunRef[]): Promise<void> {
  if (runs.length === 0) return;
  const pick =
    runs.length === 1
      ? runs[0]
      : (await vscode.window.showQuickPick(
          runs.map((run) => ({ label: run.incident, description: run.at ?? '', detail: run.label, run })),
          { title: 'Open which run?', matchOnDescription: true, matchOnDetail: true },
        ))?.run;
  if (!pick) return;
  const uri = await services.store.uriOf(pick.incident);
  if (!uri) {
    void vscode.window.showWarningMessage(`The note of ${pick.incident} is no longer in the workspace.`);
    return;
  }
  const document = await vscode.workspace.openTextDocument(uri);
  // The timeline writes each event as "- <time> [kind] …".
  const line = pick.at === null ? -1 : Array.from({ length: document.lineCount }, (_, i) => document.lineAt(i).text).findIndex((t) => t.startsWith(`- ${pick.at} [command]`));
  const at = new vscode.Position(Math.max(0, line), 0);
  await vscode.window.showTextDocument(document, { preview: false, selection: new vscode.Range(at, at) });
}

/** Serves the page's Runbook Health section: the figures after its `ready`, then its rows' actions. */
export function attachHealthSection(panel: vscode.WebviewPanel, services: Services, deps: HealthSectionDeps): vscode.Disposable {
  let targets: HealthTargets = new Map();
  const send = async (): Promise<void> => {
    const section = await healthSection(services, deps.workspaceState);
    targets = section.targets;
    const message: HistoryHostMessage = { type: 'health/render', runbooks: section.runbooks };
    await panel.webview.postMessage(message);
  };
  const failed = (error: unknown): void => {
    services.log.error(`Runbook health: ${error instanceof Error ? error.message : String(error)}`);
    void vscode.window.showErrorMessage(`Runbook health: ${error instanceof Error ? error.message : String(error)}`);
  };
  const listener = panel.webview.onDidReceiveMessage((message: unknown) => {
    if (!isHistoryWebviewMessage(message)) {
      services.log.warn(`Incident History: ignored a message that is not in the protocol: ${JSON.stringify(message)?.slice(0, 200)}`);
      return;
    }
    if (message.type === 'webview/ready') void send().catch(failed);
    else if (message.type === 'health/rendered') deps.rendered.fire(message.rows);
    else {
      const target = targets.get(message.row);
      if (!target) return;
      if (message.type === 'health/openRuns') void openRuns(services, target.runs).catch(failed);
      else {
        // Through the problems' own command, so the problem in the runbook goes too; then the section redraws.
        const marked = async (): Promise<void> => {
          for (const key of target.reviewKeys) await vscode.commands.executeCommand(MARK_REVIEWED, key);
          await send();
        };
        void marked().catch(failed);
      }
    }
  });
  return listener;
}

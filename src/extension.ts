// Composition root: builds the services once, hands them to each feature, returns the API.
// Nothing here reads files: the notes load when a view or command first needs them, and the runbook
// read starts just after activate() returns (see RunbookService.readSoon).
import * as vscode from 'vscode';
import { createLog } from './common/log';
import { registerCommandTable } from './common/commands';
import { threadCpuMs } from './common/threadCpu';
import { registerFlowchart } from './flowchart';
import { systemClock } from './incident/time';
import { registerClockWatcher, type DeadlineAnnouncement } from './incidents/clockWatcher';
import { createIncidentCommands } from './incidents/incidentCommands';
import { IncidentStore } from './incidents/incidentStore';
import type { IncidentTreeProvider } from './incidents/incidentTree';
import { registerIncidentViews } from './incidents/views';
import { runnerIncidents } from './incidents/runnerBridge';
import { registerNoteProblems } from './incidents/noteProblems';
import { registerIncidentStatusBar } from './incidents/statusBar';
import { createHistoryCommands } from './postmortem/history';
import { createPostmortemCommands } from './postmortem/postmortemCommands';
import { registerRunbookProblems } from './runbooks/problems';
import { RunbookService } from './runbooks/runbookService';
import type { RunbookTreeProvider } from './runbooks/runbookTree';
import { registerRunbookViews } from './runbooks/views';
import { registerRunner } from './runner';
import { createServices, type Services } from './services';

export interface IncidentRunbookApi {
  /** How long `activate()` took, measured inside it (the perf figure `activation.activateMs`). */
  activateMs: number;
  /** The extension host thread's CPU time in `activate()`, where Node can tell (`activation.activateCpuMs`). */
  activateCpuMs: number | undefined;
  services: Services;
  /** The tree providers, so other extensions and our integration tests read what the views show. */
  trees: { incidents: IncidentTreeProvider; runbook: RunbookTreeProvider };
  /** Fires as each passed deadline is announced: other extensions can forward it (chat, pager). */
  onDidAnnounceDeadline: vscode.Event<DeadlineAnnouncement>;
}

export function activate(context: vscode.ExtensionContext): IncidentRunbookApi {
  const started = performance.now();
  const cpuStarted = threadCpuMs();
  const log = createLog();
  const runbooks = new RunbookService(context.extensionUri, log);
  const store = new IncidentStore(log);
  const services = createServices(log, runbooks, store, systemClock);
  context.subscriptions.push(log, runbooks, store);

  const postmortem = createPostmortemCommands(services);
  const runbookViews = registerRunbookViews(services);
  const incidentViews = registerIncidentViews(services);
  const clockWatcher = registerClockWatcher(services);
  context.subscriptions.push(
    ...postmortem.disposables,
    registerCommandTable(log, { ...createIncidentCommands(services), ...postmortem.commands, ...createHistoryCommands(services) }),
    runbookViews.disposable,
    registerRunbookProblems(runbooks),
    incidentViews.disposable,
    registerNoteProblems(store),
    registerIncidentStatusBar(services),
    clockWatcher,
  );
  registerFlowchart(context, { runbooks, incidents: { openCountsByLevel: () => store.openCountsByLevel(), onDidChange: store.onDidChange }, log });
  registerRunner(context, { runbooks, incidents: runnerIncidents(services), log });
  context.subscriptions.push(runbooks.readSoon());

  const activateMs = performance.now() - started;
  const cpuEnded = threadCpuMs();
  const activateCpuMs = cpuStarted === undefined || cpuEnded === undefined ? undefined : cpuEnded - cpuStarted;
  return {
    activateMs,
    activateCpuMs,
    services,
    trees: { incidents: incidentViews.provider, runbook: runbookViews.provider },
    onDidAnnounceDeadline: clockWatcher.onDidAnnounce,
  };
}

export function deactivate(): void {}

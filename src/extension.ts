// Composition root: builds the services once, hands them to each feature, returns the API.
// Nothing here reads files: the notes load when a view or command first needs them, and the runbook
// read starts just after activate() returns (see RunbookService.readSoon).
import * as vscode from 'vscode';
import { createLog } from './vscode/log';
import { registerCommandTable } from './vscode/commands';
import { registerAgents, type Agents } from './vscode/agents';
import { registerHealthProblems } from './vscode/health/healthProblems';
import { threadCpuMs } from './node/threadCpu';
import { registerFlowchart } from './vscode/flowchart';
import { workspaceSettings, type SettingsReader } from './config';
import { systemClock, type Clock } from './core/incident/time';
import { TEST_CLOCK_ENV, testClockFrom, type AdjustableClock } from './core/incident/testClock';
import { registerClockWatcher, type DeadlineAnnouncement, type DeadlineCheck } from './vscode/incident/clockWatcher';
import { createIncidentCommands } from './vscode/incident/commands';
import { registerNoteSync, type NoteSyncReport } from './vscode/incident/commands/syncNotes';
import { IncidentStore } from './vscode/incident/incidentStore';
import type { IncidentTreeProvider } from './vscode/incident/incidentTree';
import { registerIncidentViews } from './vscode/incident/views';
import { runnerIncidents } from './vscode/incident/runnerBridge';
import { registerNoteProblems } from './vscode/incident/noteProblems';
import { registerIncidentStatusBar } from './vscode/incident/statusBar';
import { createHistoryCommands } from './vscode/history/historyCommands';
import { createPostmortemCommands } from './vscode/postmortem/postmortemCommands';
import { registerRunbookProblems } from './vscode/runbook/problems';
import { RunbookService } from './vscode/runbook/runbookService';
import type { RunbookTreeProvider } from './vscode/runbook/runbookTree';
import type { WhatWasReadTreeProvider } from './vscode/runbook/whatWasReadTree';
import { registerRunbookViews } from './vscode/runbook/views';
import { registerRunner } from './vscode/runner';
import { createServices, type Services } from './vscode/services';
import { outboundCommands } from './vscode/outbound/outboundCommands';
import { OutboundService } from './vscode/outbound/outboundService';
import { SecretPlaceholderValues } from './vscode/runner/secretValues';
import { registerDemo } from './vscode/demo/demoCommands';
import { registerWalkthroughProgress } from './vscode/walkthrough/progress';

export interface IncidentRunbookApi {
  /** How long `activate()` took, measured inside it (the perf figure `activation.activateMs`). */
  activateMs: number;
  /** The extension host thread's CPU time in `activate()`, where Node can tell (`activation.activateCpuMs`). */
  activateCpuMs: number | undefined;
  services: Services;
  /** The tree providers, so other extensions and our integration tests read what the views show. */
  trees: { incidents: IncidentTreeProvider; runbook: RunbookTreeProvider; whatWasRead: WhatWasReadTreeProvider };
  /** Fires as each passed deadline is announced: other extensions can forward it (chat, pager). */
  onDidAnnounceDeadline: vscode.Event<DeadlineAnnouncement>;
  /** Fires as each deadline check ends, with the incidents it looked at (a check that announced nothing too). */
  onDidCheckDeadlines: vscode.Event<DeadlineCheck>;
  /** Fires when what `incidentRunbook.flowchartState` answers changes (a render reported, the panel closed). */
  onDidChangeFlowchart: vscode.Event<void>;
  /** Fires once a run's question "which incident records it?" is on screen (its first choice active), ready for an answer. */
  onDidAskWhichIncident: vscode.Event<void>;
  /** Fires as the extension writes an event (when its sync after events is due) and as each Sync Notes ends (its result or notice). */
  onDidReportNoteSync: vscode.Event<NoteSyncReport>;
  /** Fires with the Incident History panel's Runbook Health rows, as the page drew them, after each render. */
  onDidRenderHistoryHealth: vscode.Event<string[]>;
  /** What the responder is asked before an agent tool writes or runs (see src/vscode/agents). */
  prepareAgentTool: Agents['prepare'];
  /** Only under the test harness (INCIDENT_RUNBOOK_TEST_CLOCK set): the clock every service reads. */
  testClock?: TestClockApi;
}

/**
 * The clock a test moves instead of writing times into notes. Each move runs a deadline check and resolves as it
 * ends (the notes written, the announcements made). Under it no check runs on a timer: a check runs at activation,
 * at each store change and at each move, so what a test sees does not depend on when a tick fell. Each move also
 * starts the syncs after events (`syncNotesAfterEvent`) that came due, which no timer starts under it.
 */
export interface TestClockApi {
  now(): Date;
  /** The clock says `at` now and runs on from there. */
  set(at: Date): Promise<DeadlineCheck>;
  /** Moves the clock by `ms` (negative: back). `advance(0)` is a check on the clock as it is. */
  advance(ms: number): Promise<DeadlineCheck>;
  /** Back to the time it started at (the real time, or the harness's start time). */
  reset(): Promise<DeadlineCheck>;
}

/** What activation is built from; tests and other hosts pass their own clock or settings. */
export interface ExtensionOptions {
  clock: Clock;
  settings: SettingsReader;
  /** The test harness's clock, used instead of `clock`: deadline checks then run when a test moves it, not on a timer. */
  testClock?: AdjustableClock;
}

export function activate(context: vscode.ExtensionContext): IncidentRunbookApi {
  return createExtension(context, { clock: systemClock, settings: workspaceSettings, testClock: testClockFrom(process.env[TEST_CLOCK_ENV], systemClock) });
}

/** The composition root: every service built once and handed to each feature. */
export function createExtension(context: vscode.ExtensionContext, options: ExtensionOptions): IncidentRunbookApi {
  const { settings, testClock } = options;
  const clock = testClock ?? options.clock;
  const started = performance.now();
  const cpuStarted = threadCpuMs();
  const log = createLog();
  const runbooks = new RunbookService(context.extensionUri, log, settings);
  const store = new IncidentStore(log, settings);
  // `services` is built with the outbox in it; a page asks it for its runbook only once activation is over.
  const outbound = new OutboundService(context.secrets, context.workspaceState, { log, settings, store, clock, runbookOf: (incident) => services.runbookOf(incident) });
  const secretValues = new SecretPlaceholderValues(context.secrets, context.workspaceState);
  const services = createServices(log, settings, runbooks, store, clock, outbound, () => secretValues.known(settings));
  context.subscriptions.push(log, runbooks, store, outbound);

  const postmortem = createPostmortemCommands(services);
  const runbookViews = registerRunbookViews(services);
  const incidentViews = registerIncidentViews(services);
  const clockWatcher = registerClockWatcher(services, testClock ? { everyMs: undefined } : undefined);
  const agents = registerAgents(context, services);
  const health = registerHealthProblems(context, services);
  const demo = registerDemo(log);
  const walkthrough = registerWalkthroughProgress(store, runbooks);
  const historyHealthRendered = new vscode.EventEmitter<string[]>();
  const noteSync = registerNoteSync(services, { timers: !testClock });
  // Before the incident commands: declaring starts the first check's terminal early.
  const runner = registerRunner(context, { runbooks, incidents: runnerIncidents(services), log, settings });
  context.subscriptions.push(
    historyHealthRendered,
    ...postmortem.disposables,
    registerCommandTable(
      log,
      walkthrough.observe({
        ...createIncidentCommands(services, runner),
        ...postmortem.commands,
        ...createHistoryCommands(services, { extensionUri: context.extensionUri, workspaceState: context.workspaceState, rendered: historyHealthRendered }),
        ...outboundCommands(services),
        ...health.commands,
        ...demo.commands,
        ...noteSync.commands,
      }),
    ),
    health.disposable,
    demo.disposable,
    walkthrough.disposable,
    noteSync.disposable,
    runbookViews.disposable,
    registerRunbookProblems(runbooks),
    incidentViews.disposable,
    registerNoteProblems(store),
    registerIncidentStatusBar(services),
    clockWatcher,
    agents.disposable,
  );
  const flowchart = registerFlowchart(context, { runbooks, incidents: { openCountsByLevel: () => store.openCountsByLevel(), onDidChange: store.onDidChange }, log });
  context.subscriptions.push(runbooks.readSoon());

  const activateMs = performance.now() - started;
  const cpuEnded = threadCpuMs();
  const activateCpuMs = cpuStarted === undefined || cpuEnded === undefined ? undefined : cpuEnded - cpuStarted;
  return {
    activateMs,
    activateCpuMs,
    services,
    trees: { incidents: incidentViews.provider, runbook: runbookViews.provider, whatWasRead: runbookViews.whatWasRead },
    onDidAnnounceDeadline: clockWatcher.onDidAnnounce,
    onDidCheckDeadlines: clockWatcher.onDidCheck,
    onDidChangeFlowchart: flowchart.onDidChangeState,
    onDidAskWhichIncident: runner.onDidAskWhichIncident,
    onDidReportNoteSync: noteSync.onDidReport,
    onDidRenderHistoryHealth: historyHealthRendered.event,
    prepareAgentTool: agents.prepare,
    ...(testClock
      ? {
          testClock: testClockApi(testClock, () => {
            noteSync.startDue();
            return clockWatcher.checkNow();
          }),
        }
      : {}),
  };
}

function testClockApi(clock: AdjustableClock, checkNow: () => Promise<DeadlineCheck>): TestClockApi {
  const moved = (move: () => void): Promise<DeadlineCheck> => {
    move();
    return checkNow();
  };
  return {
    now: () => clock.now(),
    set: (at) => moved(() => clock.set(at)),
    advance: (ms) => moved(() => clock.advance(ms)),
    reset: () => moved(() => clock.reset()),
  };
}

export function deactivate(): void {}

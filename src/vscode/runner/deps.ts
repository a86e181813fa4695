// What the diagnostics runner is given: the runbooks, the incidents it records into, the log.
// Built in src/extension.ts (src/vscode/incident/runnerBridge.ts for the incidents).
import type * as vscode from 'vscode';
import type { SettingsReader } from '../../config';
import type { RunEvent } from '../../core/run/record';
import type { Runbook } from '../../core/runbook/model';

export interface LoadedRunbookRef {
  uri: vscode.Uri;
  runbook: Runbook;
  /** Shipped with the extension: its commands may run in an untrusted workspace, after a question. */
  bundled: boolean;
}

/** An incident as far as the runner needs it: where to record, and what to call its terminal. */
export interface RunnerIncident {
  id: string;
  title: string;
  /** Its level as its runbook names it ("P1"). */
  levelName?: string;
}

export interface RunnerDeps {
  runbooks: {
    /** The runbooks in use (the workspace's, or the bundled one when it has none). */
    all(): Promise<LoadedRunbookRef[]>;
    /** Any runbook by URI, including the bundled one when the workspace has its own. */
    get(uri: string): Promise<LoadedRunbookRef | undefined>;
    onDidChange: vscode.Event<void>;
  };
  incidents: {
    /** The incident a run without an explicit `incidentId` records into (the focused or only open one), if any. */
    active(): Promise<RunnerIncident | undefined>;
    /** Every open incident, most severe first: with several open and none chosen, the run asks which. */
    open(): Promise<RunnerIncident[]>;
    /** Makes `id` the one later runs record into without asking. */
    focus(id: string): void;
    get(id: string): Promise<RunnerIncident | undefined>;
    /** Adds a timeline event (timestamped by the store). `event.text` is one line; `event.output`, when present,
     *  is the cleaned last lines of output (≤ 40 lines / 4 KB) to keep with the event, e.g. as a fenced block under it. */
    appendTimeline(incidentId: string, event: RunEvent): Promise<void>;
    /** Appends Markdown to the incident's notes (Run and Capture's fenced output). */
    appendBlock(incidentId: string, markdown: string): Promise<void>;
    /**
     * Saves a run's full output as `fileName` beside the incident's note (never replacing an earlier file: a taken
     * name gets a number) and returns the link to it relative to the note.
     */
    saveOutput(incidentId: string, fileName: string, text: string): Promise<string>;
  };
  log: vscode.LogOutputChannel;
  settings: SettingsReader;
}

// The diagnostics runner: runs runbook commands in incident terminals or captured in the background,
// and records them in the incident. Written against RunnerDeps, wired in src/extension.ts.
//
// Commands registered here (ids contributed in package.json):
//   incidentRunbook.runStep        (arg?: RunArgs) => Promise<RunOutcome>
//   incidentRunbook.runAndCapture  (arg?: RunArgs) => Promise<RunOutcome>
//   incidentRunbook.clearVariables () => Promise<void>
// RunArgs (src/core/run/steps.ts) is plain JSON: a StepRef (src/protocol/stepRef.ts), or `{ command, runbookUri? }`, plus the RunOptions
// `incidentId`, `variables`, `confirm`, `dryRun`, `saveOutput`. Without an argument the person picks a command.

import * as vscode from 'vscode';
import type { Runbook } from '../../core/runbook/model';
import { registerCodeLenses } from './codelens';
import { registerRunCommands } from './commands';
import { Confirmations } from './confirm';
import type { RunEvent } from '../../core/run/record';
import type { RunArgs } from '../../core/run/steps';
import { RunnerTerminals } from './terminal';
import { PlaceholderValues } from './variables';

export type { RunArgs, RunOptions, LiteralCommand } from '../../core/run/steps';
export type { StepRef } from '../../protocol/stepRef';
export type { RunEvent } from '../../core/run/record';
export type { RunOutcome, CommandOutcome } from './commands';

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
  level?: number;
}

export interface RunnerDeps {
  runbooks: {
    /** The runbooks in use (the workspace's, or the bundled one when it has none). */
    all(): Promise<LoadedRunbookRef[]>;
    /** Any runbook by URI, including the bundled one when the workspace has its own. Optional: all() is searched otherwise. */
    get?(uri: string): Promise<LoadedRunbookRef | undefined>;
    onDidChange: vscode.Event<void>;
  };
  incidents: {
    /** The incident a run without an explicit `incidentId` records into (the focused or only open one), if any. */
    active(): Promise<RunnerIncident | undefined>;
    /** Every open incident, most severe first: with several open and none chosen, the run asks which. Optional. */
    open?(): Promise<RunnerIncident[]>;
    /** Makes `id` the one later runs record into without asking. Optional. */
    focus?(id: string): void;
    get(id: string): Promise<RunnerIncident | undefined>;
    /** Adds a timeline event (timestamped by the store). `event.text` is one line; `event.output`, when present,
     *  is the cleaned last lines of output (≤ 40 lines / 4 KB) to keep with the event, e.g. as a fenced block under it. */
    appendTimeline(incidentId: string, event: RunEvent): Promise<void>;
    /** Appends Markdown to the incident's notes (Run and Capture's fenced output). Without it, the output goes with the timeline event. */
    appendBlock?(incidentId: string, markdown: string): Promise<void>;
    /**
     * Saves a run's full output as `fileName` beside the incident's note (never replacing an earlier file: a taken
     * name gets a number) and returns the link to it relative to the note. Without it, full output is not saved.
     */
    saveOutput?(incidentId: string, fileName: string, text: string): Promise<string>;
  };
  log: vscode.LogOutputChannel;
  /**
   * Translates what a view menu passes (the tree element itself) into run arguments, e.g. with
   * `stepRefOf(node)` of the runbook tree. Optional: without it only RunArgs-shaped arguments are understood.
   */
  runArgsFromElement?(element: unknown): RunArgs | undefined;
}

export function registerRunner(context: vscode.ExtensionContext, deps: RunnerDeps): void {
  const terminals = new RunnerTerminals(deps.log);
  context.subscriptions.push(
    terminals,
    ...registerRunCommands({
      deps,
      terminals,
      values: new PlaceholderValues(context.workspaceState),
      confirmations: new Confirmations(context.workspaceState),
    }),
    registerCodeLenses(deps.runbooks),
  );
}

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
import { registerCommandTable } from '../commands';
import { registerCodeLenses } from './codelens';
import { prepareTerminal, runCommands } from './commands';
import type { StepRef } from '../../protocol/stepRef';
import { Confirmations } from './confirm';
import type { RunnerDeps } from './deps';
import { RunnerTerminals } from './terminal';
import { SecretPlaceholderValues } from './secretValues';
import { PlaceholderValues } from './variables';

export type { RunArgs, RunOptions, LiteralCommand } from '../../core/run/steps';
export type { StepRef } from '../../protocol/stepRef';
export type { RunEvent } from '../../core/run/record';
export type { RunOutcome, CommandOutcome } from './commands';
export type { LoadedRunbookRef, RunnerDeps, RunnerIncident } from './deps';

/**
 * Registers the run commands and lenses; `onDidAskWhichIncident` fires once a run's which-incident question is on screen;
 * `prepareTerminal` starts the terminal a step of an incident (by its title) would run in, ahead of the run.
 */
export function registerRunner(
  context: vscode.ExtensionContext,
  deps: RunnerDeps,
): { onDidAskWhichIncident: vscode.Event<void>; prepareTerminal: (ref: StepRef, title: string) => Promise<(() => void) | undefined> } {
  const terminals = new RunnerTerminals(deps.log);
  const asked = new vscode.EventEmitter<void>();
  context.subscriptions.push(
    terminals,
    asked,
    registerCommandTable(
      deps.log,
      runCommands({
        deps,
        terminals,
        values: new PlaceholderValues(context.workspaceState, deps.settings, new SecretPlaceholderValues(context.secrets, context.workspaceState), deps.log),
        confirmations: new Confirmations(context.workspaceState, deps.settings),
        askedWhichIncident: () => asked.fire(),
      }),
    ),
    registerCodeLenses(deps.runbooks),
  );
  return { onDidAskWhichIncident: asked.event, prepareTerminal: (ref, title) => prepareTerminal({ deps, terminals }, ref, title) };
}

// The walkthrough's steps complete on what the person did, not on a click of the step's button: context keys set
// when a runbook is open in the editor, when the store writes a note for a declared incident, a recorded run or a
// resolution, and when a post-mortem draft was written. package.json's walkthrough names them in `onContext:`.
import * as vscode from 'vscode';
import type { CommandTable } from '../commands';
import type { IncidentStore } from '../incident/incidentStore';
import type { RunbookService } from '../runbook/runbookService';

export const WALKTHROUGH_DONE = {
  openedRunbook: 'incidentRunbook.walkthrough.openedRunbook',
  declared: 'incidentRunbook.walkthrough.declared',
  ranStep: 'incidentRunbook.walkthrough.ranStep',
  resolved: 'incidentRunbook.walkthrough.resolved',
  draftedPostmortem: 'incidentRunbook.walkthrough.draftedPostmortem',
} as const;

const POSTMORTEM_COMMAND = 'incidentRunbook.generatePostmortem';

export function registerWalkthroughProgress(
  store: IncidentStore,
  runbooks: RunbookService,
): { disposable: vscode.Disposable; observe(commands: CommandTable): CommandTable } {
  const done = new Set<string>();
  const mark = (key: string): void => {
    if (done.has(key)) return;
    done.add(key);
    void vscode.commands.executeCommand('setContext', key, true);
  };
  const commandRuns = (timeline: readonly { kind: string }[] | undefined): number => (timeline ?? []).filter((e) => e.kind === 'command').length;
  const checkEditor = (): void => {
    const uri = vscode.window.activeTextEditor?.document.uri;
    if (uri && runbooks.isRunbookUri(uri)) mark(WALKTHROUGH_DONE.openedRunbook);
  };
  checkEditor();

  const disposable = vscode.Disposable.from(
    vscode.window.onDidChangeActiveTextEditor(checkEditor),
    runbooks.onDidChange(checkEditor),
    store.onDidWrite(({ before, after }) => {
      if (!before) mark(WALKTHROUGH_DONE.declared);
      if (commandRuns(after.timeline) > commandRuns(before?.timeline)) mark(WALKTHROUGH_DONE.ranStep);
      if (after.resolved && !before?.resolved) mark(WALKTHROUGH_DONE.resolved);
    }),
  );

  return {
    disposable,
    // The draft command returns the draft's URI once it is written (undefined when the person cancelled).
    observe: (commands) => {
      const generate = commands[POSTMORTEM_COMMAND];
      if (!generate) return commands;
      return {
        ...commands,
        [POSTMORTEM_COMMAND]: async (...args: unknown[]) => {
          const result = await generate(...args);
          if (result) mark(WALKTHROUGH_DONE.draftedPostmortem);
          return result;
        },
      };
    },
  };
}

import type * as vscode from 'vscode';

/** Where a runnable step lives, as plain JSON so tree items, CodeLenses and the webview can pass it to the run commands. */
export interface StepRefArgs {
  runbookUri: string;
  kind: 'diagnostic' | 'tree';
  index: number;
  incidentIndex?: number;
  commandIndex?: number;
}

export function stepRef(runbookUri: vscode.Uri, where: Omit<StepRefArgs, 'runbookUri'>): StepRefArgs {
  return { runbookUri: runbookUri.toString(), ...where };
}

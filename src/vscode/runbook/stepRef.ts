import type * as vscode from 'vscode';
import type { StepRef } from '../../protocol/stepRef';

/** The StepRef of a step in the runbook at `runbookUri`, for tree items to pass to the run commands. */
export function stepRef(runbookUri: vscode.Uri, where: Omit<StepRef, 'runbookUri'>): StepRef {
  return { runbookUri: runbookUri.toString(), ...where };
}

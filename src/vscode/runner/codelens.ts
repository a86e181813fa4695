// "▶ Run" and "Run and Capture" above each command of a runbook, in the normal text editor.
// Reads the parsed runbook for positions; never edits the document.

import * as vscode from 'vscode';
import type { RunnerDeps } from './deps';
import { runnableCommands } from '../../core/run/steps';

export class RunbookCodeLenses implements vscode.CodeLensProvider {
  readonly onDidChangeCodeLenses: vscode.Event<void>;

  constructor(private readonly runbooks: RunnerDeps['runbooks']) {
    this.onDidChangeCodeLenses = runbooks.onDidChange;
  }

  async provideCodeLenses(document: vscode.TextDocument): Promise<vscode.CodeLens[]> {
    const key = document.uri.toString();
    const loaded = (await this.runbooks.all()).find((r) => r.uri.toString() === key);
    if (!loaded) return [];
    const lenses: vscode.CodeLens[] = [];
    for (const runnable of runnableCommands(key, loaded.runbook)) {
      const line = runnable.source?.line;
      if (line === undefined || line >= document.lineCount) continue;
      // The model is re-parsed shortly after typing; until then a lens only goes where its command still is.
      if (!document.lineAt(line).text.includes(runnable.command.split('\n')[0].trim())) continue;
      const range = new vscode.Range(line, 0, line, 0);
      lenses.push(
        new vscode.CodeLens(range, { title: '▶ Run', tooltip: `Run in the incident's terminal: ${runnable.command}`, command: 'incidentRunbook.runStep', arguments: [runnable.ref] }),
        new vscode.CodeLens(range, { title: 'Run and Capture', tooltip: `Run without a terminal and add the output to the incident: ${runnable.command}`, command: 'incidentRunbook.runAndCapture', arguments: [runnable.ref] }),
      );
    }
    return lenses;
  }
}

export function registerCodeLenses(runbooks: RunnerDeps['runbooks']): vscode.Disposable {
  return vscode.languages.registerCodeLensProvider([{ language: 'markdown' }, { language: 'yaml', pattern: '**/*.runbook.yaml' }], new RunbookCodeLenses(runbooks));
}

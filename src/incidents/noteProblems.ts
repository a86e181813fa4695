import * as vscode from 'vscode';
import type { IncidentStore } from './incidentStore';

/** Malformed incident notes in the Problems panel, at their line; the files themselves are never touched. */
export function registerNoteProblems(store: IncidentStore): vscode.Disposable {
  const collection = vscode.languages.createDiagnosticCollection('incidentRunbook.notes');
  const refresh = async (): Promise<void> => {
    collection.clear();
    for (const entry of await store.entries()) {
      if (!entry.problems) continue;
      collection.set(
        entry.uri,
        entry.problems.map((p) => {
          const d = new vscode.Diagnostic(new vscode.Range(p.line, 0, p.line, Number.MAX_SAFE_INTEGER), `Incident note not understood: ${p.message}. The extension will not write to this file until it is fixed.`, vscode.DiagnosticSeverity.Error);
          d.source = 'Incident Runbook';
          return d;
        }),
      );
    }
  };
  return vscode.Disposable.from(collection, store.onDidChange(() => void refresh()));
}

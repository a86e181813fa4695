import * as vscode from 'vscode';
import type { IncidentStore } from './incidentStore';

/**
 * Malformed incident notes in the Problems panel, at their line, and notes that share an id; the files
 * themselves are never touched.
 */
export function registerNoteProblems(store: IncidentStore): vscode.Disposable {
  const collection = vscode.languages.createDiagnosticCollection('incidentRunbook.notes');
  const refresh = async (): Promise<void> => {
    const entries = await store.entries();
    const byUri = new Map<string, { uri: vscode.Uri; diagnostics: vscode.Diagnostic[] }>();
    const add = (uri: vscode.Uri, diagnostic: vscode.Diagnostic): void => {
      diagnostic.source = 'Incident Runbook';
      const key = uri.toString();
      byUri.set(key, { uri, diagnostics: [...(byUri.get(key)?.diagnostics ?? []), diagnostic] });
    };
    for (const entry of entries) {
      for (const p of entry.problems ?? []) {
        add(entry.uri, new vscode.Diagnostic(wholeLine(p.line), `Incident note not understood: ${p.message}. The extension will not write to this file until it is fixed.`, vscode.DiagnosticSeverity.Error));
      }
    }
    for (const [id, uris] of store.sharedIds()) {
      for (const uri of uris) {
        const others = uris.filter((u) => u !== uri).map((u) => vscode.workspace.asRelativePath(u)).join(', ');
        add(uri, new vscode.Diagnostic(wholeLine(0), `Incident id ${id} is also the id of ${others}: a command given that id acts on only one of them. Rename one of the notes (its file name and its id:).`, vscode.DiagnosticSeverity.Warning));
      }
    }
    collection.clear();
    for (const { uri, diagnostics } of byUri.values()) collection.set(uri, diagnostics);
  };
  return vscode.Disposable.from(collection, store.onDidChange(() => void refresh()));
}

function wholeLine(line: number): vscode.Range {
  return new vscode.Range(line, 0, line, Number.MAX_SAFE_INTEGER);
}

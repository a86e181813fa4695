import * as vscode from 'vscode';
import { repairMojibake } from '../../core/runbook';
import type { RunbookProblem, SourceRange } from '../../core/runbook/model';
import type { RunbookService } from './runbookService';

const SOURCE = 'Incident Runbook';

const SEVERITY: Record<RunbookProblem['severity'], vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
};

export function toRange(range: SourceRange): vscode.Range {
  return new vscode.Range(range.line, range.column, range.endLine, range.endColumn);
}

function problemRange(problem: RunbookProblem): vscode.Range {
  const endLine = problem.endLine ?? problem.line;
  const endColumn = problem.endColumn ?? (endLine === problem.line ? Number.MAX_SAFE_INTEGER : 0);
  return new vscode.Range(problem.line, problem.column, endLine, endColumn);
}

/**
 * Runbook problems in the Problems panel, kept in step with the runbook service, and their quick fixes.
 * The fixes are offered, never applied on their own: we read runbooks, we do not reformat them.
 */
export function registerRunbookProblems(runbooks: RunbookService): vscode.Disposable {
  const collection = vscode.languages.createDiagnosticCollection('incidentRunbook');
  const problemsByDiagnostic = new WeakMap<vscode.Diagnostic, RunbookProblem>();

  const refresh = async (): Promise<void> => {
    collection.clear();
    for (const { uri, runbook } of await runbooks.workspaceRunbooks()) {
      collection.set(
        uri,
        runbook.problems.map((problem) => {
          const diagnostic = new vscode.Diagnostic(problemRange(problem), problem.message, SEVERITY[problem.severity]);
          diagnostic.source = SOURCE;
          diagnostic.code = problem.code;
          problemsByDiagnostic.set(diagnostic, problem);
          return diagnostic;
        }),
      );
    }
  };

  const fixes: vscode.CodeActionProvider = {
    provideCodeActions(document, _range, context) {
      const actions: vscode.CodeAction[] = [];
      for (const diagnostic of context.diagnostics) {
        const fix = problemsByDiagnostic.get(diagnostic)?.fix;
        if (!fix) continue;
        const action = new vscode.CodeAction(fix.title, vscode.CodeActionKind.QuickFix);
        action.diagnostics = [diagnostic];
        action.isPreferred = true;
        action.edit = new vscode.WorkspaceEdit();
        action.edit.replace(document.uri, toRange(fix.range), fix.newText);
        actions.push(action);
      }
      // A file saved through the wrong encoding is mis-decoded everywhere: one action mends all of it.
      const misDecoded = vscode.languages.getDiagnostics(document.uri).filter((d) => problemsByDiagnostic.get(d)?.code === 'mojibake');
      if (misDecoded.length > 1 && actions.some((a) => a.diagnostics?.some((d) => problemsByDiagnostic.get(d)?.code === 'mojibake'))) {
        const all = new vscode.CodeAction(`Repair all mis-decoded text in this file (${misDecoded.length} places)`, vscode.CodeActionKind.QuickFix);
        all.diagnostics = misDecoded;
        all.edit = new vscode.WorkspaceEdit();
        const whole = new vscode.Range(0, 0, document.lineCount, 0);
        all.edit.replace(document.uri, whole, repairMojibake(document.getText()));
        actions.push(all);
      }
      return actions;
    },
  };

  // The service's first read (started just after activation, see RunbookService.readSoon) and every
  // later change arrive here.
  return vscode.Disposable.from(
    collection,
    runbooks.onDidChange(() => void refresh()),
    vscode.languages.registerCodeActionsProvider(
      [{ language: 'markdown' }, { pattern: '**/*.runbook.{yaml,yml}' }],
      fixes,
      { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] },
    ),
  );
}

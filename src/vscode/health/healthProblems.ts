// Runbook health in the Problems panel: what the incident history says of each step, at the step's line in the
// runbook, as information (the runbook is not wrong; it may be out of date). Each problem can be marked as
// reviewed (kept in workspace state, never written into the runbook) or opened at the note of its last run. Shown
// for the runbooks open in an editor.
import * as vscode from 'vscode';
import { healthFindings, type RunbookHealth } from '../../core/health/health';
import type { CommandTable } from '../commands';
import type { LoadedRunbook } from '../runbook/runbookService';
import type { Services } from '../services';
import { healthOfRunbooks, healthReviewKey, markHealthReviewed, reviewedHealthKeys } from './workspaceHealth';

const SOURCE = 'Incident Runbook (health)';
export const MARK_REVIEWED = 'incidentRunbook.markHealthReviewed';

interface HealthDiagnostic {
  reviewKey: string;
  /** The note of the step's last run, for "Open the last run". */
  lastRunNote?: string;
}

export function registerHealthProblems(context: vscode.ExtensionContext, services: Services): { commands: CommandTable; disposable: vscode.Disposable } {
  const collection = vscode.languages.createDiagnosticCollection('incidentRunbookHealth');
  const byDiagnostic = new WeakMap<vscode.Diagnostic, HealthDiagnostic>();

  // One refresh at a time; a change during one asks for exactly one more, so none is lost.
  let running: Promise<void> | undefined;
  let again = false;
  const refresh = (): void => {
    if (running) {
      again = true;
      return;
    }
    running = publish().finally(() => {
      running = undefined;
      if (again) {
        again = false;
        refresh();
      }
    });
  };

  const publish = async (): Promise<void> => {
    // Only the runbooks open in an editor: the notes are read when something needs them, not at start-up.
    const open = new Set(vscode.workspace.textDocuments.map((d) => d.uri.toString()));
    const loaded = (await services.runbooks.workspaceRunbooks()).filter((r) => open.has(r.uri.toString()));
    if (loaded.length === 0) {
      collection.clear();
      return;
    }
    const done = reviewedHealthKeys(context.workspaceState);
    const healths = await healthOfRunbooks(services, loaded);
    collection.clear();
    for (const { loaded: runbook, health } of healths) collection.set(runbook.uri, await diagnosticsFor(runbook, health, done));
  };

  const diagnosticsFor = async (loaded: LoadedRunbook, health: RunbookHealth, done: Set<string>): Promise<vscode.Diagnostic[]> => {
    const diagnostics: vscode.Diagnostic[] = [];
    for (const finding of healthFindings(health)) {
      const reviewKey = healthReviewKey(loaded, finding);
      if (done.has(reviewKey)) continue;
      const line = finding.source?.line ?? 0;
      const diagnostic = new vscode.Diagnostic(new vscode.Range(line, 0, line, Number.MAX_SAFE_INTEGER), finding.message, vscode.DiagnosticSeverity.Information);
      diagnostic.source = SOURCE;
      diagnostic.code = 'runbook-health';
      const step = health.steps.find((s) => s.source && finding.source && s.source.line === finding.source.line);
      const last = step?.runs.reduce<(typeof step.runs)[number] | undefined>((a, b) => (!a || b.at > a.at ? b : a), undefined);
      const note = last && (await services.store.uriOf(last.incident));
      byDiagnostic.set(diagnostic, { reviewKey, lastRunNote: note?.toString() });
      diagnostics.push(diagnostic);
    }
    return diagnostics;
  };

  const actions: vscode.CodeActionProvider = {
    provideCodeActions(_document, _range, codeActionContext) {
      return codeActionContext.diagnostics.flatMap((diagnostic) => {
        const health = byDiagnostic.get(diagnostic);
        if (!health) return [];
        const review = new vscode.CodeAction('Mark as reviewed (this workspace only)', vscode.CodeActionKind.QuickFix);
        review.diagnostics = [diagnostic];
        review.command = { command: MARK_REVIEWED, title: review.title, arguments: [health.reviewKey] };
        const open: vscode.CodeAction[] = [];
        if (health.lastRunNote) {
          const action = new vscode.CodeAction('Open the note of its last run', vscode.CodeActionKind.QuickFix);
          action.diagnostics = [diagnostic];
          action.command = { command: 'vscode.open', title: action.title, arguments: [vscode.Uri.parse(health.lastRunNote)] };
          open.push(action);
        }
        return [...open, review];
      });
    },
  };

  return {
    commands: {
      [MARK_REVIEWED]: async (key: unknown) => {
        if (typeof key !== 'string') return;
        await markHealthReviewed(context.workspaceState, key);
        refresh();
      },
    },
    disposable: vscode.Disposable.from(
      collection,
      services.runbooks.onDidChange(refresh),
      services.store.onDidChange(refresh),
      vscode.workspace.onDidOpenTextDocument(refresh),
      vscode.languages.registerCodeActionsProvider([{ language: 'markdown' }, { pattern: '**/*.runbook.{yaml,yml}' }], actions, { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] }),
    ),
  };
}

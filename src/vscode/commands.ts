// The one command registrar and the one error policy. Every command of the extension is registered
// through registerCommandTable, and every error a command ends with is shown through reportCommandError:
// an error the person can act on says what to do, with its action button; anything else goes to the log
// with its detail, and the person sees one line that says where to look.
import * as vscode from 'vscode';
import { TransitionRefused } from '../core/incident/lifecycle';
import { MalformedNoteError } from '../core/incident/note';
import { NoteNotWritableError } from '../node/noteFiles';

export type CommandTable = Record<string, (...args: unknown[]) => unknown>;

/** A button on an error message, and what it does. */
export interface NoticeAction {
  readonly title: string;
  run(): unknown;
}

/** What the person is told about an error they can act on. */
export interface Notice {
  readonly severity: 'warning' | 'error';
  readonly message: string;
  readonly actions: readonly NoticeAction[];
}

/** An error a feature throws when the person can do something about it: the message says what, the actions do it. */
export class ActionableError extends Error implements Notice {
  constructor(
    message: string,
    readonly actions: readonly NoticeAction[] = [],
    readonly severity: 'warning' | 'error' = 'error',
  ) {
    super(message);
    this.name = 'ActionableError';
  }
}

export const openNoteAction = (uri: vscode.Uri): NoticeAction => ({ title: 'Open Note', run: () => vscode.window.showTextDocument(uri) });
export const manageTrustAction: NoticeAction = { title: 'Manage Workspace Trust', run: () => vscode.commands.executeCommand('workbench.trust.manage') };

/** The notice for an error a person can act on; undefined for the rest (a bug, an I/O failure: the log's). */
export function noticeFor(error: unknown): Notice | undefined {
  if (error instanceof ActionableError) return error;
  if (error instanceof TransitionRefused) return { severity: 'warning', message: error.message, actions: [] };
  if (error instanceof NoteNotWritableError) return { severity: 'error', message: error.message, actions: [openNoteAction(vscode.Uri.file(error.file))] };
  if (error instanceof MalformedNoteError) {
    return { severity: 'error', message: error.message, actions: error.file ? [openNoteAction(vscode.Uri.file(error.file))] : [] };
  }
  return undefined;
}

/** Shows a notice with its buttons; the chosen button's action runs. */
export function showNotice(notice: Notice): void {
  const show = notice.severity === 'warning' ? vscode.window.showWarningMessage : vscode.window.showErrorMessage;
  void show(notice.message, ...notice.actions.map((a) => a.title)).then((choice) => notice.actions.find((a) => a.title === choice)?.run());
}

/** The error policy: a notice when the person can act on it, else the detail in the log and a line that says so. */
export function reportCommandError(log: vscode.LogOutputChannel, commandId: string, error: unknown): void {
  const notice = noticeFor(error);
  const name = commandId.replace('incidentRunbook.', '');
  if (notice) {
    log.warn(`${name}: ${notice.message}`);
    showNotice(notice);
    return;
  }
  const message = error instanceof Error ? error.message : String(error);
  log.error(`${name} failed`, error instanceof Error ? (error.stack ?? message) : message);
  void vscode.window.showErrorMessage(`Incident Runbook: ${name} failed: ${message} (details in the "Incident Runbook" output)`);
}

/**
 * Registers a table of commands (id → handler) under the error policy. Handlers return their result so
 * other features and tests can use them programmatically; a handler that fails returns undefined.
 */
export function registerCommandTable(log: vscode.LogOutputChannel, table: CommandTable): vscode.Disposable {
  return vscode.Disposable.from(
    ...Object.entries(table).map(([id, handler]) =>
      vscode.commands.registerCommand(id, async (...args: unknown[]) => {
        try {
          return await handler(...args);
        } catch (error) {
          reportCommandError(log, id, error);
          return undefined;
        }
      }),
    ),
  );
}

import * as vscode from 'vscode';
import { MalformedNoteError } from './incident/incidentStore';
import { TransitionRefused } from './incident/incidentCommands';
import { reportError } from './log';

export type CommandTable = Record<string, (...args: unknown[]) => Promise<unknown>>;

/**
 * Registers a table of commands (id → handler) with one error policy: a refused transition says why, a malformed
 * note offers to open it, anything else is reported with the detail in the log. Handlers return their result so
 * other features and tests can use them programmatically.
 */
export function registerCommandTable(log: vscode.LogOutputChannel, table: CommandTable): vscode.Disposable {
  return vscode.Disposable.from(
    ...Object.entries(table).map(([id, handler]) =>
      vscode.commands.registerCommand(id, async (...args: unknown[]) => {
        try {
          return await handler(...args);
        } catch (error) {
          if (error instanceof TransitionRefused) {
            void vscode.window.showWarningMessage(error.message);
          } else if (error instanceof MalformedNoteError) {
            void vscode.window.showErrorMessage(error.message, 'Open Note').then((choice) => {
              if (choice) void vscode.window.showTextDocument(error.uri);
            });
          } else {
            reportError(log, `Incident Runbook: ${id.replace('incidentRunbook.', '')} failed`, error);
          }
          return undefined;
        }
      }),
    ),
  );
}

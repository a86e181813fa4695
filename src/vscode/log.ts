import * as vscode from 'vscode';

/** One output channel for everything a user cannot act on directly; messages they can act on go to notifications. */
export function createLog(): vscode.LogOutputChannel {
  return vscode.window.createOutputChannel('Incident Runbook', { log: true });
}

/** Shows an error the user can act on and puts the detail in the log. */
export function reportError(log: vscode.LogOutputChannel, message: string, error: unknown): void {
  log.error(message, error instanceof Error ? (error.stack ?? error.message) : String(error));
  void vscode.window.showErrorMessage(`${message}: ${error instanceof Error ? error.message : String(error)}`);
}

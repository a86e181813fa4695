import * as vscode from 'vscode';

/** One output channel for everything a user cannot act on directly; messages they can act on go to notifications. */
export function createLog(): vscode.LogOutputChannel {
  return vscode.window.createOutputChannel('Incident Runbook', { log: true });
}


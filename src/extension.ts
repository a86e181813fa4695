import * as vscode from 'vscode';

export function activate(context: vscode.ExtensionContext): { activateMs: number } {
  const started = performance.now();
  context.subscriptions.push(
    vscode.commands.registerCommand('incidentRunbook.refresh', () => undefined),
  );
  return { activateMs: performance.now() - started };
}

export function deactivate(): void {}

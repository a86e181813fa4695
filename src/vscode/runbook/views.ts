import * as vscode from 'vscode';
import { registerCommandTable } from '../commands';
import type { Services } from '../services';
import { RunbookTreeProvider, stepRefOf, type RunbookNode } from './runbookTree';

/** The Runbook view and the commands that open runbook sources and run a node's step. */
export function registerRunbookViews(services: Services): { provider: RunbookTreeProvider; disposable: vscode.Disposable } {
  const provider = new RunbookTreeProvider(services.runbooks, services.store);
  const view = vscode.window.createTreeView('incidentRunbook.runbook', { treeDataProvider: provider, showCollapseAll: true });
  const runNode = (command: string) => (node?: unknown) => vscode.commands.executeCommand(command, node ? stepRefOf(node as RunbookNode) : undefined);
  const disposable = vscode.Disposable.from(
    provider,
    view,
    registerCommandTable(services.log, {
      'incidentRunbook.openRunbook': async (arg) => {
        const at = arg as { uri: string; line?: number } | undefined;
        const target = at ? vscode.Uri.parse(at.uri) : (await services.runbooks.active())?.uri;
        if (!target) return;
        const line = at?.line ?? 0;
        await vscode.window.showTextDocument(target, { selection: new vscode.Range(line, 0, line, 0), preview: true });
      },
      'incidentRunbook.refresh': () => provider.refresh(),
      'incidentRunbook.runbook.runNode': runNode('incidentRunbook.runStep'),
      'incidentRunbook.runbook.captureNode': runNode('incidentRunbook.runAndCapture'),
    }),
  );
  return { provider, disposable };
}

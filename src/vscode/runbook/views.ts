import * as vscode from 'vscode';
import type { Services } from '../services';
import { RunbookTreeProvider, stepRefOf, type RunbookNode } from './runbookTree';

/** The Runbook view and the commands that open runbook sources and run a node's step. */
export function registerRunbookViews(services: Services): { provider: RunbookTreeProvider; disposable: vscode.Disposable } {
  const provider = new RunbookTreeProvider(services.runbooks);
  const view = vscode.window.createTreeView('incidentRunbook.runbook', { treeDataProvider: provider, showCollapseAll: true });
  const runNode = (command: string) => (node?: RunbookNode) => vscode.commands.executeCommand(command, node && stepRefOf(node));
  const disposable = vscode.Disposable.from(
    provider,
    view,
    vscode.commands.registerCommand('incidentRunbook.openRunbook', async (arg?: { uri: string; line?: number }) => {
      const target = arg ? vscode.Uri.parse(arg.uri) : (await services.runbooks.active())?.uri;
      if (!target) return;
      const line = arg?.line ?? 0;
      await vscode.window.showTextDocument(target, { selection: new vscode.Range(line, 0, line, 0), preview: true });
    }),
    vscode.commands.registerCommand('incidentRunbook.refresh', () => provider.refresh()),
    vscode.commands.registerCommand('incidentRunbook.runbook.runNode', runNode('incidentRunbook.runStep')),
    vscode.commands.registerCommand('incidentRunbook.runbook.captureNode', runNode('incidentRunbook.runAndCapture')),
  );
  return { provider, disposable };
}

import * as vscode from 'vscode';
import { registerCommandTable } from '../commands';
import type { Services } from '../services';
import { IncidentTreeProvider, stepArgsOf, type IncidentNode } from './incidentTree';

/** The Open Incidents view: selection focuses an incident for later commands; checkboxes tick protocol steps. */
export function registerIncidentViews(services: Services): { provider: IncidentTreeProvider; disposable: vscode.Disposable } {
  const provider = new IncidentTreeProvider(services);
  const view = vscode.window.createTreeView('incidentRunbook.incidents', { treeDataProvider: provider, showCollapseAll: true });
  const runNode = (command: string) => (node?: unknown) => vscode.commands.executeCommand(command, node ? stepArgsOf(node as IncidentNode) : undefined);
  const disposable = vscode.Disposable.from(
    provider,
    view,
    view.onDidChangeSelection((e) => {
      const node = e.selection[0];
      if (node && 'incident' in node) services.store.focus(node.incident.id);
    }),
    view.onDidChangeCheckboxState(async (e) => {
      for (const [node, state] of e.items) {
        if (node.kind !== 'protocolItem') continue;
        const done = state === vscode.TreeItemCheckboxState.Checked;
        await vscode.commands.executeCommand('incidentRunbook.toggleProtocolStep', { incidentId: node.incident.id }, node.index, done, node.incident.protocol[node.index]?.text);
      }
      // A refused change (the note had moved on) leaves the box as the note has it.
      provider.refresh();
    }),
    registerCommandTable(services.log, {
      'incidentRunbook.incidents.refresh': () => provider.refresh(),
      'incidentRunbook.incidents.runNode': runNode('incidentRunbook.runStep'),
      'incidentRunbook.incidents.captureNode': runNode('incidentRunbook.runAndCapture'),
    }),
  );
  return { provider, disposable };
}

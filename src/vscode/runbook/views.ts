import * as vscode from 'vscode';
import { registerCommandTable } from '../commands';
import type { Services } from '../services';
import { RunbookTreeProvider, stepRefOf, type RunbookNode } from './runbookTree';
import { WhatWasReadTreeProvider } from './whatWasReadTree';

/** The Runbook and What Was Read views, and the commands that open runbook sources, run a node's step and show what was read. */
export function registerRunbookViews(services: Services): { provider: RunbookTreeProvider; whatWasRead: WhatWasReadTreeProvider; disposable: vscode.Disposable } {
  const provider = new RunbookTreeProvider(services.runbooks, services.store);
  const view = vscode.window.createTreeView('incidentRunbook.runbook', { treeDataProvider: provider, showCollapseAll: true });
  const whatWasRead = new WhatWasReadTreeProvider(services.runbooks, () => services.cadence());
  const readView = vscode.window.createTreeView(WHAT_WAS_READ_VIEW, { treeDataProvider: whatWasRead, showCollapseAll: true });
  const runNode = (command: string) => (node?: unknown) => vscode.commands.executeCommand(command, node ? stepRefOf(node as RunbookNode) : undefined);
  const disposable = vscode.Disposable.from(
    provider,
    view,
    whatWasRead,
    readView,
    registerCommandTable(services.log, {
      'incidentRunbook.openRunbook': async (arg) => {
        const at = arg as { uri: string; line?: number } | undefined;
        const target = at ? vscode.Uri.parse(at.uri) : (await services.runbooks.active())?.uri;
        if (!target) return;
        const line = at?.line ?? 0;
        await vscode.window.showTextDocument(target, { selection: new vscode.Range(line, 0, line, 0), preview: true });
      },
      'incidentRunbook.refresh': () => provider.refresh(),
      // The runbook given (its URI, or a node of the Runbook view), else the active one, opened in the view.
      'incidentRunbook.showWhatWasRead': async (arg) => {
        const uri = targetRunbook(arg) ?? (await services.runbooks.active())?.uri;
        await vscode.commands.executeCommand(`${WHAT_WAS_READ_VIEW}.focus`);
        const node = uri && (await whatWasRead.runbookNode(uri));
        if (node) await readView.reveal(node, { select: true, focus: true, expand: true });
      },
      'incidentRunbook.runbook.runNode': runNode('incidentRunbook.runStep'),
      'incidentRunbook.runbook.captureNode': runNode('incidentRunbook.runAndCapture'),
    }),
  );
  return { provider, whatWasRead, disposable };
}

const WHAT_WAS_READ_VIEW = 'incidentRunbook.whatWasRead';

function targetRunbook(arg: unknown): vscode.Uri | undefined {
  if (arg instanceof vscode.Uri) return arg;
  if (typeof arg === 'string') return vscode.Uri.parse(arg);
  const loaded = (arg as Partial<RunbookNode> | undefined)?.loaded;
  return loaded?.uri;
}

// The severity-flowchart feature: the panel, the side-bar view, their commands and the serializer.
// The webview bundle (media/dist/flowchart.js, with mermaid) loads only when one of them opens.
import * as vscode from 'vscode';
import { registerCommandTable } from '../commands';
import type { FlowchartDeps, RenderInfo } from './deps';
import { FlowchartPanel } from './panel';
import { FLOWCHART_VIEW_TYPE } from '../../protocol/flowchart';
import { FLOWCHART_VIEW_ID, FlowchartViewProvider } from './view';

export type { FlowchartDeps, RenderInfo } from './deps';

/** What `incidentRunbook.flowchartState` returns: the panel's last render, else the view's. */
export interface FlowchartState extends Omit<RenderInfo, 'runbookUri' | 'compact' | 'renderedAt' | 'ms'> {
  panelOpen: boolean;
  runbookUri: string | null;
  ms: number | null;
}

/** Registers the panel, the view and their commands; `onDidChangeState` fires when `flowchartState` would answer differently. */
export function registerFlowchart(context: vscode.ExtensionContext, deps: FlowchartDeps): { onDidChangeState: vscode.Event<void> } {
  const changed = new vscode.EventEmitter<void>();
  const panel = new FlowchartPanel(context.extensionUri, deps, () => changed.fire());
  const view = new FlowchartViewProvider(context.extensionUri, deps, () => changed.fire());

  const state = (): FlowchartState => {
    const info = panel.lastRender ?? view.lastRender;
    return {
      panelOpen: panel.isOpen,
      rendered: info?.rendered ?? false,
      runbookUri: info?.runbookUri ?? null,
      nodeCount: info?.nodeCount ?? 0,
      levels: info?.levels ?? [],
      triageLevels: info?.triageLevels ?? [],
      ms: info?.ms ?? null,
      error: info?.error ?? null,
    };
  };

  context.subscriptions.push(
    changed,
    panel,
    registerCommandTable(deps.log, {
      'incidentRunbook.showFlowchart': () => panel.show(),
      // For integration tests; deliberately not contributed to the command palette.
      'incidentRunbook.flowchartState': state,
    }),
    vscode.window.registerWebviewPanelSerializer(FLOWCHART_VIEW_TYPE, {
      deserializeWebviewPanel: (restored, state: unknown) => panel.revive(restored, state),
    }),
    vscode.window.registerWebviewViewProvider(FLOWCHART_VIEW_ID, view),
  );
  return { onDidChangeState: changed.event };
}

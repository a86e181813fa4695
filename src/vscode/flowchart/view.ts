// The compact flowchart in the Incidents side bar (view id incidentRunbook.flowchartView).
import * as vscode from 'vscode';
import type { FlowchartDeps, RenderInfo } from './deps';
import { FlowchartSession } from './session';

export const FLOWCHART_VIEW_ID = 'incidentRunbook.flowchartView';

export class FlowchartViewProvider implements vscode.WebviewViewProvider {
  /** What the view last drew, while it exists. */
  lastRender: RenderInfo | undefined;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly deps: FlowchartDeps,
    /** Called when lastRender changes. */
    private readonly stateChanged: () => void,
  ) {}

  async resolveWebviewView(view: vscode.WebviewView): Promise<void> {
    const session = new FlowchartSession(view.webview, this.deps, {
      compact: true,
      extensionUri: this.extensionUri,
      onRendered: (info) => {
        this.lastRender = info;
        this.stateChanged();
      },
    });
    view.onDidDispose(() => {
      session.dispose();
      this.lastRender = undefined;
      this.stateChanged();
    });
    await session.load();
  }
}

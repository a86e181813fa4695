// The flowchart as an editor panel beside the runbook. One panel at a time: the command reveals
// it if it is open. Its content is rebuilt from the runbook whenever it becomes visible again, and
// the serializer re-attaches it after a window reload, so it needs no retainContextWhenHidden.
import * as vscode from 'vscode';
import type { FlowchartDeps, RenderInfo } from './deps';
import { FLOWCHART_VIEW_TYPE } from '../../protocol/flowchart';
import { webviewOptions } from './loader';
import { FlowchartSession } from './session';

const TITLE = 'Severity Flowchart';

export class FlowchartPanel implements vscode.Disposable {
  private current: { panel: vscode.WebviewPanel; session: FlowchartSession } | undefined;
  /** What the open panel last drew; undefined until it reports its first render. */
  lastRender: RenderInfo | undefined;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly deps: FlowchartDeps,
    /** Called when lastRender or isOpen changes. */
    private readonly stateChanged: () => void,
  ) {}

  get isOpen(): boolean {
    return this.current !== undefined;
  }

  async show(): Promise<void> {
    if (this.current) {
      this.current.panel.reveal();
      return;
    }
    const panel = vscode.window.createWebviewPanel(
      FLOWCHART_VIEW_TYPE,
      TITLE,
      { viewColumn: vscode.ViewColumn.Beside, preserveFocus: false },
      webviewOptions(this.extensionUri),
    );
    await this.attach(panel);
  }

  /** For the serializer: a panel VS Code restored after a reload, with the webview's saved state. */
  async revive(panel: vscode.WebviewPanel, state: unknown): Promise<void> {
    if (this.current) {
      // Only one flowchart panel; a second restored one would show the same chart.
      panel.dispose();
      return;
    }
    await this.attach(panel, runbookUriOf(state));
  }

  private async attach(panel: vscode.WebviewPanel, runbookUri?: vscode.Uri): Promise<void> {
    panel.title = TITLE;
    this.lastRender = undefined;
    const session = new FlowchartSession(panel.webview, this.deps, {
      compact: false,
      runbookUri,
      extensionUri: this.extensionUri,
      onRendered: (info) => {
        if (this.current?.panel !== panel) return;
        this.lastRender = info;
        this.stateChanged();
      },
    });
    this.current = { panel, session };
    panel.onDidDispose(() => {
      session.dispose();
      if (this.current?.panel === panel) {
        this.current = undefined;
        this.lastRender = undefined;
        this.stateChanged();
      }
    });
    await session.load();
  }

  dispose(): void {
    this.current?.panel.dispose();
  }
}

/** The runbook a restored panel showed. The state comes from the webview, so it is checked, not trusted. */
export function runbookUriOf(state: unknown): vscode.Uri | undefined {
  if (typeof state !== 'object' || state === null || !('runbookUri' in state)) return undefined;
  const { runbookUri } = state;
  if (typeof runbookUri !== 'string' || runbookUri === '') return undefined;
  try {
    return vscode.Uri.parse(runbookUri, true);
  } catch {
    return undefined;
  }
}

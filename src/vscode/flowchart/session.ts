// One live flowchart webview (the panel or the side-bar view): its loader (what the page gets)
// and its handlers (what the host does with what the page sends), wired to the webview.
import type * as vscode from 'vscode';
import type { FlowchartDeps } from './deps';
import { flowchartHandlers, receive, type HandlerOptions } from './handlers';
import { FlowchartLoader, type LoaderOptions } from './loader';

export type SessionOptions = LoaderOptions & HandlerOptions;

export class FlowchartSession implements vscode.Disposable {
  private readonly loader: FlowchartLoader;
  private readonly receiving: vscode.Disposable;

  constructor(webview: vscode.Webview, deps: FlowchartDeps, options: SessionOptions) {
    const loader = new FlowchartLoader(webview, deps, options);
    const handlers = flowchartHandlers(loader, deps, options);
    this.loader = loader;
    this.receiving = webview.onDidReceiveMessage((raw: unknown) => void receive(raw, handlers, deps, (message) => loader.post(message)));
  }

  load(): Promise<void> {
    return this.loader.load();
  }

  dispose(): void {
    this.receiving.dispose();
    this.loader.dispose();
  }
}

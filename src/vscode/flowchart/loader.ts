// What a flowchart webview's page gets: its HTML (with the chart baked in when the runbook is at
// hand), the chart after the 'webview/ready' handshake, and every later update (another runbook
// opened, runbooks re-read, incident counts, the color theme).
import { randomUUID } from 'crypto';
import * as vscode from 'vscode';
import { parseFlowchart } from '../../core/runbook/flowchart';
import { buildFlowchartData } from '../../core/flowchart/chartData';
import type { FlowchartDeps } from './deps';
import { flowchartHtml, loadingHtml } from './html';
import type { FlowchartData, HostMessage, HostToWebviewMessage, ThemeKind } from '../../protocol/flowchart';

export interface LoaderOptions {
  /** The side-bar view draws a compact page. */
  compact: boolean;
  /** The runbook to show, e.g. the one a restored panel showed before the reload. */
  runbookUri?: vscode.Uri;
  extensionUri: vscode.Uri;
}

/** The webview may read only the bundle and the stylesheet: everything it loads is under media/. */
export function webviewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions {
  return { enableScripts: true, localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'media')] };
}

function sameOptions(a: vscode.WebviewOptions, b: vscode.WebviewOptions): boolean {
  const roots = (o: vscode.WebviewOptions): string => (o.localResourceRoots ?? []).map(String).join('\n');
  return !!a.enableScripts === !!b.enableScripts && roots(a) === roots(b);
}

function themeKind(kind: vscode.ColorThemeKind): ThemeKind {
  switch (kind) {
    case vscode.ColorThemeKind.Dark:
      return 'dark';
    case vscode.ColorThemeKind.HighContrast:
      return 'highContrast';
    case vscode.ColorThemeKind.HighContrastLight:
      return 'highContrastLight';
    default:
      return 'light';
  }
}

/** How long loading the page may wait for the runbook to bake the chart into it. */
const BAKE_WAIT_MS = 40;
const STILL_READING = Symbol('still reading the runbook');

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** A runbook as the page draws it. */
export interface ShownRunbook {
  uri: vscode.Uri;
  data: FlowchartData;
}

export class FlowchartLoader implements vscode.Disposable {
  private ready = false;
  private current: ShownRunbook | undefined;
  /**
   * The runbook this webview stays on. Set by the first render (or a restored panel's state) and
   * changed only when the person opens another runbook in an editor, not when the panel itself
   * takes focus (then no text editor is active and "the active runbook" would jump to the first).
   */
  private pinned: vscode.Uri | undefined;
  /** Bumped per render request so a slow runbook read never overwrites a newer one. */
  private renderSeq = 0;
  /**
   * The chart baked into the page (see html.ts), until the page says it is ready: then it already
   * shows it and needs only the counts. Cleared when the runbook changes before that.
   */
  private baked: ShownRunbook | null | undefined;
  /** The first chart, still being read when the page started loading: sent on 'webview/ready'. */
  private firstChart: Promise<ShownRunbook | undefined> | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  private disposed = false;

  constructor(
    private readonly webview: vscode.Webview,
    private readonly deps: FlowchartDeps,
    private readonly options: LoaderOptions,
  ) {
    this.pinned = options.runbookUri;
    const wanted = webviewOptions(options.extensionUri);
    // The panel is created with these options; a side-bar view gets them here, and VS Code reloads the page the
    // view has with them: an empty page would be one without a CSP (see loadingHtml).
    if (!sameOptions(webview.options, wanted)) {
      webview.html = loadingHtml(this.pageOptions());
      webview.options = wanted;
    }
    this.disposables.push(
      vscode.window.onDidChangeActiveTextEditor((editor) => void this.followEditor(editor)),
      deps.runbooks.onDidChange(() => {
        this.baked = undefined;
        this.firstChart = undefined;
        void this.sendRender();
      }),
      deps.incidents.onDidChange(() => void this.sendCounts()),
      vscode.window.onDidChangeActiveColorTheme((theme) => this.post({ type: 'theme/changed', kind: themeKind(theme.kind) })),
    );
  }

  /** What the webview shows now; its requests are checked against it. */
  get shown(): ShownRunbook | undefined {
    return this.current;
  }

  /**
   * Loads the page. When the runbook is at hand (already read), the chart goes into the page and is
   * drawn as soon as the script runs, with no round trip. When it still has to be read (the first
   * scan of the workspace), the page starts loading its script meanwhile and the chart follows the
   * 'webview/ready' handshake.
   */
  async load(): Promise<void> {
    const preparing = this.prepare();
    const quick = await Promise.race([preparing, delay(BAKE_WAIT_MS).then((): typeof STILL_READING => STILL_READING)]);
    if (this.disposed) return; // closed while the runbook was read
    if (quick === STILL_READING) {
      this.firstChart = preparing;
      this.webview.html = this.html(undefined);
      return;
    }
    this.baked = quick ?? null;
    this.current = quick;
    if (quick) this.pinned = quick.uri;
    this.webview.html = this.html({ type: 'flowchart/render', data: quick?.data ?? null });
  }

  /** The page listens now ('webview/ready'); a reloaded page says so again. */
  async pageReady(): Promise<void> {
    this.ready = true;
    if (this.baked !== undefined) {
      // The page drew the chart it was loaded with; a reload (the panel shown again) gets fresh data.
      this.baked = undefined;
      await this.sendCounts();
    } else {
      await this.sendRender();
    }
  }

  /** Nothing is sent before the page said it listens. */
  post(message: HostToWebviewMessage): void {
    if (this.ready) void this.webview.postMessage(message);
  }

  dispose(): void {
    this.disposed = true;
    for (const disposable of this.disposables.splice(0)) disposable.dispose();
  }

  private html(initialRender: HostMessage<'flowchart/render'> | undefined): string {
    const media = vscode.Uri.joinPath(this.options.extensionUri, 'media');
    return flowchartHtml({
      ...this.pageOptions(),
      scriptUri: this.webview.asWebviewUri(vscode.Uri.joinPath(media, 'dist', 'flowchart.js')).toString(),
      initialRender,
    });
  }

  private pageOptions(): Parameters<typeof loadingHtml>[0] {
    const style = vscode.Uri.joinPath(this.options.extensionUri, 'media', 'flowchart', 'style.css');
    return { cspSource: this.webview.cspSource, styleUri: this.webview.asWebviewUri(style).toString(), nonce: randomUUID(), title: 'Severity Flowchart' };
  }

  private async followEditor(editor: vscode.TextEditor | undefined): Promise<void> {
    if (!editor || !this.ready) return;
    const uri = editor.document.uri.toString();
    if (uri === this.pinned?.toString()) return;
    const runbook = await this.deps.runbooks.get(editor.document.uri);
    if (!runbook) return; // not a runbook: keep showing ours
    this.pinned = runbook.uri;
    this.firstChart = undefined;
    await this.sendRender();
  }

  private async runbookToShow(): ReturnType<FlowchartDeps['runbooks']['active']> {
    const pinned = this.pinned && (await this.deps.runbooks.get(this.pinned));
    return pinned || this.deps.runbooks.active();
  }

  /** Reads the runbook to show and turns it into chart data; undefined when there is none. */
  private async prepare(): Promise<ShownRunbook | undefined> {
    let active: Awaited<ReturnType<FlowchartDeps['runbooks']['active']>>;
    try {
      active = await this.runbookToShow();
    } catch (error) {
      this.deps.log.error(`Flowchart: could not read the runbook: ${String(error)}`);
      return undefined;
    }
    if (!active) return undefined;
    const chart = parseFlowchart(active.runbook.flowchart);
    return { uri: active.uri, data: buildFlowchartData(active.uri.toString(), active.runbook, chart, this.options.compact) };
  }

  private async sendRender(): Promise<void> {
    if (!this.ready) return;
    const seq = ++this.renderSeq;
    const first = this.firstChart;
    this.firstChart = undefined;
    const prepared = await (first ?? this.prepare());
    if (seq !== this.renderSeq) return;
    if (!prepared) {
      this.current = undefined;
      this.post({ type: 'flowchart/render', data: null });
      return;
    }
    this.current = prepared;
    this.pinned = prepared.uri;
    this.post({ type: 'flowchart/render', data: prepared.data });
    await this.sendCounts();
  }

  private async sendCounts(): Promise<void> {
    if (!this.ready) return;
    try {
      const counts = await this.deps.incidents.openCountsByLevel();
      this.post({ type: 'incidents/counts', counts: [...counts].map(([level, count]) => ({ level, count })) });
    } catch (error) {
      this.deps.log.error(`Flowchart: could not count open incidents: ${String(error)}`);
    }
  }
}

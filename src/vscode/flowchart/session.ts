// One live flowchart webview (the panel or the side-bar view): loads the page, waits for its
// 'webview/ready', sends the chart, keeps it current, and turns its validated requests into commands.
import { randomUUID } from 'crypto';
import * as vscode from 'vscode';
import { parseFlowchart } from '../../core/runbook/flowchart';
import { buildFlowchartData } from '../../core/flowchart/chartData';
import type { FlowchartDeps, RenderInfo } from './deps';
import { flowchartHtml } from './html';
import {
  isRequest,
  isWebviewToHostMessage,
  replyMessage,
  type FlowchartData,
  type HandlerResult,
  type HostMessage,
  type HostToWebviewMessage,
  type Reply,
  type ReplyMessage,
  type StepSummary,
  type ThemeKind,
  type WebviewMessage,
  type WebviewMessageHandlers,
  type WebviewRequestType,
} from '../../protocol/flowchart';
import type { StepRef } from '../../protocol/stepRef';

export interface SessionOptions {
  /** The side-bar view draws a compact page. */
  compact: boolean;
  /** The runbook to show, e.g. the one a restored panel showed before the reload. */
  runbookUri?: vscode.Uri;
  extensionUri: vscode.Uri;
  /** Called after every render the webview reports (for the state command and logs). */
  onRendered(info: RenderInfo): void;
}

/** The webview may read only the bundle and the stylesheet: everything it loads is under media/. */
export function webviewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions {
  return { enableScripts: true, localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'media')] };
}

export function themeKind(kind: vscode.ColorThemeKind): ThemeKind {
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

interface Prepared {
  uri: vscode.Uri;
  data: FlowchartData;
}

export class FlowchartSession implements vscode.Disposable {
  private ready = false;
  /** What the webview shows now; requests are checked against it. */
  private shown: Prepared | undefined;
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
  private baked: Prepared | null | undefined;
  /** The first chart, still being read when the page started loading: sent on 'webview/ready'. */
  private firstChart: Promise<Prepared | undefined> | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  private disposed = false;
  private readonly handlers: WebviewMessageHandlers = {
    'webview/ready': () => this.pageReady(),
    'flowchart/declare': (message) => this.declare(message.level),
    'flowchart/runStep': (message) => this.runStep(message.stepRef),
    'flowchart/openSource': (message) => this.openSource(message.line),
    'flowchart/openPanel': async () => {
      await vscode.commands.executeCommand('incidentRunbook.showFlowchart');
    },
    'flowchart/rendered': (message) => this.rendered(message),
  };

  constructor(
    private readonly webview: vscode.Webview,
    private readonly deps: FlowchartDeps,
    private readonly options: SessionOptions,
  ) {
    this.pinned = options.runbookUri;
    webview.options = webviewOptions(options.extensionUri);
    this.disposables.push(
      webview.onDidReceiveMessage((raw: unknown) => void this.receive(raw)),
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
    this.shown = quick;
    if (quick) this.pinned = quick.uri;
    this.webview.html = this.html({ type: 'flowchart/render', data: quick?.data ?? null });
  }

  dispose(): void {
    this.disposed = true;
    for (const disposable of this.disposables.splice(0)) disposable.dispose();
  }

  private html(initialRender: HostMessage<'flowchart/render'> | undefined): string {
    const media = vscode.Uri.joinPath(this.options.extensionUri, 'media');
    return flowchartHtml({
      cspSource: this.webview.cspSource,
      scriptUri: this.webview.asWebviewUri(vscode.Uri.joinPath(media, 'dist', 'flowchart.js')).toString(),
      styleUri: this.webview.asWebviewUri(vscode.Uri.joinPath(media, 'flowchart', 'style.css')).toString(),
      nonce: randomUUID(),
      title: 'Severity Flowchart',
      initialRender,
    });
  }

  /** Nothing is sent before the page said it listens; a reloaded page says so again. */
  private post(message: HostToWebviewMessage): void {
    if (this.ready) void this.webview.postMessage(message);
  }

  private async receive(raw: unknown): Promise<void> {
    if (!isWebviewToHostMessage(raw)) {
      this.deps.log.warn(`Flowchart: ignored an invalid message from the webview: ${describe(raw)}`);
      return;
    }
    if (isRequest(raw)) {
      this.post(await this.answer(raw));
      return;
    }
    try {
      await handle(this.handlers, raw);
    } catch (error) {
      this.deps.log.error(`Flowchart: ${raw.type} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    }
  }

  /** Runs a request and always answers it, so the webview never waits forever. */
  private async answer<T extends WebviewRequestType>(request: WebviewMessage<T>): Promise<ReplyMessage<T>> {
    let reply: Reply<T>;
    try {
      reply = await handle(this.handlers, request);
    } catch (failure) {
      this.deps.log.error(`Flowchart: ${request.type} failed: ${failure instanceof Error ? (failure.stack ?? failure.message) : String(failure)}`);
      reply = { ok: false, error: failure instanceof Error ? failure.message : String(failure) };
    }
    return replyMessage(request, reply);
  }

  private async pageReady(): Promise<void> {
    this.ready = true;
    if (this.baked !== undefined) {
      // The page drew the chart it was loaded with; a reload (the panel shown again) gets fresh data.
      this.baked = undefined;
      await this.sendCounts();
    } else {
      await this.sendRender();
    }
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
  private async prepare(): Promise<Prepared | undefined> {
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

  async sendRender(): Promise<void> {
    if (!this.ready) return;
    const seq = ++this.renderSeq;
    const first = this.firstChart;
    this.firstChart = undefined;
    const prepared = await (first ?? this.prepare());
    if (seq !== this.renderSeq) return;
    if (!prepared) {
      this.shown = undefined;
      this.post({ type: 'flowchart/render', data: null });
      return;
    }
    this.shown = prepared;
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

  private async declare(level: number): Promise<Reply<'flowchart/declare'>> {
    const shown = this.shown;
    if (!shown) return { ok: false, error: 'No runbook is shown.' };
    // The webview may only declare levels the runbook it shows defines.
    if (!shown.data.levels.some((l) => l.level === level)) {
      this.deps.log.warn(`Flowchart: the webview asked to declare SEV${level}, which ${shown.uri.toString()} does not define.`);
      return { ok: false, error: `This runbook has no SEV${level}.` };
    }
    // background: the note must not open on top of the chart (the command offers to open it).
    await vscode.commands.executeCommand('incidentRunbook.declareIncident', { level, runbookUri: shown.uri.toString(), background: true });
    return { ok: true };
  }

  private async runStep(ref: StepSummary['ref']): Promise<Reply<'flowchart/runStep'>> {
    const shown = this.shown;
    if (!shown) return { ok: false, error: 'No runbook is shown.' };
    const active = await this.deps.runbooks.get(shown.uri);
    // Only steps that exist in the runbook on screen; the URI comes from the host, never the page.
    const exists =
      !!active &&
      (ref.kind === 'diagnostic'
        ? ref.index < active.runbook.diagnostics.length
        : ref.incidentIndex !== undefined && ref.index < (active.runbook.incidents[ref.incidentIndex]?.steps.length ?? 0));
    if (!exists) {
      this.deps.log.warn(`Flowchart: the webview asked to run a step that is not in the runbook: ${JSON.stringify(ref)}`);
      return { ok: false, error: 'That step is no longer in the runbook.' };
    }
    const args: StepRef = { runbookUri: shown.uri.toString(), ...ref };
    await vscode.commands.executeCommand('incidentRunbook.runStep', args);
    return { ok: true };
  }

  private async openSource(line: number): Promise<void> {
    if (!this.shown) return;
    const document = await vscode.workspace.openTextDocument(this.shown.uri);
    const target = Math.min(line, Math.max(0, document.lineCount - 1));
    const position = new vscode.Position(target, 0);
    await vscode.window.showTextDocument(document, {
      // The panel sits beside the editor: open the runbook in the first group, not on top of the chart.
      viewColumn: vscode.ViewColumn.One,
      selection: new vscode.Range(position, position),
    });
  }

  private rendered(message: WebviewMessage<'flowchart/rendered'>): void {
    if (message.error) this.deps.log.warn(`Flowchart: the diagram of ${this.shown?.uri.toString() ?? 'the runbook'} did not render: ${message.error}`);
    this.options.onRendered({
      rendered: message.error === null,
      runbookUri: this.shown?.uri.toString() ?? null,
      compact: this.options.compact,
      nodeCount: message.nodeCount,
      levels: message.levels,
      ms: message.ms,
      renderedAt: message.renderedAt,
      error: message.error,
    });
  }
}

/** Calls the handler `handlers` has for the message's type. */
function handle<T extends keyof WebviewMessageHandlers>(handlers: WebviewMessageHandlers, message: WebviewMessage<T>): HandlerResult<T> {
  return handlers[message.type](message);
}

/** A short, safe description of an unexpected message for the log. */
function describe(raw: unknown): string {
  let text: string;
  try {
    text = JSON.stringify(raw) ?? String(raw);
  } catch {
    text = Object.prototype.toString.call(raw);
  }
  return text.length > 300 ? `${text.slice(0, 300)}…` : text;
}

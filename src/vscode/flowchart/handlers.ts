// What the host does with each message a flowchart webview sends: the protocol's handler table
// (src/protocol/flowchart.ts), and the way a raw message reaches it. Requests become commands,
// and only for what the page shows.
import * as vscode from 'vscode';
import type { FlowchartDeps, RenderInfo } from './deps';
import type { FlowchartLoader, ShownRunbook } from './loader';
import {
  isRequest,
  isWebviewToHostMessage,
  replyMessage,
  type HandlerResult,
  type HostToWebviewMessage,
  type Reply,
  type ReplyMessage,
  type StepSummary,
  type WebviewMessage,
  type WebviewMessageHandlers,
  type WebviewRequestType,
} from '../../protocol/flowchart';
import type { StepRef } from '../../protocol/stepRef';

export interface HandlerOptions {
  compact: boolean;
  /** Called after every render the webview reports (for the state command and logs). */
  onRendered(info: RenderInfo): void;
}

export function flowchartHandlers(loader: FlowchartLoader, deps: FlowchartDeps, options: HandlerOptions): WebviewMessageHandlers {
  return {
    'webview/ready': () => loader.pageReady(),
    'flowchart/declare': (message) => declare(loader.shown, message.level, deps),
    'flowchart/runStep': (message) => runStep(loader.shown, message.stepRef, deps),
    'flowchart/openSource': (message) => openSource(loader.shown, message.line),
    'flowchart/openPanel': async () => {
      await vscode.commands.executeCommand('incidentRunbook.showFlowchart');
    },
    'flowchart/rendered': (message) => rendered(loader.shown, message, deps, options),
  };
}

/** Validates a message from the webview and runs its handler; a request is always answered, so the page never waits forever. */
export async function receive(raw: unknown, handlers: WebviewMessageHandlers, deps: FlowchartDeps, post: (message: HostToWebviewMessage) => void): Promise<void> {
  if (!isWebviewToHostMessage(raw)) {
    deps.log.warn(`Flowchart: ignored an invalid message from the webview: ${describe(raw)}`);
    return;
  }
  if (isRequest(raw)) {
    post(await answer(raw, handlers, deps));
    return;
  }
  try {
    await handle(handlers, raw);
  } catch (error) {
    deps.log.error(`Flowchart: ${raw.type} failed: ${detail(error)}`);
  }
}

async function answer<T extends WebviewRequestType>(request: WebviewMessage<T>, handlers: WebviewMessageHandlers, deps: FlowchartDeps): Promise<ReplyMessage<T>> {
  let reply: Reply<T>;
  try {
    reply = await handle(handlers, request);
  } catch (failure) {
    deps.log.error(`Flowchart: ${request.type} failed: ${detail(failure)}`);
    reply = { ok: false, error: failure instanceof Error ? failure.message : String(failure) };
  }
  return replyMessage(request, reply);
}

/** Calls the handler `handlers` has for the message's type. */
function handle<T extends keyof WebviewMessageHandlers>(handlers: WebviewMessageHandlers, message: WebviewMessage<T>): HandlerResult<T> {
  return handlers[message.type](message);
}

async function declare(shown: ShownRunbook | undefined, level: number, deps: FlowchartDeps): Promise<Reply<'flowchart/declare'>> {
  if (!shown) return { ok: false, error: 'No runbook is shown.' };
  // The webview may only declare levels the runbook it shows defines.
  if (!shown.data.levels.some((l) => l.level === level)) {
    deps.log.warn(`Flowchart: the webview asked to declare SEV${level}, which ${shown.uri.toString()} does not define.`);
    return { ok: false, error: `This runbook has no SEV${level}.` };
  }
  // background: the note must not open on top of the chart (the command offers to open it).
  await vscode.commands.executeCommand('incidentRunbook.declareIncident', { level, runbookUri: shown.uri.toString(), background: true });
  return { ok: true };
}

async function runStep(shown: ShownRunbook | undefined, ref: StepSummary['ref'], deps: FlowchartDeps): Promise<Reply<'flowchart/runStep'>> {
  if (!shown) return { ok: false, error: 'No runbook is shown.' };
  const active = await deps.runbooks.get(shown.uri);
  // Only steps that exist in the runbook on screen; the URI comes from the host, never the page.
  const exists =
    !!active &&
    (ref.kind === 'diagnostic'
      ? ref.index < active.runbook.diagnostics.length
      : ref.incidentIndex !== undefined && ref.index < (active.runbook.incidents[ref.incidentIndex]?.steps.length ?? 0));
  if (!exists) {
    deps.log.warn(`Flowchart: the webview asked to run a step that is not in the runbook: ${JSON.stringify(ref)}`);
    return { ok: false, error: 'That step is no longer in the runbook.' };
  }
  const args: StepRef = { runbookUri: shown.uri.toString(), ...ref };
  await vscode.commands.executeCommand('incidentRunbook.runStep', args);
  return { ok: true };
}

async function openSource(shown: ShownRunbook | undefined, line: number): Promise<void> {
  if (!shown) return;
  const document = await vscode.workspace.openTextDocument(shown.uri);
  const target = Math.min(line, Math.max(0, document.lineCount - 1));
  const position = new vscode.Position(target, 0);
  await vscode.window.showTextDocument(document, {
    // The panel sits beside the editor: open the runbook in the first group, not on top of the chart.
    viewColumn: vscode.ViewColumn.One,
    selection: new vscode.Range(position, position),
  });
}

function rendered(shown: ShownRunbook | undefined, message: WebviewMessage<'flowchart/rendered'>, deps: FlowchartDeps, options: HandlerOptions): void {
  if (message.error) deps.log.warn(`Flowchart: the diagram of ${shown?.uri.toString() ?? 'the runbook'} did not render: ${message.error}`);
  options.onRendered({
    rendered: message.error === null,
    runbookUri: shown?.uri.toString() ?? null,
    compact: options.compact,
    nodeCount: message.nodeCount,
    levels: message.levels,
    triageLevels: message.triageLevels,
    ms: message.ms,
    renderedAt: message.renderedAt,
    error: message.error,
  });
}

function detail(error: unknown): string {
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
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

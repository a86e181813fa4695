// The message protocol between the flowchart webview and the extension host.
// Both sides import this file (the webview through a relative path), so it must stay free of
// `vscode` and of Node modules: types, a few constants, pure validators and message builders only.
//
// Every message is a namespaced `type` ('flowchart/declare') plus plain JSON fields, declared once
// as a descriptor in `webviewToHost` or `hostToWebview`. The unions, the host's handler table and
// each reply's type are derived from those tables, so a new message is one entry there (and the
// compiler then asks for its handler). A request carries a `requestId`; the host answers it with
// `<type>/reply` carrying the same id and the request's own result type. The webview is a
// separate, less trusted document: the host acts on nothing it has not validated with
// `isWebviewToHostMessage`.

import type { StepRef } from './stepRef';

// ---------------------------------------------------------------------------------------------
// Data the host sends to draw the chart. Built from the Runbook by chartData.ts.

export type ThemeKind = 'light' | 'dark' | 'highContrast' | 'highContrastLight';

export interface ChartNode {
  id: string;
  label: string;
  /** Mermaid shape name as parsed ('rect', 'round', 'diamond', …); informational only. */
  shape: string;
}

export interface ChartEdge {
  from: string;
  to: string;
  /** '' when the edge has no label. */
  label: string;
}

export type ActionKind = 'page' | 'notify' | 'ticket' | 'backlog' | 'other';

export interface ChartLevel {
  /** 1 for SEV1. */
  level: number;
  /** "SEV1" */
  id: string;
  /** The level as the runbook names it ("P1", "Critical"), or `id` when it names it so: what the page shows. */
  name: string;
  /** The flowchart node drawn for this level, or null when the chart has none. */
  nodeId: string | null;
  /** The action node the level's node points at ("Page On-Call"), or null. */
  actionNodeId: string | null;
  impact: string;
  /** The response time as written ("15 min", "Next day"). */
  response: string;
  /** The response time as a phrase ("respond within 15 min", "respond by next business day"), or '' when none is stated. */
  respond: string;
  action: string;
  trigger: string;
  examples: string[];
}

export interface ChartAction {
  nodeId: string;
  label: string;
  kind: ActionKind;
  /** One sentence saying what the responder does. */
  meaning: string;
}

/** An edge on a highlighted path, named by its ends (mermaid draws one path per pair). */
export interface PathEdge {
  from: string;
  to: string;
}

/** One answer in the triage helper: picking it highlights `nodes`/`edges` and proposes `level`. */
export interface TriageChoice {
  label: string;
  /** 'trigger' = a flowchart edge label, 'example' = an example from the levels table. */
  source: 'trigger' | 'example';
  level: number;
  nodes: string[];
  edges: PathEdge[];
}

export interface StepSummary {
  /**
   * The step in the runbook shown, without that runbook's URI: the host adds it, so the page never
   * names a file. The page runs whole steps (no commandIndex).
   */
  ref: Omit<StepRef, 'runbookUri' | 'commandIndex'>;
  title: string;
}

/** Node labels in order along a chain, and the label of each edge between two of them ('' for none). */
export interface LabelChain {
  nodeLabels: string[];
  edgeLabels: string[];
}

export interface EscalationRow {
  level: string;
  contact: string;
  when: string;
}

export interface DiagramSource {
  source: string;
  /** 0-based line of the fenced block in the runbook, or null when unknown. */
  line: number | null;
}

export interface FlowchartData {
  runbookUri: string;
  runbookTitle: string;
  /** True in the side-bar view: the layout stacks and hides the long sections. */
  compact: boolean;
  flowchart: DiagramSource & {
    /** The chart drawn top-down, for a panel too narrow for it as written; null when it already runs top-down. */
    topDownSource: string | null;
    /**
     * The side bar's chart: top-down, each level on a rank of its own below the one before (see stackedLevelsSource
     * in src/core/flowchart/chartData.ts); null outside the side bar or when there is nothing to stack.
     */
    compactSource: string | null;
    /**
     * The labels along the chart's longest chain of edges, for a chart that runs left to right or right to left (null
     * otherwise, or when it has a cycle): the chart as written is at least as wide as they are laid end to end, so
     * the page can tell, before drawing it, that it will not fit and draw it top-down only.
     */
    longestChain: LabelChain | null;
    nodes: ChartNode[];
    edges: ChartEdge[];
  };
  levels: ChartLevel[];
  /** True when `levels` are the default levels (the setting's): the runbook defines none. */
  defaultLevels?: boolean;
  actions: ChartAction[];
  choices: TriageChoice[];
  sequence: DiagramSource | null;
  escalation: EscalationRow[];
  steps: StepSummary[];
}

export interface LevelCount {
  level: number;
  count: number;
}

// ---------------------------------------------------------------------------------------------
// Descriptors. Hand-written checks so the rules are visible: exact key sets (no extra fields),
// integers where the host indexes or counts, bounded strings.

type Fields = Record<string, unknown>;

/** A message with nothing beside its `type` (and a request's `requestId`). */
type NoFields = Record<never, never>;

/** Every key of F, 'optional' where F lets it be missing: the compiler keeps the key list and the type in step. */
type KeysOf<F> = { readonly [K in keyof F]-?: undefined extends F[K] ? 'optional' : 'required' };

/** How a message's own fields are checked: exactly these keys, then the value rules. */
interface Shape<F> {
  readonly keys: Readonly<Record<string, 'required' | 'optional'>>;
  readonly valid: (fields: Fields) => boolean;
  /** Carries F for the compiler only, as vscode-jsonrpc's RequestType carries its types; never set. */
  readonly _fields?: F;
}

/** A message the receiver acts on without answering. */
interface NotificationType<F> {
  readonly fields: Shape<F>;
}

/** A message the host answers with `<type>/reply`: its result R, or why it could not. */
interface RequestType<F, R> {
  readonly fields: Shape<F>;
  readonly result: Shape<R>;
}

type Descriptor = NotificationType<unknown> | RequestType<unknown, unknown>;

function answered(descriptor: Descriptor): descriptor is RequestType<unknown, unknown> {
  return 'result' in descriptor;
}

function shape<F>(keys: KeysOf<F>, valid: (fields: Fields) => boolean = () => true): Shape<F> {
  return { keys, valid };
}

function notification<F>(fields: Shape<F>): NotificationType<F> {
  return { fields };
}

function request<F, R>(fields: Shape<F>, result: Shape<R>): RequestType<F, R> {
  return { fields, result };
}

function isRecord(x: unknown): x is Fields {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/** Exactly the `required` keys, plus any of the `optional` ones, and nothing else. */
function hasKeys(x: Fields, required: readonly string[], optional: readonly string[] = []): boolean {
  for (const key of required) {
    if (!Object.prototype.hasOwnProperty.call(x, key)) return false;
  }
  for (const key of Object.keys(x)) {
    if (!required.includes(key) && !optional.includes(key)) return false;
  }
  return true;
}

/** Level numbers in runbooks are small (SEV0..SEV9 in practice); anything else is not a level. */
function isLevelNumber(x: unknown): x is number {
  return Number.isInteger(x) && (x as number) >= 0 && (x as number) <= 99;
}

function isIndex(x: unknown): x is number {
  return Number.isSafeInteger(x) && (x as number) >= 0;
}

function isDuration(x: unknown): x is number {
  return typeof x === 'number' && Number.isFinite(x) && x >= 0;
}

const MAX_ERROR_LENGTH = 10_000;
const MAX_LEVELS = 100;
/** A level's name as a runbook writes it ("Priority 1 (P1)") is short; a cell of prose is not a name. */
const MAX_NAME_LENGTH = 200;
const THEME_KINDS: readonly string[] = ['light', 'dark', 'highContrast', 'highContrastLight'];

function isShownStepRef(x: unknown): x is StepSummary['ref'] {
  if (!isRecord(x) || !hasKeys(x, ['kind', 'index'], ['incidentIndex'])) return false;
  if (!isIndex(x.index)) return false;
  if (x.kind === 'diagnostic') return x.incidentIndex === undefined;
  // A diagnostic-tree step belongs to a known incident: it needs the incident's index.
  if (x.kind === 'tree') return isIndex(x.incidentIndex);
  return false;
}

/** Posted after each render attempt, so the host (and tests) know what the person sees. */
export interface RenderedFields {
  /**
   * How long the person waited for this chart, in milliseconds: for the first render, from the
   * start of the webview document (loading the script included) to the SVG in the DOM; for a
   * re-render, from the request (new data, theme change) to the SVG in the DOM.
   */
  ms: number;
  /** Epoch milliseconds when the SVG entered the DOM (same clock as the workbench page). */
  renderedAt: number;
  nodeCount: number;
  /** Levels that got a clickable node. */
  levels: number[];
  /** The level names the triage helper shows beside its choices, as drawn, each once ("P1"). */
  triageLevels: string[];
  /** The diagram error shown instead of the chart, or null. */
  error: string | null;
}

/** The result of a request that only reports that it was done. */
const DONE = shape<NoFields>({});

// ---------------------------------------------------------------------------------------------
// Webview → host

export const webviewToHost = {
  'webview/ready': notification(shape<NoFields>({})),
  'flowchart/declare': request(shape<{ level: number }>({ level: 'required' }, (x) => isLevelNumber(x.level)), DONE),
  'flowchart/runStep': request(shape<{ stepRef: StepSummary['ref'] }>({ stepRef: 'required' }, (x) => isShownStepRef(x.stepRef)), DONE),
  /** `line`: 0-based, in the runbook shown. */
  'flowchart/openSource': notification(shape<{ line: number }>({ line: 'required' }, (x) => isIndex(x.line))),
  /** From the compact side-bar view: open the full panel beside the editor. */
  'flowchart/openPanel': notification(shape<NoFields>({})),
  'flowchart/rendered': notification(
    shape<RenderedFields>(
      { ms: 'required', renderedAt: 'required', nodeCount: 'required', levels: 'required', triageLevels: 'required', error: 'required' },
      (x) =>
        isDuration(x.ms) &&
        isDuration(x.renderedAt) &&
        isIndex(x.nodeCount) &&
        Array.isArray(x.levels) &&
        x.levels.length <= MAX_LEVELS &&
        x.levels.every(isLevelNumber) &&
        Array.isArray(x.triageLevels) &&
        x.triageLevels.length <= MAX_LEVELS &&
        x.triageLevels.every((name) => typeof name === 'string' && name.length <= MAX_NAME_LENGTH) &&
        (x.error === null || (typeof x.error === 'string' && x.error.length <= MAX_ERROR_LENGTH)),
    ),
  ),
};

// ---------------------------------------------------------------------------------------------
// Host → webview. The host is trusted, so these checks guard against stray `message` events and
// version skew rather than attacks: the envelope and the fields the webview reads first, not
// every nested field of the chart data.

export const hostToWebview = {
  /** `data` is null when there is no runbook to show (the webview says so instead of staying blank). */
  'flowchart/render': notification(
    shape<{ data: FlowchartData | null }>(
      { data: 'required' },
      (x) =>
        x.data === null ||
        (isRecord(x.data) &&
          typeof x.data.runbookUri === 'string' &&
          isRecord(x.data.flowchart) &&
          typeof x.data.flowchart.source === 'string' &&
          Array.isArray(x.data.levels)),
    ),
  ),
  'incidents/counts': notification(
    shape<{ counts: LevelCount[] }>(
      { counts: 'required' },
      (x) => Array.isArray(x.counts) && x.counts.every((c) => isRecord(c) && isLevelNumber(c.level) && isIndex(c.count)),
    ),
  ),
  'theme/changed': notification(shape<{ kind: ThemeKind }>({ kind: 'required' }, (x) => typeof x.kind === 'string' && THEME_KINDS.includes(x.kind))),
};

// ---------------------------------------------------------------------------------------------
// What the tables above make of their descriptors.

type WebviewTable = typeof webviewToHost;
type HostTable = typeof hostToWebview;

/** Shows an intersection as one object type (in hovers and errors). */
type Plain<T> = { [K in keyof T]: T[K] };

type FieldsOf<D> = D extends { fields: Shape<infer F> } ? F : never;

type MessageOf<T extends string, D> = Plain<D extends RequestType<unknown, unknown> ? { type: T; requestId: number } & FieldsOf<D> : { type: T } & FieldsOf<D>>;

/** The message the webview sends as `type`. */
export type WebviewMessage<T extends keyof WebviewTable> = { [K in keyof WebviewTable]: MessageOf<K, WebviewTable[K]> }[T];
export type WebviewToHostMessage = WebviewMessage<keyof WebviewTable>;

/** The webview's messages that the host answers. */
export type WebviewRequestType = { [K in keyof WebviewTable]: WebviewTable[K] extends RequestType<unknown, unknown> ? K : never }[keyof WebviewTable];

/** What a request's own fields are, beside `type` and `requestId`. */
export type RequestFields<T extends WebviewRequestType> = FieldsOf<WebviewTable[T]>;

/** The host's answer to a request: its result, or why it could not (said to the person). */
export type Reply<T extends WebviewRequestType> = ({ ok: true } & (WebviewTable[T] extends RequestType<unknown, infer R> ? R : never)) | { ok: false; error: string };

export type ReplyType<T extends WebviewRequestType> = `${T}/reply`;

export type ReplyMessage<T extends WebviewRequestType> = Plain<{ type: ReplyType<T>; requestId: number } & Reply<T>>;

/** The message the host sends as `type`. */
export type HostMessage<T extends keyof HostTable> = { [K in keyof HostTable]: MessageOf<K, HostTable[K]> }[T];
export type HostToWebviewMessage = HostMessage<keyof HostTable> | { [T in WebviewRequestType]: ReplyMessage<T> }[WebviewRequestType];

/** What handling a message from the webview gives: a request's reply, else nothing. */
export type HandlerResult<T extends keyof WebviewTable> = T extends WebviewRequestType ? Promise<Reply<T>> : Promise<void> | void;

/** What the host does with each message from the webview. */
export type WebviewMessageHandlers = { [T in keyof WebviewTable]: (message: WebviewMessage<T>) => HandlerResult<T> };

const REPLY_SUFFIX = '/reply';

export function replyType<T extends WebviewRequestType>(type: T): ReplyType<T> {
  return `${type}${REPLY_SUFFIX}`;
}

export function isRequest(message: WebviewToHostMessage): message is WebviewMessage<WebviewRequestType> {
  return answered(webviewToHost[message.type]);
}

export function isReplyTo<T extends WebviewRequestType>(type: T, message: HostToWebviewMessage): message is HostToWebviewMessage & ReplyMessage<T> {
  return message.type === replyType(type);
}

export function requestMessage<T extends WebviewRequestType>(type: T, requestId: number, fields: RequestFields<T>): WebviewMessage<T> {
  return { type, requestId, ...fields } as WebviewMessage<T>;
}

export function replyMessage<T extends WebviewRequestType>(request: WebviewMessage<T>, reply: Reply<T>): ReplyMessage<T> {
  return { type: replyType(request.type as T), requestId: request.requestId, ...reply } as ReplyMessage<T>;
}

// ---------------------------------------------------------------------------------------------
// Validators, read off the tables.

/** The descriptor `table` declares for `type`, if any (own keys only: 'toString' is no message). */
function descriptorOf<Table extends object>(table: Table, type: unknown): Table[keyof Table] | undefined {
  return typeof type === 'string' && Object.prototype.hasOwnProperty.call(table, type) ? table[type as keyof Table] : undefined;
}

/** `envelope` (type, requestId…) and exactly the shape's keys, then its value rules. */
function fits(x: Fields, envelope: readonly string[], { keys, valid }: Shape<unknown>): boolean {
  const names = Object.keys(keys);
  const required = [...envelope, ...names.filter((key) => keys[key] === 'required')];
  return hasKeys(x, required, names.filter((key) => keys[key] === 'optional')) && valid(x);
}

export function isWebviewToHostMessage(x: unknown): x is WebviewToHostMessage {
  if (!isRecord(x)) return false;
  const descriptor: Descriptor | undefined = descriptorOf(webviewToHost, x.type);
  if (!descriptor) return false;
  if (!answered(descriptor)) return fits(x, ['type'], descriptor.fields);
  return fits(x, ['type', 'requestId'], descriptor.fields) && isIndex(x.requestId);
}

/** A `<request>/reply`, checked against that request's own result shape. */
function isReplyMessage(x: Fields): boolean {
  if (typeof x.type !== 'string' || !x.type.endsWith(REPLY_SUFFIX) || !isIndex(x.requestId)) return false;
  const descriptor: Descriptor | undefined = descriptorOf(webviewToHost, x.type.slice(0, -REPLY_SUFFIX.length));
  if (!descriptor || !answered(descriptor)) return false;
  if (x.ok === true) return fits(x, ['type', 'requestId', 'ok'], descriptor.result);
  return x.ok === false && hasKeys(x, ['type', 'requestId', 'ok', 'error']) && typeof x.error === 'string';
}

/** The webview's check of what it receives. */
export function isHostToWebviewMessage(x: unknown): x is HostToWebviewMessage {
  if (!isRecord(x)) return false;
  const descriptor: NotificationType<unknown> | undefined = descriptorOf(hostToWebview, x.type);
  return descriptor ? fits(x, ['type'], descriptor.fields) : isReplyMessage(x);
}

/**
 * The page carries the first 'flowchart/render' in a JSON data block with this id (see html.ts), so
 * the chart is drawn without waiting for a round trip; everything later comes as messages.
 */
export const INITIAL_RENDER_ELEMENT_ID = 'flowchart-initial-render';

/** The view type of the panel; the serializer and the activation event use the same string. */
export const FLOWCHART_VIEW_TYPE = 'incidentRunbook.flowchart';

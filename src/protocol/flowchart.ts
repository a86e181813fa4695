// The message protocol between the flowchart webview and the extension host.
// Both sides import this file (the webview through a relative path), so it must stay free of
// `vscode` and of Node modules: types, a few constants and pure validators only.
//
// Every message is a namespaced `type` ('flowchart/declare') plus plain JSON fields. The webview
// is a separate, less trusted document: the host acts on nothing it has not validated with
// `isWebviewToHostMessage`. Messages that expect an answer carry a `requestId`; the host answers
// with 'host/reply' carrying the same id.

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
  /** The flowchart node drawn for this level, or null when the chart has none. */
  nodeId: string | null;
  /** The action node the level's node points at ("Page On-Call"), or null. */
  actionNodeId: string | null;
  impact: string;
  /** The response time as written ("15 min", "Next day"). */
  response: string;
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
  flowchart: DiagramSource & { nodes: ChartNode[]; edges: ChartEdge[] };
  levels: ChartLevel[];
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
// Host → webview

export interface RenderMessage {
  type: 'flowchart/render';
  /** null when there is no runbook to show (the webview says so instead of staying blank). */
  data: FlowchartData | null;
}

export interface CountsMessage {
  type: 'incidents/counts';
  counts: LevelCount[];
}

export interface ThemeChangedMessage {
  type: 'theme/changed';
  kind: ThemeKind;
}

export interface ReplyMessage {
  type: 'host/reply';
  requestId: number;
  ok: boolean;
  /** What went wrong, for the person, when ok is false. */
  error: string | null;
}

export type HostToWebviewMessage = RenderMessage | CountsMessage | ThemeChangedMessage | ReplyMessage;

// ---------------------------------------------------------------------------------------------
// Webview → host

export interface ReadyMessage {
  type: 'webview/ready';
}

export interface DeclareMessage {
  type: 'flowchart/declare';
  requestId: number;
  level: number;
}

export interface RunStepMessage {
  type: 'flowchart/runStep';
  requestId: number;
  stepRef: StepSummary['ref'];
}

export interface OpenSourceMessage {
  type: 'flowchart/openSource';
  /** 0-based line in the runbook shown. */
  line: number;
}

/** From the compact side-bar view: open the full panel beside the editor. */
export interface OpenPanelMessage {
  type: 'flowchart/openPanel';
}

/** Posted after each render attempt, so the host (and tests) know what the person sees. */
export interface RenderedMessage {
  type: 'flowchart/rendered';
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
  /** The diagram error shown instead of the chart, or null. */
  error: string | null;
}

export type WebviewToHostMessage =
  | ReadyMessage
  | DeclareMessage
  | RunStepMessage
  | OpenSourceMessage
  | OpenPanelMessage
  | RenderedMessage;

/** Requests the host answers with a 'host/reply'. */
export type WebviewRequest = DeclareMessage | RunStepMessage;

// ---------------------------------------------------------------------------------------------
// Validators. Hand-written so the rules are visible: exact key sets (no extra fields), integers
// where the host indexes or counts, bounded strings.

type Fields = Record<string, unknown>;

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

function isShownStepRef(x: unknown): x is StepSummary['ref'] {
  if (!isRecord(x) || !hasKeys(x, ['kind', 'index'], ['incidentIndex'])) return false;
  if (!isIndex(x.index)) return false;
  if (x.kind === 'diagnostic') return x.incidentIndex === undefined;
  // A diagnostic-tree step belongs to a known incident: it needs the incident's index.
  if (x.kind === 'tree') return isIndex(x.incidentIndex);
  return false;
}

function isRendered(x: Fields): boolean {
  return (
    hasKeys(x, ['type', 'ms', 'renderedAt', 'nodeCount', 'levels', 'error']) &&
    isDuration(x.ms) &&
    isDuration(x.renderedAt) &&
    isIndex(x.nodeCount) &&
    Array.isArray(x.levels) &&
    x.levels.length <= MAX_LEVELS &&
    x.levels.every(isLevelNumber) &&
    (x.error === null || (typeof x.error === 'string' && x.error.length <= MAX_ERROR_LENGTH))
  );
}

export function isWebviewToHostMessage(x: unknown): x is WebviewToHostMessage {
  if (!isRecord(x)) return false;
  switch (x.type) {
    case 'webview/ready':
      return hasKeys(x, ['type']);
    case 'flowchart/declare':
      return hasKeys(x, ['type', 'requestId', 'level']) && isIndex(x.requestId) && isLevelNumber(x.level);
    case 'flowchart/runStep':
      return hasKeys(x, ['type', 'requestId', 'stepRef']) && isIndex(x.requestId) && isShownStepRef(x.stepRef);
    case 'flowchart/openSource':
      return hasKeys(x, ['type', 'line']) && isIndex(x.line);
    case 'flowchart/openPanel':
      return hasKeys(x, ['type']);
    case 'flowchart/rendered':
      return isRendered(x);
    default:
      return false;
  }
}

const THEME_KINDS: readonly string[] = ['light', 'dark', 'highContrast', 'highContrastLight'];

/**
 * The webview's check of what it receives. The host is trusted, so this guards against
 * stray `message` events and version skew rather than attacks: it checks the envelope and
 * the fields the webview reads first, not every nested field of the chart data.
 */
export function isHostToWebviewMessage(x: unknown): x is HostToWebviewMessage {
  if (!isRecord(x)) return false;
  switch (x.type) {
    case 'flowchart/render':
      return (
        hasKeys(x, ['type', 'data']) &&
        (x.data === null ||
          (isRecord(x.data) &&
            typeof x.data.runbookUri === 'string' &&
            isRecord(x.data.flowchart) &&
            typeof x.data.flowchart.source === 'string' &&
            Array.isArray(x.data.levels)))
      );
    case 'incidents/counts':
      return (
        hasKeys(x, ['type', 'counts']) &&
        Array.isArray(x.counts) &&
        x.counts.every((c) => isRecord(c) && isLevelNumber(c.level) && isIndex(c.count))
      );
    case 'theme/changed':
      return hasKeys(x, ['type', 'kind']) && typeof x.kind === 'string' && THEME_KINDS.includes(x.kind);
    case 'host/reply':
      return (
        hasKeys(x, ['type', 'requestId', 'ok', 'error']) &&
        isIndex(x.requestId) &&
        typeof x.ok === 'boolean' &&
        (x.error === null || typeof x.error === 'string')
      );
    default:
      return false;
  }
}

/**
 * The page carries the first 'flowchart/render' in a JSON data block with this id (see html.ts), so
 * the chart is drawn without waiting for a round trip; everything later comes as messages.
 */
export const INITIAL_RENDER_ELEMENT_ID = 'flowchart-initial-render';

/** The view type of the panel; the serializer and the activation event use the same string. */
export const FLOWCHART_VIEW_TYPE = 'incidentRunbook.flowchart';

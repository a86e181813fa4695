// The message protocol between the Incident History webview (its Runbook Health section) and the extension host.
// Both sides import this file, so it stays free of `vscode` and Node: types, constants and pure validators only.
// The webview names a row by the id the host gave it; the host keeps what the row stands for (the notes of its
// runs, its review key), so nothing the page sends is a path or a key the host would have to trust.

/** One runbook step's figures, as `runbookHealth` counts them. */
export interface HealthStepRow {
  /** Names this row in 'health/openRuns' and 'health/markReviewed'. */
  row: number;
  title: string;
  runs: number;
  failures: number;
  /** ISO time of the last run, or null when it never ran. */
  lastRun: string | null;
  stale: boolean;
  neverRun: boolean;
  /** The finding for this step, in `healthFindings`' words, or null when there is nothing to report. */
  finding: string | null;
  reviewed: boolean;
}

/** A finding that is not one step's: a known incident never matched, incidents with no run, a level's SLA. */
export interface HealthFindingRow {
  row: number;
  message: string;
  /** The finding names incident notes that can be opened. */
  hasRuns: boolean;
  reviewed: boolean;
}

export interface RunbookHealthView {
  /** The runbook, relative to the workspace. */
  runbook: string;
  incidents: number;
  steps: HealthStepRow[];
  findings: HealthFindingRow[];
  /** The settings the figures used: "never run in N incidents", "stale after K runs". */
  neverRunIncidents: number;
  staleRuns: number;
}

export type HistoryWebviewMessage =
  | { type: 'webview/ready' }
  | { type: 'health/openRuns'; row: number }
  | { type: 'health/markReviewed'; row: number }
  /** What the section shows, as text per row, after each render: tests read it, as a person would. */
  | { type: 'health/rendered'; rows: string[] };

export type HistoryHostMessage = { type: 'health/render'; runbooks: RunbookHealthView[] };

const MAX_ROWS = 10_000;
const MAX_ROW_TEXT = 2_000;

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function hasExactly(x: Record<string, unknown>, keys: readonly string[]): boolean {
  const own = Object.keys(x);
  return own.length === keys.length && keys.every((k) => Object.prototype.hasOwnProperty.call(x, k));
}

function isRow(x: unknown): x is number {
  return Number.isSafeInteger(x) && (x as number) >= 0 && (x as number) < MAX_ROWS;
}

/** The host's check of every message from the page: exact keys, a row id in range, bounded text. */
export function isHistoryWebviewMessage(x: unknown): x is HistoryWebviewMessage {
  if (!isRecord(x)) return false;
  switch (x.type) {
    case 'webview/ready':
      return hasExactly(x, ['type']);
    case 'health/openRuns':
    case 'health/markReviewed':
      return hasExactly(x, ['type', 'row']) && isRow(x.row);
    case 'health/rendered':
      return (
        hasExactly(x, ['type', 'rows']) &&
        Array.isArray(x.rows) &&
        x.rows.length <= MAX_ROWS &&
        x.rows.every((r) => typeof r === 'string' && r.length <= MAX_ROW_TEXT)
      );
    default:
      return false;
  }
}

/** The page's check of what it receives (stray `message` events, version skew). */
export function isHistoryHostMessage(x: unknown): x is HistoryHostMessage {
  return isRecord(x) && x.type === 'health/render' && hasExactly(x, ['type', 'runbooks']) && Array.isArray(x.runbooks) && x.runbooks.every(isRecord);
}

export const HISTORY_VIEW_TYPE = 'incidentRunbook.history';

// What the flowchart feature needs from the rest of the extension, as an interface: the
// composition root (src/extension.ts) passes the runbook and incident services in, and this
// folder never imports them.
import type * as vscode from 'vscode';
import type { Runbook } from '../../core/runbook/model';

export interface FlowchartDeps {
  runbooks: {
    /** The runbook to draw first (the active editor's, else the first; the bundled one as a fallback). */
    active(): Promise<{ uri: vscode.Uri; runbook: Runbook } | undefined>;
    /** A runbook by URI, as last read; undefined when it is gone. Keeps a panel on its runbook. */
    get(uri: vscode.Uri): Promise<{ uri: vscode.Uri; runbook: Runbook } | undefined>;
    /** Fires when any runbook is re-read or the set of runbooks changes. */
    onDidChange: vscode.Event<void>;
  };
  incidents: {
    /** Open (not resolved) incidents per level number. */
    openCountsByLevel(): Promise<Map<number, number>>;
    onDidChange: vscode.Event<void>;
  };
  log: vscode.LogOutputChannel;
}

/** The last render a flowchart webview reported; returned by `incidentRunbook.flowchartState` for tests. */
export interface RenderInfo {
  /** True when the chart's SVG is on screen (false when an error panel is shown instead). */
  rendered: boolean;
  runbookUri: string | null;
  /** True for the side-bar view, false for the panel. */
  compact: boolean;
  nodeCount: number;
  /** Levels whose node is clickable. */
  levels: number[];
  /** The level names the triage helper shows, as drawn. */
  triageLevels: string[];
  ms: number;
  renderedAt: number;
  error: string | null;
}

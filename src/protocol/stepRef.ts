// A reference to a runbook step, as plain JSON: tree items, CodeLenses, the flowchart webview and
// other extensions pass it to the run commands. Here, not in src/core, because the webview may
// import only src/protocol.

/**
 * Where a runnable step lives.
 * - kind 'diagnostic': `runbook.diagnostics[index]`; `commandIndex` picks one of its commands, else all run in order.
 * - kind 'tree': `runbook.incidents[incidentIndex].steps[index]` (a diagnostic-tree step with a command).
 */
export interface StepRef {
  runbookUri: string;
  kind: 'diagnostic' | 'tree';
  index: number;
  incidentIndex?: number;
  commandIndex?: number;
}

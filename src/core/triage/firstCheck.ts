// The first check after declaring: the known incident's first diagnostic-tree step that has a command, else the
// runbook's first quick-diagnosis step (all its commands, as Run Diagnostic Step runs a step).
import type { StepRef } from '../../protocol/stepRef';
import type { Runbook } from '../runbook/model';

export interface FirstCheck {
  ref: StepRef;
  /** The step's title or the tree's question: "Check service health", "Container running?". */
  title: string;
}

export function firstCheck(runbookUri: string, runbook: Runbook, incidentIndex: number | null): FirstCheck | null {
  const steps = incidentIndex === null ? [] : (runbook.incidents[incidentIndex]?.steps ?? []);
  const tree = steps.findIndex((step) => step.command);
  if (incidentIndex !== null && tree >= 0) return { ref: { runbookUri, kind: 'tree', incidentIndex, index: tree }, title: steps[tree].question };
  const quick = runbook.diagnostics.findIndex((step) => step.commands.length > 0);
  return quick < 0 ? null : { ref: { runbookUri, kind: 'diagnostic', index: quick }, title: runbook.diagnostics[quick].title };
}

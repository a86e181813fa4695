// The triage's input read from a runbook: its levels (or the defaults it falls back to), its known incidents, and
// the flowchart's edge labels that each lead to one level.
import { buildFlowchartData } from '../flowchart/chartData';
import { parseFlowchart } from '../runbook/flowchart';
import type { Runbook, SeverityLevel } from '../runbook/model';
import { triage, type ChartTrigger, type Triage } from './triage';

/** The chart's answers to its own triage question ("Service Down" → SEV1), as the flowchart's helper offers them. */
export function chartTriggers(runbook: Runbook): ChartTrigger[] {
  if (!runbook.flowchart.trim()) return [];
  const data = buildFlowchartData('', runbook, parseFlowchart(runbook.flowchart), false);
  return data.choices.filter((choice) => choice.source === 'trigger').map((choice) => ({ label: choice.label, level: choice.level }));
}

/** Triage of `text` against `runbook`; `levels` are the ones to choose among (the runbook's, or the defaults). */
export function triageRunbook(text: string, runbook: Runbook | null, levels: readonly SeverityLevel[]): Triage {
  return triage(text, { levels, incidents: runbook?.incidents ?? [], triggers: runbook ? chartTriggers(runbook) : [] });
}

// The incident model: one occurrence of trouble, kept as a Markdown note with YAML front matter.
// Pure: no `vscode` import anywhere under src/core. All times are UTC ISO-8601 strings.

export type IncidentStatus = string; // from the runbook's template choices; default Investigating | Mitigating | Resolved

export const DEFAULT_STATUSES: readonly string[] = ['Investigating', 'Mitigating', 'Resolved'];

export type TimelineKind =
  | 'declared'
  | 'acknowledged'
  | 'status'
  | 'level'
  | 'commander'
  | 'note'
  | 'escalated'
  | 'update'
  | 'draft'
  | 'command'
  | 'deadline'
  | 'protocol'
  | 'resolved'
  | 'reopened'
  | 'override'
  | 'git'
  | 'trigger';

export interface TimelineEvent {
  /** ISO-8601 UTC, e.g. 2026-11-27T04:41:00Z */
  at: string;
  kind: TimelineKind | string;
  text: string;
}

export interface ProtocolItemState {
  text: string;
  done: boolean;
}

export interface Incident {
  /** Stable id, e.g. "2026-11-27-checkout-latency" (the note's file name without .md). */
  id: string;
  title: string;
  level: number;
  status: IncidentStatus;
  /** Workspace-relative path of the runbook used, or '' */
  runbook: string;
  /** Known incident id from the runbook ("INC-001"), or null */
  knownIncident: string | null;
  commander: string;
  impact: string;
  declared: string;
  acknowledged: string | null;
  mitigated: string | null;
  resolved: string | null;
  /** When the next status update is due, or null when none is due (resolved). */
  nextUpdateDue: string | null;
  /** Escalation levels reached ("L2"), in order. */
  escalations: string[];
  /** Deadlines the responder was already told about, so each is announced once across reloads. */
  notified: string[];
  protocol: ProtocolItemState[];
  /** True once someone lowered a runbook-forced level on purpose. */
  levelOverride: boolean;
  timeline: TimelineEvent[];
  /**
   * The note's "## Summary" text, as the person wrote it (trimmed), or undefined when empty. Read-only for the
   * extension: updateIncidentNote never rewrites it; serializeIncidentNote writes it into a brand-new note.
   */
  summary?: string;
}

/** The order incidents are offered in for a choice: most severe first, then the newest. */
export function mostSevereFirst(a: Pick<Incident, 'level' | 'declared'>, b: Pick<Incident, 'level' | 'declared'>): number {
  return a.level - b.level || b.declared.localeCompare(a.declared);
}

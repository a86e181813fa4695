// The in-memory runbook model. Both the Markdown and the YAML readers produce it,
// and `incident-runbook parse --json` prints it as is, so its field names are a public contract.
// Pure: no `vscode` import anywhere under src/core.

/** Where something came from in the runbook file. Lines and columns are 0-based here; the CLI prints them 1-based. */
export interface SourceRange {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

/**
 * Where a level, escalation rule or template came from: 'runbook' when the file states it (its `source` says where,
 * when known), 'default' when the file says nothing and a default (a setting, or ours) fills the gap. A default is
 * never shown as the runbook's.
 */
export type Origin = 'runbook' | 'default';

export type ProblemSeverity = 'error' | 'warning' | 'info';

/** A text replacement the editor can apply as a quick fix (never applied on its own). */
export interface TextFix {
  title: string;
  range: SourceRange;
  newText: string;
}

export interface RunbookProblem {
  /** 0-based */
  line: number;
  /** 0-based */
  column: number;
  endLine?: number;
  endColumn?: number;
  severity: ProblemSeverity;
  /** Stable machine code, e.g. 'mojibake', 'missing-section', 'level-contradiction'. */
  code: string;
  message: string;
  fix?: TextFix;
}

/** SEV1..SEV4 as a number. Kept open so teams with SEV0 or SEV5 still load. */
export type LevelNumber = number;

export interface SeverityLevel {
  /** "SEV1" */
  id: string;
  level: LevelNumber;
  impact: string;
  /** Minutes to respond, or null when the response is not a fixed time (e.g. "Next business day"). */
  responseMinutes: number | null;
  /** 'minutes' for a fixed time, 'nextBusinessDay' or 'unknown' otherwise. */
  responseKind: 'minutes' | 'nextBusinessDay' | 'unknown';
  /** The response text as written in the table (or the chart when the table has no row). */
  response: string;
  /** The flowchart's action for this level ("Page On-Call"), or '' when the chart has none. */
  action: string;
  /** The flowchart edge label that leads to this level ("Service Down"), or ''. */
  trigger: string;
  examples: string[];
  source?: SourceRange;
  /** 'default' for a level from the default levels (the runbook defines none). Absent in older models: read as 'runbook'. */
  origin?: Origin;
  /** Id of this level's node in the flowchart ("S1"), when the chart has one. */
  nodeId?: string;
  /** Id of the flowchart node of this level's action ("P"), when the chart has one. */
  actionNodeId?: string;
  /** The level as the runbook names it ("P1", "Critical", "Priority 1 (P1) - High") when that is not `id`. */
  name?: string;
  /** The time to resolve as written, when the runbook states one apart from the response ("24 hours"). */
  resolution?: string;
  /** Minutes of `resolution`, or null when it is not a fixed time. Never a response clock. */
  resolutionMinutes?: number | null;
}

export interface Placeholder {
  /** The name between the brackets: "domain" for `[domain]`. */
  name: string;
}

export interface DiagnosticStep {
  title: string;
  commands: string[];
  /** Unique placeholder names used by the commands, in order of first appearance. */
  placeholders: string[];
  /** Line of the `# N. Title` comment (or of the first command). */
  source?: SourceRange;
  /** One range per command, in the same order as `commands`. */
  commandSources?: SourceRange[];
}

export interface DiagnosticTreeStep {
  question: string;
  /** Inline command (from backticks after the arrow), or null. */
  command: string | null;
  /** Text after the arrow when it is not a command ("Check health endpoint"), or null. */
  hint: string | null;
  placeholders: string[];
  source?: SourceRange;
}

/**
 * A step to tick off during an incident: a known incident's Response Protocol item, or a `- [ ]` / `- [x]` task-list
 * item (the box is not part of `text`; a box ticked in the file is not ticked for an incident, which starts its own).
 */
export interface ProtocolStep {
  /** Bold tag at the start ("IMMEDIATE"), or null. */
  tag: string | null;
  text: string;
  source?: SourceRange;
}

export interface KnownIncident {
  /** "INC-001" */
  id: string;
  title: string;
  symptoms: string[];
  steps: DiagnosticTreeStep[];
  rootCauses: string[];
  resolution: string;
  /** Level forced by a CRITICAL rule ("always SEV1"), or null. */
  forcedLevel: LevelNumber | null;
  critical: string | null;
  protocol: ProtocolStep[];
  source?: SourceRange;
  /** What the incident does to users, when the playbook says it apart from the symptoms ("Impact"). */
  impact?: string;
  /** The severity the playbook states, as written ("major", "P2"): a hint for triage, not a forced level. */
  severity?: string;
}

export interface TemplateField {
  /** "Status" */
  name: string;
  /** The value as written: "[Brief description]", "SEV[1-4]", "Investigating | Mitigating | Resolved". */
  placeholder: string;
  /** For a choice field ("A | B | C"), the choices; otherwise []. */
  choices: string[];
}

export interface StatusTemplate {
  fields: TemplateField[];
  /** The whole template text as written (inside the fenced block). */
  text: string;
  source?: SourceRange;
  /** 'default' for the default template (the runbook has none). */
  origin?: Origin;
}

export interface EscalationRule {
  /** "L2" */
  level: string;
  contact: string;
  /** Which severity levels the rule applies to (numbers); all levels when the cell says "All incidents". */
  levels: LevelNumber[];
  /**
   * Minutes after declaration when the rule applies; 0 for "immediately"/no delay. null for a rule written as prose
   * (no table): it is listed as text and no clock ever runs for it.
   */
  afterMinutes: number | null;
  /** The "When" cell as written; for a prose rule, its sentence. */
  when: string;
  source?: SourceRange;
  /** Always 'runbook' today: no escalation rule is ever made up. */
  origin?: Origin;
}

/** A status-update cadence the runbook states in prose ("post updates every 20–30 minutes for SEV1"). */
export interface UpdateCadence {
  /** The levels it names; every level of the runbook when the sentence names none. */
  levels: LevelNumber[];
  /** Minutes between status updates: the shorter bound of a range ("every 20–30 minutes" is 20). */
  minutes: number;
  /** The sentence (or clause) as written. */
  text: string;
  source?: SourceRange;
  /** Always 'runbook': no cadence is ever made up (the setting's cadence is not in the model). */
  origin?: Origin;
}

export interface RelatedLink {
  text: string;
  /** As written; relative links resolve against the runbook's folder (done by the caller). */
  href: string;
}

export interface Runbook {
  /** The first-level heading, or the file name when there is none. */
  title: string;
  /** Path the runbook was read from, as given to the parser ('' when unknown). */
  path: string;
  format: 'markdown' | 'yaml';
  levels: SeverityLevel[];
  diagnostics: DiagnosticStep[];
  incidents: KnownIncident[];
  template: StatusTemplate | null;
  escalation: EscalationRule[];
  /**
   * The runbook's own checklist: `- [ ]` task-list items outside any known incident, in file order, each with its
   * source. An incident gets them to tick (after its known incident's own `protocol`). [] when there are none.
   * Both readers always set it; optional only for models written before it (read as []).
   */
  protocol?: ProtocolStep[];
  /**
   * Status-update cadences stated in prose, in file order; [] when the runbook states none (the setting applies).
   * Both readers always set it; optional only for models written before it (read as []).
   */
  updateCadence?: UpdateCadence[];
  /** Mermaid source of the triage flowchart ('' when the runbook has none). */
  flowchart: string;
  flowchartSource?: SourceRange;
  /** Mermaid source of the response-flow sequence diagram, or null. */
  sequence: string | null;
  links: RelatedLink[];
  version: string | null;
  problems: RunbookProblem[];
}

// What a reader (Markdown or YAML) hands to the assembly step: the runbook as the file states it, before
// defaults, reconciliation and escalation rules are worked out. Both readers share everything after this.
import {
  DiagnosticStep,
  KnownIncident,
  LevelNumber,
  ProtocolStep,
  RelatedLink,
  RunbookProblem,
  SourceRange,
  StatusTemplate,
} from './model';
import { LevelRow } from './levels';

export type SectionKind = 'classification' | 'diagnosis' | 'responseFlow' | 'incidents' | 'template' | 'escalation' | 'links';

export const SECTION_KINDS: readonly SectionKind[] = [
  'classification',
  'diagnosis',
  'responseFlow',
  'incidents',
  'template',
  'escalation',
  'links',
];

export interface EscalationRow {
  level: string;
  contact: string;
  when: string;
  source?: SourceRange;
  /** Stated directly (YAML); otherwise read from `when`. */
  levels?: LevelNumber[];
  afterMinutes?: number;
  /** Written as a sentence, not a table row: `when` is the sentence, and no clock runs for it. */
  prose?: boolean;
}

/** A cadence sentence as read, before its levels are known (assembly reads them from `levelText`). */
export interface CadenceRow {
  minutes: number;
  /** The words around the cadence that may name levels ("for SEV1 and SEV2"). */
  levelText: string;
  text: string;
  source: SourceRange;
}

export interface FlowchartPart {
  source: string;
  range?: SourceRange;
  /** File line of the source's first line, so a node can be pointed at. */
  firstLine?: number;
}

export interface RunbookParts {
  title: string;
  path: string;
  format: 'markdown' | 'yaml';
  /** The sections the file has, with the range of each one's heading (or YAML key). */
  sections: Map<SectionKind, SourceRange>;
  /**
   * Content recognised by its shape outside a section named for it (a level table with no heading above, a
   * playbook under an alert's name), with where: the runbook has that part, though no heading says so.
   */
  found: Map<SectionKind, SourceRange>;
  /** The whole file is one alert's playbook (Meaning / Impact / Diagnosis / Mitigation), read as one incident. */
  singlePlaybook?: boolean;
  levelRows: LevelRow[];
  flowchart: FlowchartPart | null;
  diagnostics: DiagnosticStep[];
  incidents: KnownIncident[];
  template: StatusTemplate | null;
  escalationRows: EscalationRow[];
  /** Where the playbooks (incidents recognised by their content) are: their commands are their steps, not the runbook's too. */
  playbookRanges: SourceRange[];
  /** `- [ ]` task-list items outside any known incident. */
  checklist: ProtocolStep[];
  cadenceRows: CadenceRow[];
  sequence: string | null;
  links: RelatedLink[];
  version: string | null;
  problems: RunbookProblem[];
  /** False when the file has no structure to speak of (a YAML scalar or list); then missing sections go unreported. */
  readable: boolean;
  /** Range of a whole file line (first to last non-blank character). */
  lineRange(line: number): SourceRange;
}

export function emptyParts(path: string, format: 'markdown' | 'yaml', lineRange: (line: number) => SourceRange): RunbookParts {
  return {
    title: '',
    path,
    format,
    sections: new Map(),
    found: new Map(),
    levelRows: [],
    flowchart: null,
    diagnostics: [],
    incidents: [],
    template: null,
    escalationRows: [],
    playbookRanges: [],
    checklist: [],
    cadenceRows: [],
    sequence: null,
    links: [],
    version: null,
    problems: [],
    readable: true,
    lineRange,
  };
}

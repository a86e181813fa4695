// From what the file states to the Runbook model: reconcile levels with the flowchart, fall back to defaults
// where the file says nothing, read escalation rules, and report what is missing. Shared by both readers.
import { EscalationRule, LevelNumber, Runbook, RunbookProblem, SeverityLevel, SourceRange, StatusTemplate, UpdateCadence } from './model';
import { isJudgement, levelsIn, parseEscalationWhen } from './escalation';
import { generateFlowchart, generatedNodeIds, parseFlowchart } from './flowchart';
import { ChartLevel, ChartLocation, DEFAULT_LEVELS, LevelRow, levelLabel, levelsFromFlowchart, reconcileLevels } from './levels';
import { defaultSeverityLevels, describeDefaultLevels } from './defaults';
import { DEFAULT_TEMPLATE_TEXT, parseTemplateFields } from './template';
import { CadenceRow, EscalationRow, FlowchartPart, RunbookParts, SECTION_KINDS, SectionKind } from './parts';
import { problemAt, sortProblems, START_OF_FILE } from './problems';

const MARKDOWN_HEADINGS: Readonly<Record<SectionKind, string>> = {
  classification: '"## Incident Classification"',
  diagnosis: '"## Quick Diagnosis"',
  responseFlow: '"## Response Flow"',
  incidents: '"## Common Incidents"',
  template: '"## Communication Template"',
  escalation: '"## Escalation Path"',
  links: '"## Related Documents"',
};

const YAML_KEYS: Readonly<Record<SectionKind, string>> = {
  classification: '`levels:`',
  diagnosis: '`diagnostics:`',
  responseFlow: '`sequence:`',
  incidents: '`incidents:`',
  template: '`template:`',
  escalation: '`escalation:`',
  links: '`links:`',
};

/** What the runbook lacks without the section, said to its author. */
const CONSEQUENCE: Readonly<Record<SectionKind, string>> = {
  // Which levels, the problem says (see missingSectionProblem): they are the setting's.
  classification: 'the default levels are used',
  diagnosis: 'there are no diagnostic steps to run',
  responseFlow: 'the flowchart view shows no response flow',
  incidents: 'there are no known incidents to match',
  template: 'the default status-update template is used',
  escalation: 'there are no escalation reminders',
  links: 'no related documents are linked',
};

const MISSING_SEVERITY: Readonly<Record<SectionKind, 'warning' | 'info'>> = {
  classification: 'warning',
  diagnosis: 'info',
  responseFlow: 'info',
  incidents: 'info',
  template: 'info',
  escalation: 'info',
  links: 'info',
};

function missingSectionProblem(kind: SectionKind, format: 'markdown' | 'yaml', defaults: readonly LevelRow[]): RunbookProblem {
  const what = format === 'yaml' ? `No ${YAML_KEYS[kind]} key` : `No section like ${MARKDOWN_HEADINGS[kind]}`;
  const consequence = kind === 'classification' ? `${CONSEQUENCE[kind]} (${describeDefaultLevels(defaults)})` : CONSEQUENCE[kind];
  return problemAt(START_OF_FILE, MISSING_SEVERITY[kind], 'missing-section', `${what}: ${consequence}.`);
}

/** Where a node is defined in the chart's source, for problems about it. */
function chartLocation(part: FlowchartPart, parts: RunbookParts): ChartLocation {
  const range = part.range ?? START_OF_FILE;
  const sourceLines = part.source.split('\n');
  return {
    range,
    nodeRange(nodeId: string): SourceRange {
      if (part.firstLine === undefined) return range;
      const escaped = nodeId.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      const definition = new RegExp(`(?:^|[^\\w-])${escaped}\\s*[[({>]`);
      const index = sourceLines.findIndex((line) => definition.test(line));
      return index === -1 ? range : parts.lineRange(part.firstLine + index);
    },
  };
}

interface ChartReading {
  chart: FlowchartPart | null;
  levels: ChartLevel[];
}

function readChart(parts: RunbookParts, problems: RunbookProblem[]): ChartReading {
  const part = parts.flowchart;
  if (!part) return { chart: null, levels: [] };
  const chart = parseFlowchart(part.source);
  const range = part.range ?? START_OF_FILE;
  if (chart.direction === '') {
    problems.push(problemAt(range, 'warning', 'flowchart-unreadable',
      'This mermaid block is not a flowchart (it should start with "graph LR" or "flowchart TD"); a chart is generated from the levels instead.'));
    return { chart: null, levels: [] };
  }
  const levels = levelsFromFlowchart(chart);
  if (levels.length === 0) {
    problems.push(problemAt(range, 'warning', 'flowchart-without-levels',
      'No flowchart node names a level (e.g. S1[SEV1: 15 min response]); the chart is shown but cannot be mapped to levels.'));
  }
  return { chart: part, levels };
}

function assembleLevels(
  parts: RunbookParts,
  reading: ChartReading,
  problems: RunbookProblem[],
  reportMissing: boolean,
  defaults: readonly LevelRow[],
): SeverityLevel[] {
  const location = reading.chart ? chartLocation(reading.chart, parts) : null;
  const levels = reconcileLevels(parts.levelRows, reading.levels, location, problems);
  if (levels.length > 0) return levels.map((level) => ({ ...level, origin: 'runbook' }));
  const heading = parts.sections.get('classification');
  if (heading) {
    problems.push(problemAt(heading, 'warning', 'no-levels',
      `No severity levels found here (a table with a SEV column, or flowchart nodes like SEV1); using the default levels (${describeDefaultLevels(defaults)}).`));
  } else if (reportMissing && followsSeedFormat(parts)) {
    problems.push(missingSectionProblem('classification', parts.format, defaults));
  } else if (reportMissing) {
    // Another kind of page (an alert's playbook, a process page) has no reason to have a classification section: the
    // author is told which levels are in force, not that a section is missing.
    problems.push(problemAt(START_OF_FILE, 'info', 'default-levels',
      `This runbook defines no severity levels, so the default levels are used (${describeDefaultLevels(defaults)}).`));
  }
  return defaultSeverityLevels(defaults);
}

/**
 * The levels a sentence names: SEV1, P2, SEV1-2 (escalation.ts), or a level's own name as a word ("Critical"); every
 * level when it names none.
 */
function levelsNamed(text: string, levels: readonly SeverityLevel[]): LevelNumber[] {
  const known = levels.map((level) => level.level);
  // Only the runbook's levels: "p95 latency" names no level P95.
  const found = new Set(levelsIn(text, known).levels.filter((level) => known.includes(level)));
  const words = ` ${text.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ')} `;
  for (const level of levels) {
    const name = level.name?.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
    if (name && /^\p{L}+$/u.test(name) && words.includes(` ${name} `)) found.add(level.level);
  }
  return found.size > 0 ? [...found].sort((a, b) => a - b) : [...known].sort((a, b) => a - b);
}

function updateCadence(row: CadenceRow, levels: readonly SeverityLevel[]): UpdateCadence {
  return { levels: levelsNamed(row.levelText, levels), minutes: row.minutes, text: row.text, source: row.source, origin: 'runbook' };
}

/**
 * An escalation written as a sentence: its levels when it names some, and no time. Even "after 30 minutes" in prose
 * rarely says after what (the page? the declaration? no progress?), so no clock is started on a guess.
 */
function proseEscalationRule(row: EscalationRow, levels: readonly SeverityLevel[]): EscalationRule {
  const rule: EscalationRule = { level: row.level, contact: row.contact, levels: levelsNamed(row.when, levels), afterMinutes: null, when: row.when, origin: 'runbook' };
  if (row.source) rule.source = row.source;
  return rule;
}

function escalationRule(row: EscalationRow, knownLevels: readonly number[], problems: RunbookProblem[]): EscalationRule {
  const rule: EscalationRule = { level: row.level, contact: row.contact, levels: [], afterMinutes: 0, when: row.when, origin: 'runbook' };
  if (row.source) rule.source = row.source;
  if (row.levels !== undefined || row.afterMinutes !== undefined) {
    rule.levels = row.levels ?? [...knownLevels];
    rule.afterMinutes = row.afterMinutes ?? 0;
    return rule;
  }
  const condition = parseEscalationWhen(row.when, knownLevels);
  if (condition) {
    rule.levels = condition.levels;
    rule.afterMinutes = condition.afterMinutes;
  } else if (row.source && isJudgement(row.when)) {
    problems.push(problemAt(row.source, 'info', 'escalation-by-judgement',
      `"${row.when}" depends on what happened, which no clock can tell: escalate to ${row.contact || row.level || 'this level'} by hand (Incident: Escalate). To have it timed, add the levels and a delay, e.g. "SEV1 after 30min".`));
  } else if (row.source) {
    problems.push(problemAt(row.source, 'warning', 'escalation-unreadable',
      `Cannot read when ${row.level || 'this level'} applies: "${row.when}" (write e.g. "All incidents", "SEV1-2 after 30min", "SEV1 after 1hr"); the rule never fires.`));
  }
  return rule;
}

function defaultTemplate(): StatusTemplate {
  return { fields: parseTemplateFields(DEFAULT_TEMPLATE_TEXT), text: DEFAULT_TEMPLATE_TEXT, origin: 'default' };
}

interface EmptySectionCheck {
  kind: SectionKind;
  severity: 'warning' | 'info';
  code: string;
  /** What is missing, as the author of each format would look for it. */
  markdown: string;
  yaml: string;
  consequence: string;
}

const EMPTY_SECTION_CHECKS: readonly EmptySectionCheck[] = [
  { kind: 'diagnosis', severity: 'warning', code: 'no-diagnostic-steps', markdown: 'No ```bash block with commands here',
    yaml: '`diagnostics` has no steps', consequence: 'there are no diagnostic steps' },
  { kind: 'responseFlow', severity: 'info', code: 'missing-sequence', markdown: 'No mermaid sequenceDiagram here',
    yaml: '`sequence` is empty', consequence: 'the flowchart view shows no response flow' },
  { kind: 'incidents', severity: 'warning', code: 'no-incidents', markdown: 'No incidents here (expected headings like "### INC-001: Application Unresponsive")',
    yaml: '`incidents` has no incidents', consequence: 'there are no known incidents to match' },
  { kind: 'template', severity: 'info', code: 'missing-template', markdown: 'No ```markdown template block here',
    yaml: '`template` is empty', consequence: 'the default status-update template is used' },
  { kind: 'escalation', severity: 'warning', code: 'no-escalation-rules', markdown: 'No escalation table here (columns Level | Contact | When)',
    yaml: '`escalation` has no rules', consequence: 'there are no escalation reminders' },
  { kind: 'links', severity: 'info', code: 'no-links', markdown: 'No links here', yaml: '`links` has no links', consequence: 'no related documents are linked' },
];

function isEmpty(kind: SectionKind, parts: RunbookParts, runbook: Runbook): boolean {
  switch (kind) {
    case 'diagnosis': return runbook.diagnostics.length === 0;
    case 'responseFlow': return runbook.sequence === null;
    case 'incidents': return runbook.incidents.length === 0;
    case 'template': return parts.template === null;
    case 'escalation': return parts.escalationRows.length === 0;
    case 'links': return runbook.links.length === 0;
    default: return false;
  }
}

/** Problems for sections that are there but yield nothing. */
function reportEmptySections(parts: RunbookParts, runbook: Runbook, usedChart: boolean, problems: RunbookProblem[]): void {
  const classification = parts.sections.get('classification');
  const seedFormat = followsSeedFormat(parts);
  // A mermaid triage chart is a part of the seed format: a severity table elsewhere has no reason to have one.
  if (classification && !usedChart && parts.levelRows.length > 0 && seedFormat) {
    const what = parts.format === 'yaml' ? 'No `flowchart` (a mermaid triage chart)' : 'No mermaid triage flowchart here';
    problems.push(problemAt(classification, 'info', 'missing-flowchart', `${what}; one is generated from the levels.`));
  }
  for (const check of EMPTY_SECTION_CHECKS) {
    const range = parts.sections.get(check.kind);
    if (!range || !isEmpty(check.kind, parts, runbook)) continue;
    // Outside the seed format, a "## Communication" of prose needs no template block, nor a page links: only what a
    // responder acts on (steps, incidents, escalation) is worth a word when its section yields none.
    if (!seedFormat && check.severity === 'info') continue;
    const what = parts.format === 'yaml' ? check.yaml : check.markdown;
    problems.push(problemAt(range, check.severity, check.code, `${what}, so ${check.consequence}.`));
  }
  if (runbook.template && runbook.template.fields.length === 0 && parts.template) {
    problems.push(problemAt(parts.template.source ?? START_OF_FILE, 'info', 'template-without-fields',
      'The template has no "**Field**: value" lines, so nothing in it can be filled in from the incident.'));
  }
}

/**
 * Headings (or YAML keys) for at least this many of the seed format's seven sections: the file is written in that
 * format, so a section it lacks is missing. Below it, the file is another kind of page (one alert's playbook, a
 * severity page, a process page, a team's on-call guide) and a section it lacks is not named: it has no reason to
 * have a "## Response Flow". Written in the format, files have six or seven; other pages have three at most.
 */
const SEED_SHAPED = 4;

function followsSeedFormat(parts: RunbookParts): boolean {
  return parts.sections.size >= SEED_SHAPED;
}

function reportMissingSections(parts: RunbookParts, runbook: Runbook, problems: RunbookProblem[]): void {
  for (const kind of SECTION_KINDS) {
    if (kind === 'classification' || parts.sections.has(kind) || parts.found.has(kind)) continue;
    // Content found outside its usual section counts as present.
    if (kind === 'responseFlow' && runbook.sequence !== null) continue;
    problems.push(missingSectionProblem(kind, parts.format, []));
  }
}

function reportUnknownForcedLevels(runbook: Runbook, problems: RunbookProblem[]): void {
  const known = new Set(runbook.levels.map((level) => level.level));
  for (const incident of runbook.incidents) {
    if (incident.forcedLevel === null || known.has(incident.forcedLevel)) continue;
    problems.push(problemAt(incident.source ?? START_OF_FILE, 'warning', 'unknown-level',
      `${incident.id}: the CRITICAL rule names ${levelLabel(incident.forcedLevel)}, which is not one of the runbook's levels.`));
  }
}

/** Escalation in prose is read as text: said once, at its first sentence, so the author knows no clock runs. */
function reportProseEscalation(runbook: Runbook, problems: RunbookProblem[]): void {
  const prose = runbook.escalation.filter((rule) => rule.afterMinutes === null);
  if (prose.length === 0) return;
  problems.push(problemAt(prose[0].source ?? START_OF_FILE, 'info', 'escalation-no-clock',
    `Escalation is written as prose (${prose.length === 1 ? '1 rule' : `${prose.length} rules`}): listed as text, with no escalation clock. `
    + 'To have it timed, write a table Level | Contact | When (e.g. "SEV1 after 30min").'));
}

function fileTitle(path: string): string {
  const name = path.split(/[\\/]/).pop() ?? '';
  return name.replace(/\.runbook\.ya?ml$/i, '').replace(/\.(?:md|markdown|ya?ml)$/i, '');
}

/** `defaultLevels`: the levels when the file defines none (the setting's; ours when not given). */
export function assembleRunbook(parts: RunbookParts, defaultLevels: readonly LevelRow[] = DEFAULT_LEVELS): Runbook {
  const reportMissing = parts.readable;
  const problems = [...parts.problems];
  const reading = readChart(parts, problems);
  const levels = assembleLevels(parts, reading, problems, reportMissing, defaultLevels);
  let flowchart = reading.chart?.source ?? '';
  if (!reading.chart) {
    flowchart = generateFlowchart(levels);
    for (const level of levels) {
      const ids = generatedNodeIds(level.level);
      level.nodeId = ids.nodeId;
      if (level.action) level.actionNodeId = ids.actionNodeId;
    }
  }
  const knownLevels = levels.map((level) => level.level);
  const runbook: Runbook = {
    title: parts.title || fileTitle(parts.path) || 'Runbook',
    path: parts.path,
    format: parts.format,
    levels,
    diagnostics: parts.diagnostics,
    incidents: parts.incidents,
    template: parts.template ? { ...parts.template, origin: 'runbook' } : defaultTemplate(),
    escalation: parts.escalationRows.map((row) => (row.prose ? proseEscalationRule(row, levels) : escalationRule(row, knownLevels, problems))),
    protocol: parts.checklist,
    updateCadence: parts.cadenceRows.map((row) => updateCadence(row, levels)),
    flowchart,
    sequence: parts.sequence,
    links: parts.links,
    version: parts.version,
    problems: [],
  };
  if (reading.chart?.range) runbook.flowchartSource = reading.chart.range;
  if (reportMissing) {
    reportEmptySections(parts, runbook, reading.chart !== null, problems);
    if (followsSeedFormat(parts)) reportMissingSections(parts, runbook, problems);
  }
  reportUnknownForcedLevels(runbook, problems);
  reportProseEscalation(runbook, problems);
  runbook.problems = sortProblems(problems);
  return runbook;
}

// The Markdown runbook reader: markdown-it blocks → sections → RunbookParts.
import MarkdownIt from 'markdown-it';
import { RunbookParts, emptyParts } from '../parts';
import { KnownIncident, SourceRange } from '../model';
import { lineStarts, positionAt, SourceLines, trimTrailingNewlines } from '../text';
import { cellText } from '../inline';
import { TableShape, tableShape } from './tables';
import { recogniseLevels } from './levelShapes';
import { allBlocks, Block, FenceBlock, readBlocks } from './blocks';
import { fencePart, isFlowchartSource, isSequenceSource, readFlowchart, readLevelRows } from './classification';
import { isCommandFence, readDiagnostics } from './diagnosis';
import { isPartHeading, readIncidents, readPlaybooks } from './incidents';
import { readEscalationRows } from './escalation';
import { MarkdownEnv, readLinks, readVersion } from './links';
import { readTemplate, templateByContent } from './template';
import { checklistSteps, readCadence, readProseEscalation } from './prose';
import { playbookSlug } from './incidents';
import { Section, SplitDocument, splitSections } from './sections';
import { blankFrontMatter, blankHtmlComments } from './invisible';
import { problemAt } from '../problems';

/**
 * One parser for every call (markdown-it keeps no state between parses), default preset like the bench's floor, with
 * HTML blocks as VS Code's preview has them (a `<table>` there is rendered, so it is read: html.ts), and block
 * structure only: the readers take what they need from each block's raw inline text (bold labels, code
 * spans; links through markdown-it's own inline parser, on demand), so inline tokens for the whole file would be
 * built only to be thrown away. Skipping them halves the allocations, which is most of the cost on large runbooks.
 */
const markdown = new MarkdownIt({ html: true });
markdown.core.ruler.disable(['inline', 'text_join'], true);

/** Pushes without spreading, which would overflow the call stack on very large runbooks. */
function append<T>(target: T[], items: readonly T[]): void {
  for (const item of items) target.push(item);
}

function mermaidFences(blocks: readonly Block[]): FenceBlock[] {
  return [...allBlocks(blocks)].filter((block): block is FenceBlock => block.kind === 'fence' && block.language === 'mermaid');
}

/** The section's blocks with only the tables of one shape: "## Severity & Escalation" holds both. */
function withTables(blocks: readonly Block[], shape: TableShape): Block[] {
  return blocks.filter((block) => block.kind !== 'table' || tableShape(block.header.cells) === shape);
}

/** Only the section's tables of one shape. */
function tablesOf(blocks: readonly Block[], shape: TableShape): Block[] {
  return blocks.filter((block) => block.kind === 'table' && tableShape(block.header.cells) === shape);
}

function readSection(section: Section, sectionEnd: number, parts: RunbookParts, source: SourceLines, env: MarkdownEnv): void {
  const { blocks } = section;
  switch (section.kind) {
    case 'classification':
      append(parts.levelRows, readLevelRows(withTables(blocks, 'levels'), source, parts.problems));
      append(parts.escalationRows, readEscalationRows(tablesOf(blocks, 'escalation'), source, parts.problems));
      parts.flowchart ??= readFlowchart(blocks, source);
      break;
    case 'diagnosis':
      append(parts.diagnostics, readDiagnostics(blocks, source, parts.problems));
      break;
    case 'responseFlow': {
      const sequence = mermaidFences(blocks).find((fence) => isSequenceSource(fence.content));
      if (sequence && parts.sequence === null) parts.sequence = trimTrailingNewlines(sequence.content);
      break;
    }
    case 'incidents':
      append(parts.incidents, readIncidents(blocks, source, parts.problems));
      break;
    case 'template':
      parts.template ??= readTemplate(blocks, source, sectionEnd);
      break;
    case 'escalation':
      // A table whose columns do not say who to call is still read as the escalation table when it is the only kind.
      if (tablesOf(blocks, 'escalation').length > 0) {
        append(parts.levelRows, readLevelRows(tablesOf(blocks, 'levels'), source, parts.problems));
        append(parts.escalationRows, readEscalationRows(withTables(blocks, 'escalation'), source, parts.problems));
      } else {
        append(parts.escalationRows, readEscalationRows(blocks, source, parts.problems));
      }
      // No table: the section's sentences are its rules, with no clock (prose.ts).
      if (parts.escalationRows.length === 0) append(parts.escalationRows, readProseEscalation(blocks, source, true));
      break;
    case 'links':
      append(parts.links, readLinks(blocks, env));
      break;
    default: {
      const before = parts.playbookRanges.length;
      if (!parts.singlePlaybook) appendPlaybooks(readPlaybooks(section.heading, section.blocks, source, parts.problems, parts.incidents.length), parts, source);
      // The playbooks' commands are their steps: only what lies outside them is read as the runbook's.
      const playbooks = parts.playbookRanges.slice(before);
      const outside = playbooks.length === 0 ? section.blocks : section.blocks.filter((block) => !within(block.start, playbooks));
      readStrayCommands(outside, parts, source, cellText(section.heading.inline.content));
      break;
    }
  }
}

function within(line: number, ranges: readonly SourceRange[]): boolean {
  return ranges.some((range) => line >= range.line && line <= range.endLine);
}

/** A playbook named by its alert is unique in the runbook: a second `HighErrorRate` is `high-error-rate-2`. */
function uniqueId(id: string, taken: ReadonlySet<string>): string {
  if (!taken.has(id.toLowerCase())) return id;
  let n = 2;
  while (taken.has(`${id}-${n}`.toLowerCase())) n++;
  return `${id}-${n}`;
}

function appendPlaybooks(incidents: readonly KnownIncident[], parts: RunbookParts, source: SourceLines): void {
  if (incidents.length === 0) return;
  const taken = new Set(parts.incidents.map((incident) => incident.id.toLowerCase()));
  for (const incident of incidents) {
    // Only a name-made id is renamed; an id the heading states (INC-007) stays, and a duplicate is reported elsewhere.
    if (incident.id === playbookSlug(incident.title)) incident.id = uniqueId(incident.id, taken);
    taken.add(incident.id.toLowerCase());
    parts.incidents.push(incident);
    if (incident.source) parts.playbookRanges.push(incident.source);
  }
  const first = incidents[0].source;
  if (!parts.found.has('incidents')) parts.found.set('incidents', first ?? source.linesRange(0));
}

/**
 * One alert's playbook as a whole file (Prometheus-style: `## Meaning`, `## Impact`, `## Diagnosis`, `## Mitigation`):
 * two or more sections named for playbook parts make the document one known incident, titled by the file's title.
 */
function readSinglePlaybook(document: SplitDocument, parts: RunbookParts, source: SourceLines): void {
  // "## Severity" over a level table is the runbook's classification, not an alert's stated severity.
  const partSections = document.sections.filter((section) => section.kind !== 'classification' && isPartHeading(section.heading.inline.content));
  if (partSections.length < 2) return;
  const heading = document.title ?? partSections[0].heading;
  const body: Block[] = [...document.preamble];
  for (const section of document.sections) body.push(section.heading, ...section.blocks);
  appendPlaybooks(readPlaybooks(heading, body, source, parts.problems, parts.incidents.length).slice(0, 1), parts, source);
  parts.singlePlaybook = parts.incidents.length > 0;
}

/**
 * Commands outside a diagnosis section (a playbook's "Check the disk", a process page's toolbox, the preamble) are
 * still commands a responder runs: read by their content (commands.ts), named by the sentence above them.
 */
function readStrayCommands(blocks: readonly Block[], parts: RunbookParts, source: SourceLines, title: string): void {
  const steps = readDiagnostics(blocks, source, parts.problems, { inline: true, reportIndented: false, title });
  if (steps.length === 0) return;
  append(parts.diagnostics, steps);
  const first = steps[0].source;
  if (first && !parts.found.has('diagnosis')) parts.found.set('diagnosis', first);
}

/**
 * A section the reader does not know is fine as prose ("## Background"), but one holding a table that nothing read
 * probably meant something: say which heading, at its line, and what headings are read, rather than only "no section
 * like …" at the top of the file. Its commands are read wherever they are (readStrayCommands).
 */
function reportUnknownSection(section: Section, parts: RunbookParts, source: SourceLines, levelsAt: number | undefined): void {
  const unread = section.blocks.some((block) => block.kind === 'table' && block.start !== levelsAt)
    || section.blocks.some((block) => block.kind === 'fence' && SHELLISH.has(block.language) && !isCommandFence(block));
  if (!unread) return;
  const holds = section.blocks.some((block) => block.kind === 'table' && block.start !== levelsAt) ? 'table' : 'code block';
  const heading = cellText(section.heading.inline.content);
  parts.problems.push(problemAt(source.linesRange(section.heading.start), 'info', 'unknown-section',
    `"${heading}" is not a section the reader knows, so its ${holds} is not read. Sections it reads: `
    + 'Severity Levels, Quick Diagnosis, Response Flow, Common Incidents, Communication Template, Escalation Path, Related Documents (and similar wording).'));
}

/** Fence languages that say "code to run" whatever their content. */
const SHELLISH = new Set(['bash', 'sh', 'shell', 'console', 'zsh']);

/** Charts placed outside their usual section still count: the first flowchart and the first sequence diagram anywhere. */
function readStrayCharts(allTopBlocks: readonly Block[], parts: RunbookParts, source: SourceLines): void {
  if (parts.flowchart && parts.sequence !== null) return;
  for (const fence of mermaidFences(allTopBlocks)) {
    if (!parts.flowchart && isFlowchartSource(fence.content)) parts.flowchart = fencePart(fence, source);
    if (parts.sequence === null && isSequenceSource(fence.content)) parts.sequence = trimTrailingNewlines(fence.content);
  }
}

/** Levels no classification section stated: a table, headings or a list of levels anywhere (levelShapes.ts). */
/** Levels no classification section stated, by their shape; returns the first line of what was read. */
function readLevelsByShape(blocks: readonly Block[], parts: RunbookParts, source: SourceLines): number | undefined {
  if (parts.levelRows.length > 0) return undefined;
  const reading = recogniseLevels(blocks, source);
  if (!reading) return undefined;
  append(parts.levelRows, reading.rows);
  append(parts.problems, reading.problems);
  if (!parts.sections.has('classification')) parts.found.set('classification', source.linesRange(reading.start, reading.end));
  return reading.start;
}

/**
 * What is recognised by its shape across the whole file, after the sections: a playbook's commands leave the runbook's
 * diagnostics (they are the playbook's steps), `- [ ]` items outside any known incident are the runbook's checklist,
 * cadence sentences, a template in an untagged block, escalation sentences when no table states any.
 */
function readByContent(blocks: readonly Block[], document: SplitDocument, parts: RunbookParts, source: SourceLines): void {
  const playbooks = parts.playbookRanges;
  if (playbooks.length > 0) {
    parts.diagnostics = parts.diagnostics.filter((step) => !within(step.source?.line ?? -1, playbooks));
  }
  const incidents = parts.incidents.map((incident) => incident.source).filter((range): range is SourceRange => range !== undefined);
  append(parts.checklist, checklistSteps(blocks, source, incidents));
  append(parts.cadenceRows, readCadence(blocks, source));
  if (!parts.template) {
    parts.template = templateByContent(blocks, source);
    if (parts.template?.source && !parts.found.has('template')) parts.found.set('template', parts.template.source);
  }
  if (parts.escalationRows.length === 0) {
    const prose = [...document.preamble, ...document.sections.filter((section) => section.kind === null).flatMap((section) => section.blocks)];
    const rows = readProseEscalation(prose, source, false).filter((row) => !within(row.source?.line ?? -1, incidents));
    append(parts.escalationRows, rows);
    if (rows[0]?.source && !parts.found.has('escalation')) parts.found.set('escalation', rows[0].source);
  }
}

/** Reads a Markdown runbook whose text is already normalised (and repaired) into parts. */
export function readMarkdownRunbook(text: string, path: string, source: SourceLines): RunbookParts {
  const parts = emptyParts(path, 'markdown', (line) => source.linesRange(line));
  const env: MarkdownEnv = {};
  const comments = blankHtmlComments(blankFrontMatter(text));
  if (comments.unclosedAt !== undefined) {
    const { line } = positionAt(lineStarts(text), comments.unclosedAt);
    parts.problems.push(problemAt(source.linesRange(line), 'warning', 'unclosed-comment',
      'This HTML comment (<!--) is never closed with -->: Markdown previews hide everything after it. Close it where the comment ends.'));
  }
  const blocks = readBlocks(markdown.parse(comments.text, env));
  const document = splitSections(blocks);
  if (document.title) parts.title = cellText(document.title.inline.content);
  readSinglePlaybook(document, parts, source);
  document.sections.forEach((section, index) => {
    // A single playbook's "## Diagnosis" is a part of its incident, not the runbook's Quick Diagnosis.
    const playbookPart = parts.singlePlaybook && isPartHeading(section.heading.inline.content);
    if (section.kind && !playbookPart && !parts.sections.has(section.kind)) parts.sections.set(section.kind, source.linesRange(section.heading.start));
    const sectionEnd = document.sections[index + 1]?.heading.start ?? source.lineCount;
    readSection(section, sectionEnd, parts, source, env);
  });
  readStrayCommands(document.preamble, parts, source, '');
  readStrayCharts(blocks, parts, source);
  readByContent(blocks, document, parts, source);
  const levelsAt = readLevelsByShape(blocks, parts, source);
  for (const section of document.sections) if (section.kind === null) reportUnknownSection(section, parts, source, levelsAt);
  parts.version = readVersion([...document.preamble, ...document.sections.flatMap((section) => section.blocks)]);
  return parts;
}

// Levels wherever a runbook states them, recognised by their shape rather than by the heading above them: a table
// with a column of level names (any column names, no heading needed), one heading per level (`## Priority 1 (P1) -
// High`, `### 1 - High Severity`) with its criteria under it, or a list of levels (`1. **Critical** - …`). Each
// candidate gets a confidence; heading words around it raise it, they never decide alone.
import { RunbookProblem } from '../model';
import { LevelName, levelNameAt, LevelRow } from '../levels';
import { parseDuration, parseResponseTime } from '../duration';
import { boldLabel, cellText, inlineText, splitList } from '../inline';
import { SourceLines } from '../text';
import { allBlocks, Block, HeadingBlock, ListItem } from './blocks';
import { levelColumnOf, levelRowsOfTable } from './classification';
import { sectionKindOf } from './sections';
import { tableShape } from './tables';

export type LevelShape = 'table' | 'headings' | 'list';

export interface LevelReading {
  shape: LevelShape;
  rows: LevelRow[];
  /** First line of what was read (the table, the first level heading, the list). */
  start: number;
  end: number;
  problems: RunbookProblem[];
  confidence: number;
}

/** What a labelled line under a level says: "Response: 15 minutes", "**What to do**: page the IC". */
type LevelField = 'response' | 'resolution' | 'action' | 'examples' | 'impact';

const FIELD_LABELS: ReadonlyArray<[LevelField, RegExp]> = [
  ['resolution', /resol|\bfix\b|restor/],
  ['response', /respon|acknowledg|\back\b|reaction|\bsla\b/],
  ['examples', /example/],
  ['action', /action|what to do|\bdo\b|\bwho\b|notify|page|escalat|process|procedure|handling|communicat/],
  ['impact', /impact|descri|criteria|definition|meaning|scope|when|symptom|condition/],
];

/** "respond within 15 minutes", "acknowledged within 1 hour", "resolved within 4 hours": a time a sentence states. */
const WITHIN = String.raw`[^.;\n]{0,40}?\bwithin\s+([^.;,\n]{1,40}?)(?=\s+(?:and|or|but|to|for|of|on|at|during|after|if|when|while)\b|[.;,\n]|$)`;
const RESPONSE_SENTENCE = new RegExp(String.raw`\b(?:respon\w*|acknowledg\w*|ack(?:ed)?|answer\w*|engag\w*)\b` + WITHIN, 'i');
const RESOLUTION_SENTENCE = new RegExp(String.raw`\b(?:resol\w*|fix\w*|restor\w*)\b` + WITHIN, 'i');

function fieldOf(label: string): LevelField | null {
  const words = label.toLowerCase();
  for (const [field, pattern] of FIELD_LABELS) if (pattern.test(words)) return field;
  return null;
}

/** A `Label: text` line, bold or plain; null when the line is not labelled. */
export function labelledLine(raw: string): { label: string; rest: string } | null {
  const bold = boldLabel(raw);
  if (bold && bold.colon) return { label: bold.label, rest: bold.rest };
  const plain = /^\s*([A-Za-z][A-Za-z /&'-]{0,40}?)\s*:(?:\s+(\S.*))?$/.exec(raw);
  return plain ? { label: plain[1], rest: plain[2] ?? '' } : null;
}

/** The lines of a level's body, in order: each paragraph line, each list item (nested ones too). */
function bodyLines(blocks: readonly Block[]): string[] {
  const lines: string[] = [];
  const fromItems = (items: readonly ListItem[]): void => {
    for (const item of items) {
      if (item.text.trim() !== '') lines.push(item.text.split('\n')[0]);
      for (const inner of item.blocks) if (inner.kind === 'list') fromItems(inner.items);
    }
  };
  for (const block of blocks) {
    if (block.kind === 'paragraph') for (const line of block.inline.content.split('\n')) lines.push(line);
    else if (block.kind === 'list') fromItems(block.items);
  }
  return lines;
}

/** A time stated in a sentence, by the pattern that finds it, as the text from "within" on; '' when none is. */
function statedTime(line: string, pattern: RegExp): string {
  const match = pattern.exec(line);
  if (!match) return '';
  return parseDuration(match[1]) === null && parseResponseTime(match[1]).responseKind === 'unknown' ? '' : match[1].trim();
}

/** One level from its name and the lines stated about it (labelled lines, criteria, time sentences). */
function levelFromLines(number: number, name: LevelName, lines: readonly string[], source: SourceLines, start: number, end: number): LevelRow {
  const row: LevelRow = { level: number, impact: '', response: '', examples: [], trigger: '', action: '', source: source.linesRange(start, end), name: name.name };
  const criteria: string[] = [];
  const actions: string[] = [];
  const apply = (field: LevelField, text: string): void => {
    if (field === 'response' && !row.response) row.response = text;
    else if (field === 'resolution' && !row.resolution) row.resolution = text;
    else if (field === 'examples') row.examples.push(...splitList(text));
    else if (field === 'action') actions.push(text);
    else if (field === 'impact') criteria.push(text);
  };
  for (const raw of lines) {
    const labelled = labelledLine(raw);
    const field = labelled ? fieldOf(labelled.label) : null;
    if (labelled && field) {
      const text = inlineText(labelled.rest);
      // "Response: page the IC" says what to do, not when.
      if (field === 'response' && parseResponseTime(text).responseKind === 'unknown') apply('action', text);
      else apply(field, text);
      continue;
    }
    const text = inlineText(raw);
    if (text === '') continue;
    const response = statedTime(text, RESPONSE_SENTENCE);
    const resolution = statedTime(text, RESOLUTION_SENTENCE);
    if (response) apply('response', response);
    if (resolution) apply('resolution', resolution);
    criteria.push(text);
  }
  row.impact = criteria.join('; ') || name.rest;
  row.action = actions.join('; ');
  if (!PLAIN_NAME.test(name.name)) row.name = name.name;
  else delete row.name;
  return row;
}

const PLAIN_NAME = /^(?:sev\s*(?:-\s*)?)?\d+$/i;

/** Level numbers as written: the names' own numbers, or, for severity words alone, their order (1 first). */
function numbered<T extends { name: LevelName }>(candidates: readonly T[]): Array<T & { number: number }> {
  const withNumbers = candidates.filter((candidate) => candidate.name.number !== null);
  if (withNumbers.length > 0) return withNumbers.map((candidate) => ({ ...candidate, number: candidate.name.number as number }));
  return candidates.map((candidate, index) => ({ ...candidate, number: index + 1 }));
}

/** Distinct levels in a run: "Critical: db down", "Critical: cache down" name alerts, not two levels. */
function distinctLevels(names: readonly LevelName[]): boolean {
  const seen = new Set(names.map((name) => (name.number !== null ? `#${name.number}` : name.name.toLowerCase())));
  return names.length >= 2 && seen.size === names.length;
}

/** The start of a text's first line: enough for a level name, and cheap on a hostile megabyte-long line. */
function firstLine(text: string): string {
  const head = text.slice(0, NAME_LOOKAHEAD);
  const end = head.indexOf('\n');
  return end === -1 ? head : head.slice(0, end);
}

const NAME_LOOKAHEAD = 200;

/** A heading that names a level. A number alone must come with a severity word ("1 - High Severity", not "1. Overview"). */
function headingLevel(heading: HeadingBlock): LevelName | null {
  const text = cellText(firstLine(heading.inline.content));
  const name = levelNameAt(text, true);
  if (!name) return null;
  if (/^\d+$/.test(name.name) && !/sever|priorit|critical|major|minor|high|medium|low|urgent|impact/i.test(name.rest)) return null;
  return name;
}

interface Context {
  /** The nearest heading above each top-level block (by index), for the confidence. */
  headingAbove: Array<HeadingBlock | null>;
}

/** Heading words above a candidate raise its confidence: "Severity Levels", "Priorities", "Classification". */
function contextBonus(heading: HeadingBlock | null): number {
  if (!heading) return 0;
  const text = cellText(heading.inline.content);
  return sectionKindOf(text) === 'classification' || /\blevels?\b/i.test(text) ? 2 : 0;
}

function hasTimes(rows: readonly LevelRow[]): boolean {
  return rows.some((row) => row.response !== '' && parseResponseTime(row.response).responseKind !== 'unknown');
}

function tableCandidates(blocks: readonly Block[], context: Context, source: SourceLines, found: LevelReading[]): void {
  blocks.forEach((block, index) => {
    for (const inner of allBlocks([block])) {
      if (inner.kind !== 'table' || tableShape(inner.header.cells) === 'escalation') continue;
      if (!levelColumnOf(inner.header.cells, inner.rows)) continue;
      const problems: RunbookProblem[] = [];
      const rows = levelRowsOfTable({ header: inner.header, rows: inner.rows }, source, problems);
      if (rows.length < 2) continue;
      const confidence = 3 + (hasTimes(rows) ? 1 : 0) + contextBonus(context.headingAbove[index]);
      found.push({ shape: 'table', rows, start: inner.start, end: inner.end, problems, confidence });
    }
  });
}

/** Runs of sibling headings (same depth, no shallower heading between) that each name a different level. */
function headingCandidates(blocks: readonly Block[], context: Context, source: SourceLines, found: LevelReading[]): void {
  const headings = blocks.map((block, index) => ({ block, index })).filter((entry): entry is { block: HeadingBlock; index: number } => entry.block.kind === 'heading');
  const bodyEnd = (position: number): number => {
    const { block } = headings[position];
    const next = headings.slice(position + 1).find((entry) => entry.block.depth <= block.depth);
    return next ? next.index : blocks.length;
  };
  let position = 0;
  while (position < headings.length) {
    const depth = headings[position].block.depth;
    const run: Array<{ position: number; name: LevelName }> = [];
    let scan = position;
    for (; scan < headings.length && headings[scan].block.depth >= depth; scan++) {
      if (headings[scan].block.depth !== depth) continue;
      const name = headingLevel(headings[scan].block);
      if (!name) break;
      run.push({ position: scan, name });
    }
    if (run.length >= 2 && distinctLevels(run.map((entry) => entry.name))) {
      const rows = numbered(run).map((entry) => {
        const { block, index } = headings[entry.position];
        const end = bodyEnd(entry.position);
        const body = blocks.slice(index + 1, end);
        const endLine = end < blocks.length ? blocks[end].start : (body[body.length - 1]?.end ?? block.end);
        return levelFromLines(entry.number, entry.name, bodyLines(body), source, block.start, Math.max(endLine, block.end));
      });
      const first = headings[run[0].position];
      const last = rows[rows.length - 1].source;
      const confidence = 2 + (hasTimes(rows) ? 1 : 0) + contextBonus(context.headingAbove[first.index]);
      found.push({ shape: 'headings', rows, start: first.block.start, end: (last?.endLine ?? first.block.end) + 1, problems: [], confidence });
    }
    position = Math.max(scan, position + 1);
  }
}

/** Lists whose items start with level names: `1. **Critical** - …`, `- **SEV1**: site down; respond within 15 min`. */
function listCandidates(blocks: readonly Block[], context: Context, source: SourceLines, found: LevelReading[]): void {
  blocks.forEach((block, index) => {
    if (block.kind !== 'list') return;
    const named = block.items
      .map((item) => ({ item, name: levelNameAt(cellText(firstLine(item.text)), false) }))
      .filter((entry): entry is { item: ListItem; name: LevelName } => entry.name !== null);
    if (named.length * 2 < block.items.length || !distinctLevels(named.map((entry) => entry.name))) return;
    const rows = numbered(named).map((entry) => {
      const [first, ...more] = entry.item.text.split('\n');
      const restLines = [levelNameAt(cellText(first), false)?.rest ?? entry.name.rest, ...more];
      return levelFromLines(entry.number, entry.name, [...restLines, ...bodyLines(entry.item.blocks)], source, entry.item.start, entry.item.end);
    });
    const confidence = 1 + (hasTimes(rows) ? 1 : 0) + contextBonus(context.headingAbove[index]);
    found.push({ shape: 'list', rows, start: block.start, end: block.end, problems: [], confidence });
  });
}

/**
 * The runbook's levels by shape, anywhere among `blocks` (the document's top-level blocks): the most confident
 * candidate, the first of equals. Null when nothing there has the shape of levels.
 */
export function recogniseLevels(blocks: readonly Block[], source: SourceLines): LevelReading | null {
  const headingAbove: Array<HeadingBlock | null> = [];
  let last: HeadingBlock | null = null;
  for (const block of blocks) {
    headingAbove.push(last);
    if (block.kind === 'heading') last = block;
  }
  const context: Context = { headingAbove };
  const found: LevelReading[] = [];
  tableCandidates(blocks, context, source, found);
  headingCandidates(blocks, context, source, found);
  listCandidates(blocks, context, source, found);
  let best: LevelReading | null = null;
  for (const candidate of found) {
    if (!best || candidate.confidence > best.confidence || (candidate.confidence === best.confidence && candidate.start < best.start)) best = candidate;
  }
  return best;
}

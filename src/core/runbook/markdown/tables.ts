// Tables in the classification and escalation sections. Real GFM tables come from markdown-it; a block that
// is meant as a table but is not valid GFM (no delimiter row, a delimiter row of the wrong width) reaches us as
// a paragraph of pipe lines, which we still read, with a problem saying why viewers will not show a table.
import { RunbookProblem } from '../model';
import { problemAt } from '../problems';
import { SourceLines } from '../text';
import { cellText } from '../inline';
import { Block, TableRow } from './blocks';

export interface Table {
  header: TableRow;
  rows: TableRow[];
}

/**
 * `| --- | :-: |`: every cell dashes with optional colons. Cell by cell, not one pattern over the line: the pattern's
 * optional spaces on both sides of each pipe made it quadratic on a row with a long run of spaces.
 */
function isDelimiterRow(line: string): boolean {
  if (!line.includes('-') || !/^[\s|:-]*$/.test(line)) return false;
  return splitTableRow(line).every((cell) => /^:?-+:?$/.test(cell));
}

/**
 * Cells read from one row. A level or escalation table has a handful of columns; a row of thousands of cells (a pasted
 * run of pipes) would only multiply every reader's work, so what lies past this many is not read, and a problem says so.
 */
export const MAX_TABLE_CELLS = 100;

/**
 * The cells of one table line, split at pipes that are not escaped (`\|`). It stops after MAX_TABLE_CELLS + 1 cells:
 * a row that long reads as over the cap (its last cell is not a cell as written).
 */
export function splitTableRow(line: string): string[] {
  let text = line.trim();
  if (text.startsWith('|')) text = text.slice(1);
  if (text.endsWith('|') && !text.endsWith('\\|')) text = text.slice(0, -1);
  const cells: string[] = [];
  let start = 0;
  for (let i = 0; i < text.length && cells.length <= MAX_TABLE_CELLS; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === '|') {
      cells.push(text.slice(start, i).trim());
      start = i + 1;
    }
  }
  if (cells.length <= MAX_TABLE_CELLS) cells.push(text.slice(start).trim());
  return cells;
}

/** "3 cells", or "over 100 cells" for a row past the cap. */
function cellCount(cells: readonly string[]): string {
  return cells.length > MAX_TABLE_CELLS ? `over ${MAX_TABLE_CELLS} cells` : `${cells.length} cells`;
}

/** A row's cells up to the cap; a row past it is reported at its line. */
function cappedRow(line: number, cells: string[], source: SourceLines, problems: RunbookProblem[]): TableRow {
  if (cells.length <= MAX_TABLE_CELLS) return { line, cells };
  problems.push(problemAt(source.linesRange(line), 'warning', 'table-row-cap',
    `This row has over ${MAX_TABLE_CELLS} cells; only the first ${MAX_TABLE_CELLS} are read.`));
  return { line, cells: cells.slice(0, MAX_TABLE_CELLS) };
}

function looksLikeTable(lines: readonly string[]): boolean {
  const piped = lines.filter((line) => line.trim().startsWith('|')).length;
  return lines.length >= 2 && piped >= 2 && piped * 3 >= lines.length * 2;
}

function whyNotATable(lines: readonly string[]): string {
  const delimiter = lines.findIndex((line) => isDelimiterRow(line));
  if (delimiter === -1) return 'it has no delimiter row (| --- | --- |) under the header';
  if (delimiter !== 1) return 'the delimiter row (| --- | --- |) must come right under the header';
  return `the delimiter row has ${cellCount(splitTableRow(lines[1]))} but the header has ${cellCount(splitTableRow(lines[0]))}`;
}

/** Reads a paragraph of pipe lines as a table; null when it does not look like one. */
function lenientTable(start: number, end: number, source: SourceLines, problems: RunbookProblem[]): Table | null {
  const lines: string[] = [];
  for (let line = start; line < end; line++) lines.push(source.lineText(line));
  if (!looksLikeTable(lines)) return null;
  problems.push(problemAt(source.linesRange(start, end), 'warning', 'malformed-table',
    `This is not a valid Markdown table (${whyNotATable(lines)}); it was read anyway, but Markdown viewers show it as plain text.`));
  const rows: TableRow[] = [];
  lines.forEach((text, index) => {
    if (text.trim() !== '' && !isDelimiterRow(text)) rows.push(cappedRow(start + index, splitTableRow(text), source, problems));
  });
  const header = rows.shift();
  return header ? { header, rows } : null;
}

/** Reports rows whose width differs from the header's: markdown-it pads or cuts them silently. */
function checkRowWidths(table: Table, source: SourceLines, problems: RunbookProblem[]): void {
  const width = table.header.cells.length;
  for (const row of table.rows) {
    const written = splitTableRow(source.lineText(row.line));
    if (written.length === width) continue;
    const consequence = written.length > width ? 'the extra cells are ignored' : 'the missing cells are read as empty';
    problems.push(problemAt(source.linesRange(row.line), 'warning', 'table-row-cells',
      `This row has ${cellCount(written)} but the header has ${width}; ${consequence}.`));
  }
}

/** The tables among a section's top-level blocks, valid or not, in order. */
export function tablesIn(blocks: readonly Block[], source: SourceLines, problems: RunbookProblem[]): Table[] {
  const tables: Table[] = [];
  for (const block of blocks) {
    if (block.kind === 'table') {
      const table = { header: block.header, rows: block.rows };
      checkRowWidths(table, source, problems);
      tables.push(table);
    } else if (block.kind === 'paragraph' && block.inline.content.includes('|')) {
      const table = lenientTable(block.start, block.end, source, problems);
      if (table) tables.push(table);
    }
  }
  return tables;
}

/**
 * Column index per field, by header words first, then by position for fields still unplaced. Fields are matched
 * in the order given, so put the most specific first.
 */
export function columnsOf<Field extends string>(
  header: readonly string[],
  fields: ReadonlyArray<[Field, RegExp, number]>,
): Record<Field, number> {
  const names = header.map((cell) => cellText(cell).toLowerCase());
  const taken = new Set<number>();
  const columns = {} as Record<Field, number>;
  for (const [field, pattern] of fields) {
    const index = names.findIndex((name, i) => !taken.has(i) && pattern.test(name));
    columns[field] = index;
    if (index !== -1) taken.add(index);
  }
  for (const [field, , position] of fields) {
    if (columns[field] !== -1 || position >= names.length || taken.has(position)) continue;
    const claimedByName = fields.some(([, pattern]) => pattern.test(names[position]));
    if (claimedByName) continue;
    columns[field] = position;
    taken.add(position);
  }
  return columns;
}

/** The cell of a row at a column, as plain text ('' when the column or cell is missing). */
export function cellAt(row: TableRow, column: number): string {
  return column >= 0 && column < row.cells.length ? cellText(row.cells[column]) : '';
}

export type TableShape = 'levels' | 'escalation';

/**
 * What a table's columns say it is. Who to call (Contact, Who, Owner…) without anything about impact or
 * response is an escalation table; the rest are level tables (an Owner column beside Impact stays one).
 */
export function tableShape(header: readonly string[]): TableShape {
  const names = header.map((cell) => cellText(cell).toLowerCase());
  const saysWho = names.some((name) => /contact|\bwho\b|owner|person|notify|\bpage\b|on-?call/.test(name));
  const saysImpact = names.some((name) => /impact|respon|example|\bsla\b|descri|definition/.test(name));
  return saysWho && !saysImpact ? 'escalation' : 'levels';
}

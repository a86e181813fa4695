// The classification section: the level table and the mermaid triage flowchart.
import { LevelNumber, RunbookProblem } from '../model';
import { LevelRow, levelInCell, levelNameAt } from '../levels';
import { parseResponseTime } from '../duration';
import { FlowchartPart } from '../parts';
import { problemAt } from '../problems';
import { SourceLines, trimTrailingNewlines } from '../text';
import { cellText, splitList } from '../inline';
import { Block, FenceBlock, TableRow } from './blocks';
import { cellAt, columnsOf, Table, tablesIn } from './tables';

type LevelColumn = 'examples' | 'resolution' | 'action' | 'response' | 'impact' | 'trigger' | 'level';

const LEVEL_COLUMNS: ReadonlyArray<[LevelColumn, RegExp, number]> = [
  ['examples', /example/, 3],
  // "| Time to resolve | Time to respond |" is a table teams write: the two are told apart.
  ['resolution', /resol|\bfix\b|restor/, -1],
  // What to do or who does it ("Who responds", "What to do", "Actions"), not a time.
  ['action', /action|what to do|\bwho\b|procedure|handling|\bsteps\b/, -1],
  ['response', /respon|\bsla\b|\back|time/, 2],
  ['impact', /impact|descri|definition|meaning|criteria|scope|condition|symptom/, 1],
  ['trigger', /trigger/, -1],
  ['level', /\bsev|severity|level|priority|\bprio\b|^p$|classif|\bname\b|\btier\b/, 0],
];

/** What a level column's cells are: named levels (SEV1, P2), numbers alone (`**1**`), or severity words alone. */
type LevelCells = 'named' | 'numbers' | 'words';

/**
 * The column of the table that names its levels, and how: at least two rows, and two in three of them, name a level
 * there. A column of numbers alone counts only under a level-like header ("SEV", "Level"): a table of counts is no
 * level table. -1 when no column does.
 */
export function levelColumnOf(header: readonly string[], rows: readonly TableRow[]): { column: number; cells: LevelCells } | null {
  const headerNames = header.map((cell) => cellText(cell).toLowerCase());
  const levelHeader = LEVEL_COLUMNS.find(([field]) => field === 'level')?.[1];
  let best: { column: number; cells: LevelCells; score: number } | null = null;
  for (let column = 0; column < header.length; column++) {
    const namedHeader = levelHeader?.test(headerNames[column]) ?? false;
    let named = 0;
    let words = 0;
    let filled = 0;
    for (const row of rows) {
      const text = cellAt(row, column);
      if (text === '') continue;
      filled++;
      const found = levelNameAt(text, namedHeader);
      if (found?.number !== null && found !== null) named++;
      else if (found) words++;
    }
    const hits = Math.max(named, words);
    if (hits < 2 && !(namedHeader && hits === filled && hits > 0) || hits * 3 < filled * 2) continue;
    const cells: LevelCells = named >= words ? (namedHeader ? 'numbers' : 'named') : 'words';
    const score = hits + (namedHeader ? rows.length : 0);
    if (!best || score > best.score) best = { column, cells, score };
  }
  return best && { column: best.column, cells: best.cells };
}

/** True when any of the rows states a time in the column. */
function columnHasTimes(rows: readonly TableRow[], column: number): boolean {
  return column >= 0 && rows.some((row) => parseResponseTime(cellAt(row, column)).responseKind !== 'unknown');
}

/**
 * The level rows of a table. The level column is the one that names levels (see levelColumnOf), whatever its
 * header says; numbers come from the names (SEV0, P2), or, for severity words alone ("Critical", "Major"), from the
 * order the rows are written in. A "response" column that states no time anywhere says what to do ("Page the
 * IC", "JIRA ticket"): it is the levels' action, and no level gets a clock from it.
 */
export function levelRowsOfTable(table: Table, source: SourceLines, problems: RunbookProblem[]): LevelRow[] {
  const columns = columnsOf(table.header.cells, LEVEL_COLUMNS);
  const found = levelColumnOf(table.header.cells, table.rows);
  if (found) {
    if (columns.level !== found.column) for (const field of Object.keys(columns) as LevelColumn[]) if (columns[field] === found.column) columns[field] = -1;
    columns.level = found.column;
  }
  const bareNumbers = found?.cells !== 'named';
  if (!columnHasTimes(table.rows, columns.response) && columns.response !== -1) {
    const responseNamed = /respon|\bsla\b|\back|time/.test(cellText(table.header.cells[columns.response] ?? '').toLowerCase());
    if (responseNamed && columns.action === -1) columns.action = columns.response;
    columns.response = -1;
  }
  const rows: LevelRow[] = [];
  let ordinal = 0;
  for (const row of table.rows) {
    const range = source.linesRange(row.line);
    const levelText = cellAt(row, columns.level);
    const name = found?.cells === 'words' ? levelNameAt(levelText, false) : null;
    const level = found?.cells === 'words' ? (name ? ++ordinal : null) : levelNumberInCell(levelText, bareNumbers);
    if (level === null) {
      if (row.cells.some((cell) => cell.trim() !== '')) {
        problems.push(problemAt(range, 'warning', 'unparseable-row',
          `Cannot tell which level this row is ("${levelText}"); put the level number (1, **1**, SEV1) in the SEV column.`));
      }
      continue;
    }
    const levelRow: LevelRow = {
      level,
      impact: cellAt(row, columns.impact),
      response: cellAt(row, columns.response),
      examples: splitList(cellAt(row, columns.examples)),
      trigger: cellAt(row, columns.trigger),
      action: cellAt(row, columns.action),
      source: range,
    };
    if (!PLAIN_LEVEL.test(levelText)) levelRow.name = levelText;
    const resolution = cellAt(row, columns.resolution);
    if (resolution) levelRow.resolution = resolution;
    rows.push(levelRow);
  }
  return rows;
}

/** A level written as the model's own id would be ("1", "SEV1", "SEV-1"): no name to keep beside it. */
const PLAIN_LEVEL = /^(?:sev\s*(?:-\s*)?)?\d+$/i;

/** The level a cell of a numbered level column names: SEV1, P2, or (under a level header) a number alone. */
function levelNumberInCell(text: string, bareNumbers: boolean): LevelNumber | null {
  const found = levelNameAt(text, bareNumbers);
  if (found && found.number !== null) return found.number;
  return bareNumbers ? levelInCell(text) : null;
}

/** The level rows of the section's first table. */
export function readLevelRows(blocks: readonly Block[], source: SourceLines, problems: RunbookProblem[]): LevelRow[] {
  const table = tablesIn(blocks, source, problems)[0];
  return table ? levelRowsOfTable(table, source, problems) : [];
}

export function isFlowchartSource(content: string): boolean {
  return /^\s*(?:%%[^\n]*\n\s*)*(?:graph|flowchart)\b/i.test(content);
}

export function isSequenceSource(content: string): boolean {
  return /^\s*(?:%%[^\n]*\n\s*)*sequenceDiagram\b/.test(content);
}

export function fencePart(fence: FenceBlock, source: SourceLines): FlowchartPart {
  return {
    source: trimTrailingNewlines(fence.content),
    range: source.linesRange(fence.start, fence.end),
    firstLine: fence.start + 1,
  };
}

/** The section's flowchart: its first mermaid flowchart, else its first mermaid block of any kind (reported later). */
export function readFlowchart(blocks: readonly Block[], source: SourceLines): FlowchartPart | null {
  const mermaid = blocks.filter((block): block is FenceBlock => block.kind === 'fence' && block.language === 'mermaid');
  const chosen = mermaid.find((fence) => isFlowchartSource(fence.content)) ?? mermaid[0];
  return chosen ? fencePart(chosen, source) : null;
}

// The classification section: the level table and the mermaid triage flowchart.
import { RunbookProblem } from '../model';
import { LevelRow, levelInCell } from '../levels';
import { FlowchartPart } from '../parts';
import { problemAt } from '../problems';
import { SourceLines } from '../text';
import { splitList } from '../inline';
import { Block, FenceBlock } from './blocks';
import { cellAt, columnsOf, tablesIn } from './tables';

type LevelColumn = 'examples' | 'response' | 'impact' | 'trigger' | 'action' | 'level';

const LEVEL_COLUMNS: ReadonlyArray<[LevelColumn, RegExp, number]> = [
  ['examples', /example/, 3],
  // Not a time to resolve: "| Time to resolve | Time to respond |" is a table teams write.
  ['response', /^(?!.*resol).*(respon|\bsla\b|\back|time)/, 2],
  ['impact', /impact|descri|definition|meaning|criteria|scope/, 1],
  ['trigger', /trigger/, -1],
  ['action', /action/, -1],
  ['level', /\bsev|severity|level|priority|\bprio\b|^p$/, 0],
];

/** The level rows of the section's first table. */
export function readLevelRows(blocks: readonly Block[], source: SourceLines, problems: RunbookProblem[]): LevelRow[] {
  const table = tablesIn(blocks, source, problems)[0];
  if (!table) return [];
  const columns = columnsOf(table.header.cells, LEVEL_COLUMNS);
  const rows: LevelRow[] = [];
  for (const row of table.rows) {
    const range = source.linesRange(row.line);
    const levelText = cellAt(row, columns.level);
    const level = levelInCell(levelText);
    if (level === null) {
      if (row.cells.some((cell) => cell.trim() !== '')) {
        problems.push(problemAt(range, 'warning', 'unparseable-row',
          `Cannot tell which level this row is ("${levelText}"); put the level number (1, **1**, SEV1) in the SEV column.`));
      }
      continue;
    }
    rows.push({
      level,
      impact: cellAt(row, columns.impact),
      response: cellAt(row, columns.response),
      examples: splitList(cellAt(row, columns.examples)),
      trigger: cellAt(row, columns.trigger),
      action: cellAt(row, columns.action),
      source: range,
    });
  }
  return rows;
}

export function isFlowchartSource(content: string): boolean {
  return /^\s*(?:%%[^\n]*\n\s*)*(?:graph|flowchart)\b/i.test(content);
}

export function isSequenceSource(content: string): boolean {
  return /^\s*(?:%%[^\n]*\n\s*)*sequenceDiagram\b/.test(content);
}

export function fencePart(fence: FenceBlock, source: SourceLines): FlowchartPart {
  return {
    source: fence.content.replace(/\n+$/, ''),
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

// The escalation path section: a Level | Contact | When table. The "When" rules are read later, against the levels.
import { RunbookProblem } from '../model';
import { EscalationRow } from '../parts';
import { SourceLines } from '../text';
import { Block } from './blocks';
import { cellAt, columnsOf, tablesIn } from './tables';

type EscalationColumn = 'level' | 'contact' | 'when';

const ESCALATION_COLUMNS: ReadonlyArray<[EscalationColumn, RegExp, number]> = [
  ['when', /when|trigger|condition|criteria|after|time/, 2],
  ['level', /level|tier|stage|step/, 0],
  ['contact', /contact|who|owner|team|person|role|name|notify|escalate/, 1],
];

export function readEscalationRows(blocks: readonly Block[], source: SourceLines, problems: RunbookProblem[]): EscalationRow[] {
  const table = tablesIn(blocks, source, problems)[0];
  if (!table) return [];
  const columns = columnsOf(table.header.cells, ESCALATION_COLUMNS);
  return table.rows
    .filter((row) => row.cells.some((cell) => cell.trim() !== ''))
    .map((row) => ({
      level: cellAt(row, columns.level),
      contact: cellAt(row, columns.contact),
      when: cellAt(row, columns.when),
      source: source.linesRange(row.line),
    }));
}

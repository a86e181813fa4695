// The escalation path section: a Level | Contact | When table. The "When" rules are read later, against the levels.
import { RunbookProblem } from '../model';
import { EscalationRow } from '../parts';
import { SourceLines } from '../text';
import { Block, TableRow } from './blocks';
import { cellText } from '../inline';
import { cellAt, columnsOf, tablesIn } from './tables';

type EscalationColumn = 'level' | 'contact' | 'when' | 'reach';

const ESCALATION_COLUMNS: ReadonlyArray<[EscalationColumn, RegExp, number]> = [
  ['when', /when|trigger|condition|criteria|after|time/, 2],
  ['level', /level|tier|stage|step/, 0],
  // Before contact: "Reach via", "Channel", "Email", "Phone" say how, not who.
  ['reach', /^(?!.*(?:contact|who)).*(?:reach|\bvia\b|channel|e-?mail|phone|slack|pager|\bhow\b)/, -1],
  ['contact', /contact|who|owner|team|person|role|name|notify|escalate/, 1],
];

/**
 * `[Alice](mailto:alice@example.com)`. The text excludes `[` as well as `]`: with only `]` excluded, each `[` of a long
 * run without a closing bracket rescanned the rest of the cell (a 5 MB cell of `[` took minutes).
 */
const MAIL_OR_PHONE_LINK = /\[([^[\]]+)\]\((?:mailto|tel):([^)\s]+)\)/g;

/**
 * Who to call, with how when the table says it: a link's address is kept (`[Alice](mailto:alice@example.com)`
 * is "Alice <alice@example.com>", not "Alice"), and a separate how-column joins it in parentheses.
 */
function contactOf(row: TableRow, contactColumn: number, reachColumn: number): string {
  const withAddresses = (column: number): string =>
    column >= 0 && column < row.cells.length ? cellText(row.cells[column].replace(MAIL_OR_PHONE_LINK, '$1 <$2>')) : '';
  const who = withAddresses(contactColumn);
  const how = withAddresses(reachColumn);
  return how && who ? `${who} (${how})` : who || how;
}

export function readEscalationRows(blocks: readonly Block[], source: SourceLines, problems: RunbookProblem[]): EscalationRow[] {
  const table = tablesIn(blocks, source, problems)[0];
  if (!table) return [];
  const columns = columnsOf(table.header.cells, ESCALATION_COLUMNS);
  return table.rows
    .filter((row) => row.cells.some((cell) => cell.trim() !== ''))
    .map((row) => ({
      level: cellAt(row, columns.level),
      contact: contactOf(row, columns.contact, columns.reach),
      when: cellAt(row, columns.when),
      source: source.linesRange(row.line),
    }));
}

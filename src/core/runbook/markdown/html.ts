// HTML tables inside a Markdown runbook. VS Code's preview renders a `<table>` block, so a team that wrote its levels
// as one expects them read; htmlparser2 reads the HTML (entities, unclosed cells, attributes, case) as a browser
// would, which a pattern over the text would not.
import { Parser } from 'htmlparser2';
import { TableBlock, TableRow } from './blocks';

const CELL = new Set(['td', 'th']);
/** Tags that separate words inside a cell (`A<br>B` is "A B", not "AB"). */
const BREAKS = new Set(['br', 'p', 'div', 'li']);

/** Line of each offset, for the rows' lines: the offsets come in ascending order, so one forward scan serves them all. */
function lineCounter(text: string, firstLine: number): (offset: number) => number {
  let at = 0;
  let line = firstLine;
  return (offset: number): number => {
    for (; at < offset && at < text.length; at++) if (text.charCodeAt(at) === 10) line++;
    return line;
  };
}

/**
 * The tables in an HTML fragment whose first line is `firstLine` of the file, one TableBlock each: the first row is
 * the header (whether its cells are `th` or `td`), the rest are rows. Nested tables are read as their own tables.
 */
export function tablesInHtml(html: string, firstLine: number, endLine: number): TableBlock[] {
  const lineOf = lineCounter(html, firstLine);
  interface Open { rows: TableRow[]; row: TableRow | null; cell: string[] | null; start: number }
  const stack: Open[] = [];
  const tables: TableBlock[] = [];
  const parser = new Parser({
    onopentag(name) {
      const table = stack[stack.length - 1];
      if (name === 'table') stack.push({ rows: [], row: null, cell: null, start: lineOf(parser.startIndex) });
      else if (!table) return;
      else if (name === 'tr') {
        table.row = { line: lineOf(parser.startIndex), cells: [] };
        table.rows.push(table.row);
      } else if (CELL.has(name)) {
        if (!table.row) {
          table.row = { line: lineOf(parser.startIndex), cells: [] };
          table.rows.push(table.row);
        }
        table.cell = [];
      } else if (BREAKS.has(name)) table.cell?.push(' ');
    },
    ontext(text) {
      stack[stack.length - 1]?.cell?.push(text);
    },
    onclosetag(name) {
      const table = stack[stack.length - 1];
      if (!table) return;
      if (CELL.has(name) && table.cell && table.row) {
        table.row.cells.push(table.cell.join('').replace(/\s+/g, ' ').trim());
        table.cell = null;
      } else if (name === 'tr') table.row = null;
      else if (name === 'table') {
        stack.pop();
        const rows = table.rows.filter((row) => row.cells.length > 0);
        const header = rows.shift();
        if (header) tables.push({ kind: 'table', header, rows, start: table.start, end: Math.max(lineOf(parser.endIndex) + 1, table.start + 1), html: true });
      }
    },
  }, { decodeEntities: true, lowerCaseTags: true });
  parser.write(html);
  parser.end();
  // A table the fragment never closes ends with it.
  for (const table of tables) table.end = Math.min(table.end, endLine);
  return tables;
}

/** True when the fragment opens a table it does not close (markdown-it ends an HTML block at a blank line). */
export function opensUnclosedTable(html: string): boolean {
  const lower = html.toLowerCase();
  const opened = lower.lastIndexOf('<table');
  return opened !== -1 && lower.indexOf('</table', opened) === -1;
}

// markdown-it's flat token stream as a small tree of the blocks a runbook reader cares about. Block
// quotes are see-through (teams put CRITICAL notes in them); an HTML block's tables are tables (html.ts), the
// rest of its HTML and rules are skipped; indented code is a fence of its own language (INDENTED_CODE), which no
// reader runs.
import MarkdownIt from 'markdown-it';
import { opensUnclosedTable, tablesInHtml } from './html';

type Token = MarkdownIt.Token;

export interface HeadingBlock {
  kind: 'heading';
  depth: number;
  inline: Token;
  start: number;
  end: number;
}

export interface ParagraphBlock {
  kind: 'paragraph';
  inline: Token;
  start: number;
  end: number;
}

export interface FenceBlock {
  kind: 'fence';
  /** First word of the info string, lower-cased: "bash", "mermaid", "". */
  language: string;
  content: string;
  start: number;
  end: number;
}

export interface TableRow {
  line: number;
  /** Raw Markdown of each cell. */
  cells: string[];
}

export interface TableBlock {
  kind: 'table';
  header: TableRow;
  rows: TableRow[];
  start: number;
  end: number;
  /** Written as an HTML `<table>`: its cells are plain text already. */
  html?: boolean;
}

export interface ListItem {
  start: number;
  end: number;
  /** Raw Markdown of the item's first paragraph, '' when it has none. */
  text: string;
  /** The inline token of that paragraph, for links. */
  inline: Token | null;
  blocks: Block[];
}

export interface ListBlock {
  kind: 'list';
  ordered: boolean;
  items: ListItem[];
  start: number;
  end: number;
}

/** The language of a FenceBlock that was indented code, not a ``` fence. */
export const INDENTED_CODE = '(indented)';

export type Block = HeadingBlock | ParagraphBlock | FenceBlock | TableBlock | ListBlock;

function mapOf(token: Token): [number, number] {
  return token.map ?? [0, 0];
}

/** Index of the token that closes the one opened at `open`. */
function closingIndex(tokens: readonly Token[], open: number, limit: number): number {
  let depth = 0;
  for (let i = open; i < limit; i++) {
    depth += tokens[i].nesting;
    if (depth === 0) return i;
  }
  return limit - 1;
}

function readTable(tokens: readonly Token[], open: number, close: number): TableBlock {
  const rows: TableRow[] = [];
  let row: TableRow | null = null;
  for (let i = open; i < close; i++) {
    const token = tokens[i];
    if (token.type === 'tr_open') {
      row = { line: mapOf(token)[0], cells: [] };
      rows.push(row);
    } else if (token.type === 'inline' && row) {
      row.cells.push(token.content);
    }
  }
  const [start, end] = mapOf(tokens[open]);
  const header = rows.shift() ?? { line: start, cells: [] };
  // A row with nothing in it (where a comment line was: see invisible.ts) is no row.
  return { kind: 'table', header, rows: rows.filter((r) => r.cells.some((cell) => cell.trim() !== '')), start, end };
}

function readList(tokens: readonly Token[], open: number, close: number): ListBlock {
  const items: ListItem[] = [];
  for (let i = open + 1; i < close; i++) {
    if (tokens[i].type !== 'list_item_open') continue;
    const itemClose = closingIndex(tokens, i, close);
    const blocks = readBlocks(tokens, i + 1, itemClose);
    const first = blocks[0];
    const [start, end] = mapOf(tokens[i]);
    items.push({
      start,
      end,
      text: first?.kind === 'paragraph' ? first.inline.content : '',
      inline: first?.kind === 'paragraph' ? first.inline : null,
      blocks: first?.kind === 'paragraph' ? blocks.slice(1) : blocks,
    });
    i = itemClose;
  }
  const [start, end] = mapOf(tokens[open]);
  return { kind: 'list', ordered: tokens[open].type === 'ordered_list_open', items, start, end };
}

/**
 * The tables of the HTML block at `open`, and the index after what they took. markdown-it ends an HTML block at a
 * blank line, so a table written with blank lines between its rows continues in the HTML blocks that follow.
 */
function readHtmlTables(tokens: readonly Token[], open: number, to: number, blocks: Block[]): number {
  const [start] = mapOf(tokens[open]);
  let html = tokens[open].content;
  let end = mapOf(tokens[open])[1];
  let next = open + 1;
  while (opensUnclosedTable(html) && next < to && tokens[next].type === 'html_block') {
    const [nextStart, nextEnd] = mapOf(tokens[next]);
    html += '\n'.repeat(Math.max(nextStart - end, 0)) + tokens[next].content;
    end = nextEnd;
    next++;
  }
  if (html.toLowerCase().includes('<table')) for (const table of tablesInHtml(html, start, end)) blocks.push(table);
  return next;
}

/** The blocks among tokens[from..to), nested lists included. */
export function readBlocks(tokens: readonly Token[], from = 0, to = tokens.length): Block[] {
  const blocks: Block[] = [];
  let i = from;
  while (i < to) {
    const token = tokens[i];
    switch (token.type) {
      case 'heading_open': {
        const [start, end] = mapOf(token);
        blocks.push({ kind: 'heading', depth: Number(token.tag.slice(1)) || 1, inline: tokens[i + 1], start, end });
        i += 3;
        break;
      }
      case 'paragraph_open': {
        const [start, end] = mapOf(token);
        blocks.push({ kind: 'paragraph', inline: tokens[i + 1], start, end });
        i += 3;
        break;
      }
      case 'code_block': {
        // Indented code: no language, and nothing marks it as commands. Kept as a fence of its own kind
        // so the readers can say why it is not run (see INDENTED_CODE).
        const [start, end] = mapOf(token);
        blocks.push({ kind: 'fence', language: INDENTED_CODE, content: token.content, start, end });
        i++;
        break;
      }
      case 'fence': {
        const [start, end] = mapOf(token);
        const language = token.info.trim().split(/\s+/)[0].replace(/^\{?\.?|\}$/g, '').toLowerCase();
        blocks.push({ kind: 'fence', language, content: token.content, start, end });
        i++;
        break;
      }
      case 'table_open': {
        const close = closingIndex(tokens, i, to);
        blocks.push(readTable(tokens, i, close));
        i = close + 1;
        break;
      }
      case 'bullet_list_open':
      case 'ordered_list_open': {
        const close = closingIndex(tokens, i, to);
        blocks.push(readList(tokens, i, close));
        i = close + 1;
        break;
      }
      case 'html_block': {
        i = readHtmlTables(tokens, i, to, blocks);
        break;
      }
      case 'blockquote_open': {
        const close = closingIndex(tokens, i, to);
        for (const inner of readBlocks(tokens, i + 1, close)) blocks.push(inner);
        i = close + 1;
        break;
      }
      default:
        i++;
    }
  }
  return blocks;
}

/** Every block, depth first (list items' blocks included), in document order. */
export function* allBlocks(blocks: readonly Block[]): Generator<Block> {
  for (const block of blocks) {
    yield block;
    if (block.kind === 'list') for (const item of block.items) yield* allBlocks(item.blocks);
  }
}

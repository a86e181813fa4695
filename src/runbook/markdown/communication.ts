// The communication template, the escalation table and the related-documents links.
import MarkdownIt from 'markdown-it';
import { RelatedLink, RunbookProblem, StatusTemplate } from '../model';
import { EscalationRow } from '../parts';
import { parseTemplateFields } from '../template';
import { SourceLines } from '../text';
import { cellText, inlineText } from '../inline';
import { allBlocks, Block, FenceBlock } from './blocks';
import { cellAt, columnsOf, tablesIn } from './tables';

type Token = MarkdownIt.Token;

const TEMPLATE_LANGUAGES = new Set(['markdown', 'md', 'text', 'txt', 'plaintext', '']);

/** The template: the section's first Markdown (or unlabelled) code block, else the section's own text when it has `**Field**:` lines. */
export function readTemplate(blocks: readonly Block[], source: SourceLines, sectionEnd: number): StatusTemplate | null {
  const fence = [...allBlocks(blocks)].find((block): block is FenceBlock => block.kind === 'fence' && TEMPLATE_LANGUAGES.has(block.language));
  if (fence) {
    const text = fence.content.replace(/\n+$/, '');
    return { fields: parseTemplateFields(text), text, source: source.linesRange(fence.start, fence.end) };
  }
  if (blocks.length === 0) return null;
  const start = blocks[0].start;
  const text = source.lines.slice(start, sectionEnd).join('\n').trim();
  const fields = parseTemplateFields(text);
  return fields.length > 0 ? { fields, text, source: source.linesRange(start, sectionEnd) } : null;
}

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

const parser = new MarkdownIt();

/** Links in one inline token; parsed on demand when the token has no children. */
function linksOf(inline: Token): RelatedLink[] {
  const children = inline.children && inline.children.length > 0 ? inline.children : parser.parseInline(inline.content, {})[0]?.children ?? [];
  const links: RelatedLink[] = [];
  let open: { href: string; text: string } | null = null;
  for (const child of children) {
    if (child.type === 'link_open') open = { href: String(child.attrGet('href') ?? ''), text: '' };
    else if (child.type === 'link_close' && open) {
      links.push({ text: open.text.trim() || open.href, href: open.href });
      open = null;
    } else if (open && (child.type === 'text' || child.type === 'code_inline')) open.text += child.content;
  }
  if (links.length === 0) {
    const url = /\bhttps?:\/\/[^\s)>\]]+/.exec(inline.content);
    if (url) links.push({ text: inlineText(inline.content.replace(url[0], '')).replace(/[\s:–—-]+$/, '') || url[0], href: url[0] });
  }
  return links;
}

export function readLinks(blocks: readonly Block[]): RelatedLink[] {
  const links: RelatedLink[] = [];
  for (const block of allBlocks(blocks)) {
    if (block.kind === 'paragraph') links.push(...linksOf(block.inline));
    if (block.kind === 'list') for (const item of block.items) if (item.inline) links.push(...linksOf(item.inline));
  }
  return links;
}

/** Cheap first look, so only likely lines are turned into plain text. */
const MAYBE_VERSION = /^[\s*_]*v/i;
const VERSION_LINE = /^v(?:ersion)?\s*:?\s*(\d+(?:\.\d+)*)\b/i;

/** The version from a closing line like `*Version 2.0 | January 2025 | Platform team*`; the last such line wins. */
export function readVersion(blocks: readonly Block[]): string | null {
  let version: string | null = null;
  for (const block of blocks) {
    if (block.kind !== 'paragraph' || !MAYBE_VERSION.test(block.inline.content)) continue;
    const match = VERSION_LINE.exec(cellText(block.inline.content));
    if (match) version = match[1];
  }
  return version;
}

// Related documents (links, by markdown-it's inline parser) and the closing version line.
import MarkdownIt from 'markdown-it';
import { RelatedLink } from '../model';
import { cellText, inlineText } from '../inline';
import { allBlocks, Block } from './blocks';

type Token = MarkdownIt.Token;
/** What markdown-it's block pass leaves for the inline pass: link reference definitions. */
export type MarkdownEnv = Record<string, unknown>;

const parser = new MarkdownIt();

/**
 * Links in one inline token, by markdown-it's inline parser (run here, on demand, since the block pass skips inline
 * parsing). `env` carries the file's link reference definitions, so `[text][ref]` links resolve too.
 */
function linksOf(inline: Token, env: MarkdownEnv): RelatedLink[] {
  const children = inline.children && inline.children.length > 0 ? inline.children : parser.parseInline(inline.content, env)[0]?.children ?? [];
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

export function readLinks(blocks: readonly Block[], env: MarkdownEnv): RelatedLink[] {
  const links: RelatedLink[] = [];
  for (const block of allBlocks(blocks)) {
    if (block.kind === 'paragraph') links.push(...linksOf(block.inline, env));
    if (block.kind === 'list') for (const item of block.items) if (item.inline) links.push(...linksOf(item.inline, env));
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

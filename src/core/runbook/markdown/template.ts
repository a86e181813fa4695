// The communication template section: its fenced Markdown block, or its own text when written inline.
import { StatusTemplate } from '../model';
import { parseTemplateFields } from '../template';
import { SourceLines, trimTrailingNewlines } from '../text';
import { allBlocks, Block, FenceBlock, INDENTED_CODE } from './blocks';

// An indented block is a template too: nothing in it runs.
const TEMPLATE_LANGUAGES = new Set(['markdown', 'md', 'text', 'txt', 'plaintext', '', INDENTED_CODE]);

/** The template: the section's first Markdown (or unlabelled) code block, else the section's own text when it has `**Field**:` lines. */
export function readTemplate(blocks: readonly Block[], source: SourceLines, sectionEnd: number): StatusTemplate | null {
  const fence = [...allBlocks(blocks)].find((block): block is FenceBlock => block.kind === 'fence' && TEMPLATE_LANGUAGES.has(block.language));
  if (fence) {
    const text = trimTrailingNewlines(fence.content);
    return { fields: parseTemplateFields(text), text, source: source.linesRange(fence.start, fence.end) };
  }
  if (blocks.length === 0) return null;
  const start = blocks[0].start;
  const text = source.lines.slice(start, sectionEnd).join('\n').trim();
  const fields = parseTemplateFields(text);
  return fields.length > 0 ? { fields, text, source: source.linesRange(start, sectionEnd) } : null;
}
